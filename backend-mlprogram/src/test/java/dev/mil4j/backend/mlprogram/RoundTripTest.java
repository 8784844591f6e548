package dev.mil4j.backend.mlprogram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.diag.Location;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.testing.RandomPrograms;
import dev.mil4j.core.testing.TestOps;
import dev.mil4j.core.text.MilPrinter;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.spec.MlPackage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** MIL -> .mlpackage -> MIL prints the same program. */
class RoundTripTest {
    private static final OpRegistry OPS = TestOps.registry();

    private final MlPackageCodec backend = new MlPackageCodec();

    @TempDir
    Path tmp;

    @Test
    void handBuiltProgramWithControlFlowSymbolsLocationsAndConstantsOfEveryDtype() throws IOException {
        Program program = handBuilt(Opset.IOS15, "main");
        assertThat(backend.check(program)).noneMatch(Diagnostic::isError);

        Path out = tmp.resolve("hand.mlpackage");
        backend.write(program, out, MlProgramOptions.defaults());
        Program back = backend.read(out, OPS);

        assertThat(MilPrinter.print(back)).isEqualTo(MilPrinter.print(program));
        assertThat(MlPackage.read(out).model().getSpecificationVersion()).isEqualTo(6);
    }

    @Test
    void twoFunctionsAtIos18() throws IOException {
        Program program = handBuilt(Opset.IOS18, "main");
        Function second = program.addFunction("second", Opset.IOS18,
                Map.of("z", TensorType.of(DType.FP32, Dim.symbol("N"))));
        Builder b = Builder.atEnd(second.body(), OPS);
        second.setOutputs(List.of(b.op("relu").input("x", second.inputs().get(0)).name("r").output()));
        assertThat(backend.check(program)).noneMatch(Diagnostic::isError);

        Path out = tmp.resolve("two.mlpackage");
        backend.write(program, out, MlProgramOptions.defaults());

        assertThat(MilPrinter.print(backend.read(out, OPS))).isEqualTo(MilPrinter.print(program));
        var model = MlPackage.read(out).model();
        assertThat(model.getSpecificationVersion()).isEqualTo(9);
        assertThat(model.getMlProgram().getFunctionsMap().get("second").getOpset()).isEqualTo("CoreML8");
        assertThat(model.getDescription().getFunctionsList()).extracting(f -> f.getName())
                .containsExactly("main", "second");
        assertThat(model.getDescription().getDefaultFunctionName()).isEqualTo("main");
    }

    @Test
    void withoutDebugInfoLocationsAreDroppedAndSymbolsRenamed() {
        Program program = handBuilt(Opset.IOS15, "main");
        Path out = tmp.resolve("plain.mlpackage");
        backend.write(program, out, MlProgramOptions.builder().debugInfo(false).build());

        String text = MilPrinter.print(backend.read(out, OPS));

        assertThat(text).doesNotContain("@(\"torch\"").contains("%x: fp32[s0, 4]");
    }

    static LongStream seeds() {
        return LongStream.range(0, 120);
    }

    /**
     * Random programs have a bool model input, which Core ML cannot take ({@code check} rejects it), so they go
     * through the writer without the check: the MIL.proto encoding is what is tested here.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void randomPrograms(long seed) {
        Program program = RandomPrograms.generate(seed, OPS);
        Path out = tmp.resolve("random" + seed + ".mlpackage");

        backend.writeUnchecked(program, out, MlProgramOptions.defaults());

        assertThat(MilPrinter.print(backend.read(out, OPS))).isEqualTo(MilPrinter.print(program));
    }

    /**
     * A program over TestOps: symbolic dims (one minted by type inference), a cond with nested blocks, locations,
     * op names, constants of every dtype.
     */
    static Program handBuilt(Opset opset, String name) {
        Program program = new Program();
        program.setAttribute("producer", "mil4j tests");
        Map<String, ValueType> inputs = new LinkedHashMap<>();
        inputs.put("x", TensorType.of(DType.FP32, Dim.symbol("B"), Dim.of(4)));
        inputs.put("flag", TensorType.of(DType.INT32, 1));
        Function f = program.addFunction(name, opset, inputs);
        Var x = f.inputs().get(0);
        Builder b = Builder.atEnd(f.body(), OPS);
        Var w = b.constant(TensorValue.ofFloats(Shape.of(4), 1.5f, -2f, 0.25f, 3f), "w");
        b.constant(TensorValue.fromDoubles(DType.FP32, Shape.of(3, 4), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), "big");
        b.at(new Location("torch", "aten::add", "model.add", "code/model.py", 12));
        Var sum = b.op("add").input("x", x).input("y", w).name("sum").output();
        b.at(Location.of("torch", "aten::mul\twith\ttabs\\and\nnewline"));
        Var prod = b.op("mul").input("x", sum).input("y", w).name("prod_op").outputNames(List.of("prod"))
                .output();
        b.at(Location.UNKNOWN);
        Var pred = b.constant(TensorValue.scalar(true), "pred");
        Var branch = b.op("cond").input("pred", pred)
                .block(Map.of(), (inner, args) -> List.of(inner.op("relu").input("x", prod).name("inside")
                        .location(Location.of("onnx", "Relu_7")).output()))
                .block(Map.of(), (inner, args) -> List.of(prod))
                .name("branch").output();
        List<Var> top = b.op("topk").input("x", branch).input("k", TensorValue.scalar(2)).name("top").outputs();
        b.constant(TensorValue.fromDoubles(DType.FP16, Shape.of(2, 6), 0.5, -1, 65504, 1e-7, 3, 4, 5, 6, 7, 8, 9,
                10), "half");
        b.constant(TensorValue.fromLongs(DType.INT8, Shape.of(12), -128, 127, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9), "i8");
        b.constant(TensorValue.fromLongs(DType.UINT8, Shape.of(3), 0, 200, 255), "u8");
        b.constant(TensorValue.fromLongs(DType.INT16, Shape.of(2), -30000, 30000), "i16");
        b.constant(TensorValue.fromLongs(DType.UINT16, Shape.of(2), 0, 65535), "u16");
        b.constant(TensorValue.fromLongs(DType.INT64, Shape.of(2), Long.MIN_VALUE, Long.MAX_VALUE), "i64");
        b.constant(TensorValue.ofDoubles(Shape.of(2), Math.PI, -0.0), "f64");
        b.constant(TensorValue.ofStrings(Shape.of(2), "fp16", "a \"quoted\" string"), "strings");
        b.constant(TensorValue.ofInts(Shape.of(0)), "empty");
        Var nonZero = b.op("non_zero").input("x", prod).name("nz").output(); // a run-time size: a minted symbol
        f.setOutputs(List.of(top.get(0), top.get(1), nonZero));
        return program;
    }
}
