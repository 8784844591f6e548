package dev.mil4j.backend.mlprogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.diag.Location;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.Binding;
import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.testing.TestOps;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Custom ops cannot go into an ML Program: every one is reported, and nothing is written. */
class CustomOpRejectionTest {
    @TempDir
    Path tmp;

    /** The seed workflow's custom TopK: values and int32 indices of the top k along an axis. */
    static final class CustomTopK extends OpDef {
        CustomTopK() {
            super("custom_topk", Opset.IOS15, InputSpec.builder().tensor("x", DType.FP32)
                    .scalar("k", DType.INT32).constant().scalar("axis", DType.INT32).constant()
                    .scalar("sorted", DType.BOOL).constant().build());
        }

        @Override
        public Optional<Binding> binding() {
            return Optional.of(new Binding("CustomTopK", List.of("x"), List.of("k", "axis", "sorted"),
                    "Top K Custom layer"));
        }

        @Override
        public List<ValueType> inferTypes(InferenceContext ctx) {
            TensorType x = ctx.tensor("x");
            var s = x.shape().withDim(x.shape().normalizeAxis(ctx.constLong("axis")), Dim.of(ctx.constLong("k")));
            return List.of(x.withShape(s), new TensorType(DType.INT32, s));
        }
    }

    /** A custom activation whose binding leaves the class name blank (the op name is used). */
    static final class FastGelu extends OpDef {
        FastGelu() {
            super("fast_gelu", Opset.IOS15, InputSpec.builder().tensor("x", DType.FP32).build());
        }

        @Override
        public Optional<Binding> binding() {
            return Optional.of(new Binding("", List.of("x"), List.of(), "a faster gelu"));
        }

        @Override
        public List<ValueType> inferTypes(InferenceContext ctx) {
            return List.of(ctx.tensor("x"));
        }
    }

    private static Program programWithTwoCustomOps() {
        OpRegistry ops = TestOps.registry();
        Program program = new Program();
        Function f = program.addFunction("main", Opset.IOS15, Map.of("x", TensorType.of(DType.FP32, 2, 16)));
        Builder b = Builder.atEnd(f.body(), ops);
        Var r = b.op("relu").input("x", f.inputs().get(0)).name("y").output();
        b.at(new Location("torch", "aten::gelu", "model.act", "code/__torch__/model.py", 7));
        Var g = b.op(new FastGelu()).input("x", r).name("gelu_0").output();
        b.at(Location.UNKNOWN);
        List<Var> top = b.op(new CustomTopK()).input("x", g).input("k", TensorValue.scalar(5))
                .input("axis", TensorValue.scalar(-1)).input("sorted", TensorValue.scalar(true)).name("topk_0")
                .outputs();
        f.setOutputs(top);
        return program;
    }

    @Test
    void checkReportsEachCustomOpWithItsBindingSourceAndTheWaysOut() {
        List<Diagnostic> errors = new MlPackageCodec().check(programWithTwoCustomOps()).stream()
                .filter(Diagnostic::isError).toList();

        assertThat(errors).hasSize(2);
        Diagnostic gelu = errors.get(0);
        assertThat(gelu.op()).contains("`gelu_0` (fast_gelu)");
        assertThat(gelu.location().node()).isEqualTo("aten::gelu");
        assertThat(gelu.render())
                .contains("custom op `gelu_0` (fast_gelu, bound to class `fast_gelu`)")
                .contains("Core ML cannot load custom layers from an ML Program")
                .contains("coremltools writes them anyway")
                .contains("Xcode")
                .contains("from torch node `aten::gelu` in model.act (code/__torch__/model.py:7)")
                .contains("--to neuralnetwork")
                .contains("composite of MIL ops");
        Diagnostic topk = errors.get(1);
        assertThat(topk.render())
                .contains("custom op `topk_0` (custom_topk, bound to class `CustomTopK`)")
                .contains("at op `topk_0` (custom_topk)")
                .contains("NeuralNetwork target (--to neuralnetwork)")
                .contains("note: the source node is unknown");
    }

    @Test
    void writeThrowsListingBothAndLeavesNothingBehind() throws IOException {
        Path out = tmp.resolve("custom.mlpackage");

        assertThatThrownBy(() -> new MlPackageCodec().write(programWithTwoCustomOps(), out,
                MlProgramOptions.defaults()))
                .isInstanceOfSatisfying(ConversionException.class, e -> {
                    assertThat(e.diagnostics()).filteredOn(Diagnostic::isError).hasSize(2);
                    assertThat(e.getMessage()).startsWith("2 errors")
                            .contains("`gelu_0` (fast_gelu)").contains("`topk_0` (custom_topk)");
                });

        assertThat(out).doesNotExist();
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).as("no package and no temporary sibling").isEmpty();
        }
    }
}
