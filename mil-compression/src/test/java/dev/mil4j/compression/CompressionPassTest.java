package dev.mil4j.compression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.op.SimpleInferenceContext;
import dev.mil4j.core.pass.PassContext;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.StandardOps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The compression passes on a program of two weights (fp16 [64, 64] used by linear, fp16 [8, 8] below the size
 * threshold): the big one becomes the expected constexpr op of the opset, whose value inference reconstructs
 * exactly what the report measured; the small one stays.
 */
class CompressionPassTest {
    private static final OpRegistry OPS = StandardOps.newRegistry();
    private static final WeightSelection FROM_1024 = WeightSelection.defaults().withMinElements(1024);

    enum Case {
        INT8_SYMMETRIC(new LinearQuantizationPass(new QuantizationOptions(DType.INT8, true,
                QuantizationOptions.Granularity.PER_CHANNEL, 0, FROM_1024)), "constexpr_affine_dequantize",
                "constexpr_blockwise_shift_scale", 35),
        UINT8_AFFINE(new LinearQuantizationPass(new QuantizationOptions(DType.UINT8, false,
                QuantizationOptions.Granularity.PER_TENSOR, 0, FROM_1024)), "constexpr_affine_dequantize",
                "constexpr_blockwise_shift_scale", 35),
        KMEANS4(new PalettizationPass(new PalettizationOptions(4, PalettizationOptions.Mode.KMEANS, 0, FROM_1024)),
                "constexpr_lut_to_dense", "constexpr_lut_to_dense", 18),
        UNIFORM2(new PalettizationPass(new PalettizationOptions(2, PalettizationOptions.Mode.UNIFORM, 0, FROM_1024)),
                "constexpr_lut_to_dense", "constexpr_lut_to_dense", 1), // 4 levels over a Gaussian's whole range
        PRUNE50(new PruningPass(PruningOptions.magnitude(0.5, FROM_1024)), "constexpr_sparse_to_dense",
                "constexpr_sparse_to_dense", 5),
        PRUNE_2_OF_4(new PruningPass(PruningOptions.nOfM(2, 4, FROM_1024)), "constexpr_sparse_to_dense",
                "constexpr_sparse_to_dense", 5);

        final CompressionPass pass;
        final String ios16;
        final String ios18;
        final double minSnrDb;

        Case(CompressionPass pass, String ios16, String ios18, double minSnrDb) {
            this.pass = pass;
            this.ios16 = ios16;
            this.ios18 = ios18;
            this.minSnrDb = minSnrDb;
        }
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void compressesTheBigWeightAndReportsItsError(Case c) {
        for (Opset opset : List.of(Opset.IOS16, Opset.IOS18)) {
            Program p = program(opset);
            TensorValue dense = weight(p, "w").orElseThrow();
            c.pass.run(p, PassContext.withDefaults(OPS));
            assertThat(Verifier.verify(p)).isEmpty();

            Operation op = ops(p).stream().filter(o -> o.def().isConstexpr()).findFirst().orElseThrow();
            assertThat(op.type()).isEqualTo(opset == Opset.IOS16 ? c.ios16 : c.ios18);
            assertThat(weight(p, "small")).as("the small weight stays").isPresent();
            TensorValue back = decompress(op);
            assertThat(back.type()).isEqualTo(dense.type());

            WeightReport r = c.pass.reports().get(0);
            assertThat(r.weight()).isEqualTo("w");
            assertThat(r.compressed()).isTrue();
            assertThat(r.bytesAfter()).isLessThan(r.bytesBefore());
            assertThat(r.snrDb()).as("SNR of %s at %s", c, opset).isGreaterThan(c.minSnrDb);
            float[] exact = dense.toFloatArray();
            assertThat(r.maxAbsError()).isEqualTo(Weights.maxAbsError(exact, back.toFloatArray()));
        }
    }

    @Test
    void refusesFunctionsBeforeIos16AndSkipsWhatTheOpsetCannotExpress() {
        assertThatThrownBy(() -> Case.KMEANS4.pass.run(program(Opset.IOS15), PassContext.withDefaults(OPS)))
                .isInstanceOf(TypeException.class).hasMessageContaining("needs iOS16");
        LinearQuantizationPass int4 = new LinearQuantizationPass(new QuantizationOptions(DType.INT4, true,
                QuantizationOptions.Granularity.PER_BLOCK, 16, FROM_1024));
        Program p = program(Opset.IOS16);
        int4.run(p, PassContext.withDefaults(OPS));
        assertThat(int4.reports().get(0).op()).contains("needs iOS18");
        assertThat(weight(p, "w")).isPresent();
    }

    @Test
    void kmeansFindsWellSeparatedClustersExactly() {
        float[] w = new float[4 * 999]; // each center with offsets -1, 0, +1 (times 1/16) equally often
        float[] centers = {-1f, -0.25f, 0.5f, 2f};
        for (int i = 0; i < w.length; i++) {
            w[i] = centers[i % 4] + ((i / 4) % 3 - 1) * 0.0625f;
        }
        float[] c = KMeans1d.centroids(KMeans1d.Histogram.of(w), 4);
        assertThat(c).containsExactly(centers);
    }

    @Test
    void selectsByConsumingOpType() {
        Program p = program(Opset.IOS16);
        PruningPass convOnly = new PruningPass(PruningOptions.magnitude(0.5,
                new WeightSelection(1024, Set.of("conv"), Set.of())));
        convOnly.run(p, PassContext.withDefaults(OPS));
        assertThat(convOnly.reports()).isEmpty();
        assertThat(weight(p, "w")).isPresent();
    }

    private static Program program(Opset opset) {
        Program p = new Program();
        LinkedHashMap<String, dev.mil4j.core.types.ValueType> in = new LinkedHashMap<>();
        in.put("x", dev.mil4j.core.types.TensorType.of(DType.FP16, 1, 64));
        Builder b = Builder.atEnd(p.addFunction("main", opset, in).body(), OPS).folding(false);
        Random random = new Random(3);
        double[] big = new double[64 * 64];
        for (int i = 0; i < big.length; i++) {
            big[i] = random.nextGaussian() * 0.1;
        }
        Var w = b.constant(TensorValue.fromDoubles(DType.FP16, Shape.of(64, 64), big), "w");
        Var y = b.op("linear").input("x", b.function().inputs().get(0)).input("weight", w).output();
        double[] small = new double[64];
        Var s = b.constant(TensorValue.fromDoubles(DType.FP16, Shape.of(8, 8), small), "small");
        List<Var> outs = new ArrayList<>(List.of(y, b.op("identity").input("x", s).output()));
        b.function().setOutputs(outs);
        return p;
    }

    private static java.util.Optional<TensorValue> weight(Program p, String name) {
        return ops(p).stream().filter(o -> o.name().equals(name))
                .flatMap(o -> o.output().value().stream()).findFirst();
    }

    private static List<Operation> ops(Program p) {
        List<Operation> out = new ArrayList<>();
        p.main().body().operations().forEach(out::add);
        return out;
    }

    private static TensorValue decompress(Operation op) {
        SimpleInferenceContext.Builder ctx = SimpleInferenceContext.of(op.def());
        op.inputs().forEach((name, vars) -> ctx.input(name, vars.get(0).value().orElseThrow()));
        return op.def().inferValues(ctx.build()).orElseThrow().get(0);
    }
}
