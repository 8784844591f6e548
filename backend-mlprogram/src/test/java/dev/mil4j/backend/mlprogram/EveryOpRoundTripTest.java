package dev.mil4j.backend.mlprogram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.pass.common.Blocks;
import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.text.MilParser;
import dev.mil4j.core.text.MilPrinter;
import dev.mil4j.core.text.MilSyntaxException;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.ControlFlowOps;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.ReductionOps;
import dev.mil4j.ops.ActivationOps;
import dev.mil4j.ops.NnOps;
import dev.mil4j.ops.StandardOps;
import dev.mil4j.ops.TensorOps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every op of the standard op set survives MIL -> .mlpackage -> MIL: the MIL text of the project's golden files (the
 * op-specific passes' before/after programs and the frontends' converted models, which cover most ops) and one
 * program built here with the ops they miss, each written, read back and printed identically.
 */
class EveryOpRoundTripTest {
    private static final OpRegistry OPS = StandardOps.newRegistry();
    private static final Path ROOT = TestData.repositoryRoot();

    @TempDir
    Path tmp;

    @Test
    void everyStandardOpRoundTrips() throws IOException {
        List<Program> programs = new ArrayList<>(goldenPrograms());
        programs.add(theRest());
        programs.add(iOS18Ops());
        programs.add(compressionOps(Opset.IOS16));
        programs.add(compressionOps(Opset.IOS18));
        TreeSet<String> covered = new TreeSet<>();
        MlPackageCodec backend = new MlPackageCodec();
        int i = 0;
        for (Program p : programs) {
            Path out = tmp.resolve("p" + i++ + ".mlpackage");
            String text = MilPrinter.print(p);
            backend.writeUnchecked(p, out, MlProgramOptions.defaults());
            String back = MilPrinter.print(backend.read(out, OPS));
            assertThat(back).as("round trip of program %d, first difference: %s", i - 1, firstDifference(text, back))
                    .isEqualTo(text);
            for (var block : Blocks.all(p)) {
                block.operations().forEach(op -> covered.add(op.type()));
            }
        }
        assertThat(programs.size()).isGreaterThan(40);
        TreeSet<String> missing = new TreeSet<>(OPS.names());
        missing.removeAll(covered);
        assertThat(missing).as("standard ops without a round-trip test").isEmpty();
    }

