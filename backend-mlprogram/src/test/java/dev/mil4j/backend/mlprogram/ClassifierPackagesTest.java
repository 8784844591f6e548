package dev.mil4j.backend.mlprogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.text.MilParser;
import dev.mil4j.core.text.MilPrinter;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.DictType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.Interpreter;
import dev.mil4j.interpreter.Value;
import dev.mil4j.ops.StandardOps;
import dev.mil4j.spec.MlPackage;
import dev.mil4j.spec.proto.Model;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ML Program classifiers: coremltools 9.0's {@code classifier*_mlprogram} packages (a {@code classify} op with its
 * labels inside the op, a string or int64 label and a dictionary output) read into a program whose {@code classify}
 * has a const rank-1 tensor of labels, run in the interpreter, and write back to coremltools' op and description.
 */
class ClassifierPackagesTest {
    private static final Path FEATURES = TestData.path("coremltools-features");
    private static final OpRegistry OPS = StandardOps.newRegistry();

    @TempDir
    Path dir;

    private final MlPackageCodec codec = new MlPackageCodec();

    private static Operation classify(Program p) {
        return p.main().outputs().get(0).producer().orElseThrow();
    }

    @Test
    void readsTheLabelsAsAConstTensorAndTheOutputTypes() {
        Program strings = codec.read(FEATURES.resolve("classifier_mlprogram.mlpackage"), OPS);
        Operation op = classify(strings);
        assertThat(op.requireInput("classes").value().orElseThrow())
                .isEqualTo(TensorValue.ofStrings(Shape.of(5), "cat", "dog", "bird", "fish", "frog"));
        assertThat(op.outputs().get(0).type()).isEqualTo(new TensorType(DType.STRING, Shape.scalar()));
        assertThat(op.outputs().get(1).type()).isEqualTo(DictType.of(DType.STRING, DType.FP64));
        Program ints = codec.read(FEATURES.resolve("classifier_int_mlprogram.mlpackage"), OPS);
        assertThat(classify(ints).requireInput("classes").value().orElseThrow())
                .isEqualTo(TensorValue.ofLongs(Shape.of(5), 10, 20, 30, 40, 50));
        assertThat(ints.main().outputs().get(1).type()).isEqualTo(DictType.of(DType.INT64, DType.FP64));
        assertThat(MilPrinter.print(ints)).contains("dict<int64, fp64>", "classify(probabilities = %var_39");
    }

    @Test
    void printedProgramParsesBackToTheSameText() {
        Program p = codec.read(FEATURES.resolve("classifier_named_mlprogram.mlpackage"), OPS);
        // coremltools' buildInfo keys (coremltools-version) are no MIL identifiers: leave the attributes out
        String text = MilPrinter.print(p).replaceAll("(?m)^attribute .*\n", "");
        assertThat(text).contains("%animal: string[], %animal_probs: dict<string, fp64> = classify(",
                "%classify_0_classes: string[5] = const() {val = string[5] [\"cat\", \"dog\", \"bird\"");
        assertThat(MilPrinter.print(MilParser.parse(text, OPS))).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"classifier_mlprogram", "classifier_named_mlprogram", "classifier_int_mlprogram"})
    void writesBackCoremltoolsOpAndDescription(String name) throws Exception {
        Path source = FEATURES.resolve(name + ".mlpackage");
        Path out = dir.resolve(name + ".mlpackage");
        codec.write(codec.read(source, OPS), out, MlProgramOptions.builder().debugInfo(false).build());
        Model ours = MlPackage.read(out).model();
        Model theirs = MlPackage.read(source).model();
        assertThat(ours.getDescription().toBuilder().clearMetadata().build())
                .isEqualTo(theirs.getDescription().toBuilder().clearMetadata().build());
        assertThat(ours.getSpecificationVersion()).isEqualTo(theirs.getSpecificationVersion());
        assertThat(lastOp(ours)).isEqualTo(lastOp(theirs));
        assertThat(lastOp(ours).getType()).isEqualTo("classify");
    }

    private static dev.mil4j.spec.proto.mil.Operation lastOp(Model m) {
        var block = m.getMlProgram().getFunctionsMap().get("main").getBlockSpecializationsMap().values().iterator()
                .next();
        return block.getOperations(block.getOperationsCount() - 1);
    }

    @Test
    void runsToTheMostProbableLabelAndEveryProbability() throws Exception {
        Program p = codec.read(FEATURES.resolve("classifier_int_mlprogram.mlpackage"), OPS);
        TensorValue x = dev.mil4j.interpreter.npy.Npy.read(FEATURES.resolve("models/cnn_softmax.input.npy"));
        float[] expected = dev.mil4j.interpreter.npy.Npy.read(FEATURES.resolve("models/cnn_softmax.output.npy"))
                .toFloatArray();
        Map<String, Value> out = Interpreter.standard().runValues(p.main(), Map.of("x", x));
        assertThat(out.keySet()).containsExactly("classLabel", "classLabel_probs");
        int best = 0;
        for (int i = 1; i < expected.length; i++) {
            best = expected[i] > expected[best] ? i : best;
        }
        assertThat(out.get("classLabel").tensor()).isEqualTo(TensorValue.scalar(List.of(10L, 20L, 30L, 40L, 50L)
                .get(best)));
        Value.Dictionary probs = (Value.Dictionary) out.get("classLabel_probs");
        assertThat(probs.keys()).isEqualTo(TensorValue.ofLongs(Shape.of(5), 10, 20, 30, 40, 50));
        double[] p5 = probs.values().toDoubleArray();
        for (int i = 0; i < 5; i++) {
            assertThat(p5[i]).isCloseTo(expected[i], within(2e-3)); // fp16 compute
        }
    }

    @Test
    void plainRunNamesTheDictionaryOutput() {
        Program p = codec.read(FEATURES.resolve("classifier_mlprogram.mlpackage"), OPS);
        TensorValue x = TensorValue.ofFloats(Shape.of(1, 3, 32, 32), new float[3 * 32 * 32]);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Interpreter.standard().run(p, Map.of("x", x)))
                .hasMessageContaining("output `classLabel_probs` is a dictionary (dict<string, fp64>)")
                .hasMessageContaining("runValues");
    }
}
