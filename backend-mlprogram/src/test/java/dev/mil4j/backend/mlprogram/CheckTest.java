package dev.mil4j.backend.mlprogram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.diag.Severity;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.testing.TestOps;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.DimBound;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.spec.MlPackage;
import dev.mil4j.spec.proto.ArrayFeatureType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The other problems {@code check} finds before anything is written, and the model description it leads to. */
class CheckTest {
    private static final OpRegistry OPS = TestOps.registry();

    private final MlPackageCodec backend = new MlPackageCodec();

    @TempDir
    Path tmp;

    private static Program program(String fn, Opset opset, Map<String, ValueType> inputs, boolean passThrough) {
        Program program = new Program();
        Function f = program.addFunction(fn, opset, inputs);
        Builder b = Builder.atEnd(f.body(), OPS);
        f.setOutputs(List.of(passThrough ? f.inputs().get(0)
                : b.op("relu").input("x", f.inputs().get(0)).name("y").output()));
        return program;
    }

    private static List<String> errors(List<Diagnostic> ds) {
        return ds.stream().filter(Diagnostic::isError).map(Diagnostic::render).toList();
    }

    @Test
    void interfaceDtypesCoreMlCannotDescribe() {
        Map<String, ValueType> in = new LinkedHashMap<>();
        in.put("x", TensorType.of(DType.FP16, 2));
        in.put("p", TensorType.scalar(DType.BOOL));

        List<String> errors = errors(backend.check(program("main", Opset.IOS15, in, false)));

        assertThat(errors).hasSize(3);
        assertThat(errors.get(0)).contains("input `x` of function `main` has dtype fp16, but ML Program inputs must"
                + " be fp32 or int32 (fp16 from iOS16 on)").contains("raise the minimum deployment target to iOS16");
        assertThat(errors.get(1)).contains("input `p` of function `main` has dtype bool").contains("(int32)");
        assertThat(errors.get(2)).contains("output `y` of function `main` has dtype fp16");
        assertThat(errors(backend.check(program("main", Opset.IOS16, Map.of("x", TensorType.of(DType.FP16, 2)),
                false)))).isEmpty();
    }

    @Test
    void missingMainOutputThatIsAnInputAndNamesThatAreNotIdentifiers() {
        List<String> errors = errors(backend.check(program("entry", Opset.IOS15,
                Map.of("in:0", TensorType.of(DType.FP32, 2)), true)));

        assertThat(errors).hasSize(3);
        assertThat(errors.get(0)).contains("no `main` function (it has `entry`)");
        assertThat(errors.get(1)).contains("output `in:0` of function `entry` is one of its inputs")
                .contains("identity");
        assertThat(errors.get(2)).contains("1 var or op name that are not identifiers").contains("\"in:0\"")
                .contains("common::sanitize_names");
    }

    @Test
    void symbolicInputGetsCoremltoolsDefaultRangeWithAWarning() throws IOException {
        Program program = program("main", Opset.IOS15,
                Map.of("x", TensorType.of(DType.FP32, Dim.symbol("B"), Dim.of(3))), false);

        List<Diagnostic> ds = backend.check(program);

        assertThat(ds).singleElement().satisfies(d -> {
            assertThat(d.severity()).isEqualTo(Severity.WARNING);
            assertThat(d.message()).contains("input `x` of function `main` has symbolic dims (B); the model accepts"
                    + " sizes from 1 to 2");
        });
        Path out = tmp.resolve("sym.mlpackage");
        backend.write(program, out, MlProgramOptions.builder().userDefined("author.tool", "mil4j").build());
        var description = MlPackage.read(out).model().getDescription();
        ArrayFeatureType x = description.getInput(0).getType().getMultiArrayType();
        assertThat(x.getShapeList()).containsExactly(1L, 3L);
        assertThat(x.getShapeRange().getSizeRangesList()).extracting(r -> r.getLowerBound() + ".." + r.getUpperBound())
                .containsExactly("1..2", "3..3");
        ArrayFeatureType y = description.getOutput(0).getType().getMultiArrayType();
        assertThat(y.getShapeList()).as("no shape for a symbolic output").isEmpty();
        assertThat(y.getDataType()).isEqualTo(ArrayFeatureType.ArrayDataType.FLOAT32);
        assertThat(description.getMetadata().getUserDefinedMap()).containsEntry("author.tool", "mil4j");

        backend.write(program, out, MlProgramOptions.builder().symbolicDimUpperBound(-1).build());
        assertThat(MlPackage.read(out).model().getDescription().getInput(0).getType().getMultiArrayType()
                .getShapeRange().getSizeRanges(0).getUpperBound()).isEqualTo(-1);
    }

    @Test
    void theFunctionsRangesAreTheInputsShapeRangesAndReadBack() throws IOException {
        Program program = program("main", Opset.IOS15,
                Map.of("x", TensorType.of(DType.FP32, Dim.symbol("S"), Dim.symbol("B"), Dim.of(3))), false);
        program.main().setDimBound("S", new DimBound(8, 512));

        List<Diagnostic> ds = backend.check(program);

        assertThat(ds).singleElement().satisfies(d -> assertThat(d.message())
                .as("only the symbol without a range is warned about").contains("has symbolic dims (B);"));
        Path out = tmp.resolve("ranges.mlpackage");
        backend.write(program, out, MlProgramOptions.defaults());
        ArrayFeatureType x = MlPackage.read(out).model().getDescription().getInput(0).getType().getMultiArrayType();
        assertThat(x.getShapeList()).as("a range's lower bound is the default size").containsExactly(8L, 1L, 3L);
        assertThat(x.getShapeRange().getSizeRangesList()).extracting(r -> r.getLowerBound() + ".." + r.getUpperBound())
                .containsExactly("8..512", "1..2", "3..3");
        assertThat(backend.read(out, OPS).main().dimBounds()).containsExactly(Map.entry("S", new DimBound(8, 512)));
    }
}