    private static String firstDifference(String a, String b) {
        String[] x = a.split("\n");
        String[] y = b.split("\n");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (!x[i].equals(y[i])) {
                return "line " + (i + 1) + ":\n  " + x[i] + "\nbecame\n  " + y[i];
            }
        }
        return "lengths " + x.length + " and " + y.length;
    }

    /**
     * The project's golden MIL files that print constants in full and use only standard ops (not the fuzz tests'
     * corpora, which are hostile on purpose).
     */
    private static List<Program> goldenPrograms() throws IOException {
        List<Program> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".mil") && p.toString().contains("src/test/resources")
                    && !p.toString().contains("/target/")
                    // fuzzers' seed inputs are malformed on purpose
                    && !p.toString().contains("FuzzTestInputs")).sorted().toList()) {
                String text = Files.readString(f);
                if (text.contains(" elements>") || f.getFileName().toString().endsWith(".ops.mil")) {
                    continue; // printed with elided or omitted constants: not parseable by design
                }
                try {
                    out.add(MilParser.parse(text, OPS));
                } catch (MilSyntaxException e) {
                    if (!e.getMessage().contains("unknown op")) {
                        throw new AssertionError(f + ": " + e.getMessage(), e);
                    }
                    // a test plugin's custom op (e.g. the ONNX custom-domain test): not a standard op
                }
            }
        }
        return out;
    }

    /** The iOS18-only ops and iOS17 forms (slice_update, boxes-last non_maximum_suppression) in an iOS18 program. */
    private static Program iOS18Ops() {
        Program p = new Program();
        Map<String, ValueType> in = new LinkedHashMap<>();
        in.put("x", TensorType.of(DType.FP32, 2, 3));
        Builder b = Builder.atEnd(p.addFunction("main", Opset.IOS18, in).body(), OPS).folding(false);
        Var x = b.function().inputs().get(0);
        Var update = b.constant(TensorValue.ofFloats(Shape.of(1, 3), 7, 8, 9));
        Var updated = TensorOps.sliceUpdate(b, x, update, new int[] {1, 0}, new int[] {2, 3});
        List<Var> nms = b.op("non_maximum_suppression")
                .input("boxes", b.constant(TensorValue.ofFloats(Shape.of(1, 4, 2), 0, 5, 0, 5, 2, 2, 2, 2)))
                .input("scores", b.constant(TensorValue.ofFloats(Shape.of(1, 1, 2), 0.9f, 0.8f)))
                .input("iou_threshold", TensorValue.scalar(0.5f)).input("max_boxes", TensorValue.scalar(2))
                .outputs();
        List<Var> outs = new ArrayList<>(List.of(updated, TensorOps.reverse(b, updated)));
        outs.addAll(nms);
        b.function().setOutputs(outs);
        assertThat(Verifier.verify(p)).isEmpty();
        return p;
    }

    /**
     * The {@code constexpr_*} ops of weight compression, whose constant inputs the writer puts inside the op
     * (attributes before iOS18, binding values from iOS18 on) and the reader gives back as consts named
     * {@code OP_INPUT}; large ones go to the weight file, sub-byte ones packed.
     */
    private static Program compressionOps(Opset opset) {
        Program p = new Program();
        Builder b = Builder.atEnd(p.addFunction("main", opset, new LinkedHashMap<>()).body(), OPS).folding(false);
        List<Var> outs = new ArrayList<>();
        outs.add(constexpr(b, "constexpr_affine_dequantize", "q",
                "quantized_data", TensorValue.fromLongs(DType.INT8, Shape.of(4, 3), 1, -2, 3, 4, 5, 6, 7, 8, 9, 10,
                        11, -12),
                "zero_point", TensorValue.fromLongs(DType.INT8, Shape.of(4), 0, 1, 0, -1),
                "scale", TensorValue.fromDoubles(DType.FP16, Shape.of(4), 0.5, 0.25, 1, 2),
                "axis", TensorValue.scalar(0)));
        outs.add(constexpr(b, "constexpr_cast", "c", "source_val",
                TensorValue.fromDoubles(DType.FP16, Shape.of(2), 1.5, -2), "output_dtype", TensorValue.scalar("fp32")));
        long[] indices = new long[24];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = (i * 7) % 4;
        }
        TensorValue lut = TensorValue.fromDoubles(DType.FP16, Shape.of(4), -1, -0.5, 0.5, 1);
        if (opset == Opset.IOS16) {
            outs.add(constexpr(b, "constexpr_lut_to_dense", "l",
                    "indices", TensorValue.fromLongs(DType.UINT8, Shape.of(6), 0x1b, 0x6c, 0xb1, 0xc6, 0x1b, 0x6c),
                    "lut", lut, "shape", TensorValue.fromLongs(DType.UINT32, Shape.of(2), 2, 12)));
            outs.add(constexpr(b, "constexpr_sparse_to_dense", "s",
                    "nonzero_data", TensorValue.ofFloats(Shape.of(3), 1, 2, 3),
                    "mask", TensorValue.fromLongs(DType.UINT8, Shape.of(2), 0x81, 0x10),
                    "shape", TensorValue.fromLongs(DType.UINT32, Shape.of(2), 4, 4)));
        } else {
            outs.add(constexpr(b, "constexpr_blockwise_shift_scale", "bq",
                    "data", TensorValue.fromLongs(DType.INT4, Shape.of(2, 4), -8, -1, 0, 7, 1, 2, 3, 4),
                    "scale", TensorValue.fromDoubles(DType.FP16, Shape.of(2, 2), 0.5, 1, 2, 4),
                    "offset", TensorValue.fromLongs(DType.INT4, Shape.of(2, 2), 0, 1, -1, 0)));
            outs.add(constexpr(b, "constexpr_lut_to_dense", "l",
                    "indices", TensorValue.fromLongs(DType.UINT2, Shape.of(2, 12), indices),
                    "lut", lut.reshape(Shape.of(1, 1, 4, 1))));
            TensorValue mask = TensorValue.fromLongs(DType.UINT1, Shape.of(2, 3), 1, 0, 1, 1, 0, 0);
            List<Var> q = b.op("constexpr_sparse_blockwise_shift_scale").name("sq")
                    .input("data_mask", b.constant(mask, "sq_data_mask"))
                    .input("nonzero_data", b.constant(TensorValue.fromLongs(DType.UINT4, Shape.of(3), 1, 15, 7),
                            "sq_nonzero_data"))
                    .input("scale", b.constant(TensorValue.fromDoubles(DType.FP16, Shape.of(1, 3), 1, 2, 3),
                            "sq_scale"))
                    .outputs();
            outs.add(b.op("constexpr_sparse_to_dense").name("sd").input("mask", q.get(0))
                    .input("nonzero_data", q.get(1)).output());
            List<Var> l = b.op("constexpr_lut_to_sparse").name("ls")
                    .input("indices_mask", b.constant(mask, "ls_indices_mask"))
                    .input("indices_nonzero_data", b.constant(TensorValue.fromLongs(DType.UINT1, Shape.of(3), 1, 0, 1),
                            "ls_indices_nonzero_data"))
                    .input("lut", b.constant(TensorValue.ofFloats(Shape.of(1, 1, 2, 1), -3, 3), "ls_lut")).outputs();
            outs.add(b.op("constexpr_sparse_to_dense").name("ld").input("mask", l.get(0))
                    .input("nonzero_data", l.get(1)).output());
            // a vector palette (entries of 3 along axis 1) and a quantized table dequantized into the lookup
            outs.add(constexpr(b, "constexpr_lut_to_dense", "v",
                    "indices", TensorValue.fromLongs(DType.UINT1, Shape.of(2, 2, 2), 0, 0, 1, 0, 1, 1, 0, 0),
                    "lut", TensorValue.ofFloats(Shape.of(1, 1, 1, 2, 3), 1, 2, 3, 4, 5, 6),
                    "vector_axis", TensorValue.scalar(1)));
            Var table = constexpr(b, "constexpr_blockwise_shift_scale", "qt_lut",
                    "data", TensorValue.fromLongs(DType.INT8, Shape.of(2, 1, 2, 1), -127, 127, -64, 64),
                    "scale", TensorValue.fromDoubles(DType.FP16, Shape.of(2, 1, 1, 1), 0.5, 0.25));
            outs.add(b.op("constexpr_lut_to_dense").name("qt")
                    .input("indices", b.constant(TensorValue.fromLongs(DType.UINT1, Shape.of(4, 2), 0, 1, 1, 0, 1, 1,
                            0, 0), "qt_indices"))
                    .input("lut", table).output());
        }
        b.function().setOutputs(outs);
        assertThat(Verifier.verify(p)).isEmpty();
        return p;
    }

    // a constexpr op named `name` whose inputs are consts named as the reader names inlined values
    private static Var constexpr(Builder b, String type, String name, Object... inputs) {
        var op = b.op(type).name(name);
        for (int i = 0; i < inputs.length; i += 2) {
            String input = (String) inputs[i];
            op.input(input, b.constant((TensorValue) inputs[i + 1], name + "_" + input));
        }
        return op.output();
    }

    /** A program with the standard ops that the golden files do not use. */
    private static Program theRest() {
        Program p = new Program();
        Map<String, ValueType> in = new LinkedHashMap<>();
        in.put("x", TensorType.of(DType.FP32, 1, 4, 4, 4));
        in.put("v", TensorType.of(DType.FP32, 2, 3));
        // no folding: ops with constant inputs (fill, range_1d, list_length of a fixed list) stay ops
        Builder b = Builder.atEnd(p.addFunction("main", Opset.IOS15, in).body(), OPS).folding(false);
        Var x = b.function().inputs().get(0);
        Var v = b.function().inputs().get(1);
        List<Var> outs = new ArrayList<>();
        for (var unary : List.<java.util.function.BiFunction<Builder, Var, Var>>of(MathOps::exp2, MathOps::tan,
                ActivationOps::silu, MathOps::acos, MathOps::asin, MathOps::atan, MathOps::atanh, MathOps::cosh,
                MathOps::sinh, ActivationOps::relu, MathOps::inverse)) {
            outs.add(unary.apply(b, v));
        }
        outs.add(MathOps.threshold(b, v, 0.5));
        outs.add(ActivationOps.thresholdedRelu(b, v, 0.5));
        outs.add(ActivationOps.clampedRelu(b, v, 0.1, 6));
        outs.add(ActivationOps.scaledTanh(b, v, 1.5, 0.5));
        outs.add(ActivationOps.linearActivation(b, v, 2, 1));
        outs.add(ActivationOps.prelu(b, x, TensorValue.ofFloats(Shape.of(4), 0.1f, 0.2f, 0.3f, 0.4f)));
        outs.add(ActivationOps.softplusParametric(b, x, TensorValue.ofFloats(Shape.of(4), 1, 2, 3, 4),
                TensorValue.ofFloats(Shape.of(4), 0.5f, 0.5f, 0.5f, 0.5f)));
        outs.add(ReductionOps.reduceL1Norm(b, v, new int[] {1}, false));
        outs.add(ReductionOps.reduceLogSum(b, v, new int[] {1}, true));
        Var positive = MathOps.greater(b, v, b.constant(TensorValue.scalar(0f)));
        outs.add(MathOps.logicalXor(b, positive, positive));
        outs.add(MathOps.fill(b, b.constant(TensorValue.vector(2, 2)), TensorValue.scalar(1.5f)));
        outs.add(MathOps.range1d(b, b.constant(TensorValue.scalar(0f)), b.constant(TensorValue.scalar(3f)),
                b.constant(TensorValue.scalar(1f))));
        outs.add(MathOps.randomUniform(b, b.constant(TensorValue.vector(2, 3)), -1f, 1f, 7));
        outs.add(MathOps.randomNormal(b, b.constant(TensorValue.vector(2, 3)), 0f, 2f, -1));
        outs.add(NnOps.einsum(b, "nchw,nwhu->nchu", x, x));
        outs.add(NnOps.l2Pool(b, x, new int[] {2, 2}, new int[] {2, 2}, "valid"));
        outs.add(NnOps.l2Norm(b, x, 1e-6));
        outs.add(NnOps.upsampleBilinear(b, x, 2f, 2f, false));
        outs.add(NnOps.pixelShuffle(b, x, 2));
        outs.add(NnOps.cropResize(b, x, b.constant(TensorValue.ofFloats(Shape.of(1, 1, 5, 1, 1), 0, 0, 0, 1, 1)),
                2, 2, "CORNERS_HEIGHT_FIRST", "ALIGN_CORNERS"));
        outs.add(NnOps.resample(b, x, b.constant(TensorValue.ofFloats(Shape.of(1, 2, 2, 2), -1, -1, 0, 0, 0.5f, -0.5f,
                1, 1)), "bilinear", "symmetric", "normalized_minus_one_to_one", false));
        Var idx = b.constant(TensorValue.ofInts(Shape.of(2, 1), 0, 1));
        outs.add(TensorOps.gatherAlongAxis(b, v, idx, 1));
        outs.add(TensorOps.scatter(b, v, b.constant(TensorValue.vector(1)), b.constant(
                TensorValue.ofFloats(Shape.of(1, 3), 7, 8, 9)), 0, "update"));
        outs.add(TensorOps.scatterAlongAxis(b, v, idx, b.constant(TensorValue.ofFloats(Shape.of(2, 1), 5, 6)), 1,
                "add"));
        outs.add(TensorOps.argsort(b, v, -1, true));
        outs.add(TensorOps.flatten2d(b, x, 2));
        outs.add(TensorOps.bandPart(b, v, 0, 1));
        Var tuples = b.constant(TensorValue.ofInts(Shape.of(2, 2), 1, 2, 0, 0));
        outs.add(TensorOps.gatherNd(b, v, tuples));
        outs.add(TensorOps.scatterNd(b, v, tuples, b.constant(TensorValue.ofFloats(Shape.of(2), 5, 6)), "update"));
        outs.add(TensorOps.reverse(b, v, 1));
        outs.add(TensorOps.reverseSequence(b, v, b.constant(TensorValue.vector(3, 1)), 1, 0));
        outs.add(TensorOps.slidingWindows(b, x, 2, 2, 2));
        outs.add(NnOps.crop(b, x, 1, 0, 0, 1));
        outs.add(NnOps.resizeNearestNeighbor(b, x, 8, 6));
        Var batched = NnOps.spaceToBatch(b, x, 2, 2, new int[] {0, 0, 0, 0});
        outs.add(NnOps.batchToSpace(b, batched, 2, 2, new int[] {0, 0, 0, 0}));
        TensorOps.Nms nms = TensorOps.nonMaximumSuppression(b, b.constant(TensorValue.ofFloats(Shape.of(1, 2, 4),
                0, 0, 2, 2, 5, 5, 2, 2)), b.constant(TensorValue.ofFloats(Shape.of(1, 2, 1), 0.9f, 0.8f)), 0.5f, 0.1f,
                2, false);
        outs.addAll(List.of(nms.boxes(), nms.scores(), nms.indices(), nms.count()));
        Var list = ControlFlowOps.makeList(b, TensorType.of(DType.FP32, 3), 2, false);
        Var zero = b.constant(TensorValue.scalar(0));
        list = ControlFlowOps.listWrite(b, list, zero, ReductionOps.reduceSum(b, v, new int[] {0}, false));
        list = ControlFlowOps.listScatter(b, list, b.constant(TensorValue.vector(1)),
                b.constant(TensorValue.ofFloats(Shape.of(1, 3), 1, 2, 3)));
        outs.add(ControlFlowOps.listRead(b, list, zero));
        outs.add(ControlFlowOps.listGather(b, list, b.constant(TensorValue.vector(0, 1))));
        outs.add(ControlFlowOps.listLength(b, list));
        List<Var> loop = ControlFlowOps.whileLoop(b, List.of(zero),
                (inner, vars) -> List.of(MathOps.less(inner, vars.get(0), inner.constant(TensorValue.scalar(3)))),
                (inner, vars) -> List.of(MathOps.add(inner, vars.get(0), inner.constant(TensorValue.scalar(1)))));
        outs.add(loop.get(0));
        b.function().setOutputs(outs);
        assertThat(Verifier.verify(p)).isEmpty();
        return p;
    }
}
