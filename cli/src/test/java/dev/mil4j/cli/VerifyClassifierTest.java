package dev.mil4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.Classification;
import dev.mil4j.interpreter.Value;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mil4j verify} of classifiers: the converted model's label and dictionary of probabilities (an ML Program's
 * {@code classify}, a NeuralNetwork classifier's read back) beside the source model's probability output classified
 * by the same rule; the label must be equal, each label's probability within the tolerance.
 */
class VerifyClassifierTest {
    private static final List<String> ANIMALS = List.of("cat", "dog", "bird", "fish", "frog");

    @TempDir
    Path dir;

    @Test
    void anMlProgramClassifierMatchesOnnxRuntimeByLabelAndProbabilities() throws Exception {
        Path report = dir.resolve("report.json");
        CliTest.Result r = CliTest.run("verify", TestData.path("onnx/small_cnn.onnx").toString(),
                "--classifier-labels", "0,1,2,3,4,5,6,7,8,9", "--report", report.toString(), "-q");
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        assertThat(r.out()).containsPattern("\\n  classLabel \\(output0\\) +\\[\\] +0 +0 +0% +- +ok\\n")
                .containsPattern("\\n  classLabel_probs \\(output0\\) +\\{10 labels\\} +\\S+ +\\S+ +0% +1/1 +ok\\n")
                .contains("verified: all 2 outputs are within tolerance");
        assertThat(report).content().contains("\"name\" : \"classLabel_probs\"").contains("\"shape\" : \"{10 labels}\"")
                .contains("\"passes\" : true");
    }

    @Test
    void aNeuralNetworkClassifierMatchesPyTorchWithStringLabels() {
        Path model = TestData.path("coremltools-features/models/cnn_softmax.pt");
        CliTest.Result r = CliTest.run("verify", model.toString(), "--input", "x:1x3x32x32", "--to",
                "neuralnetwork", "--classifier-labels", String.join(",", ANIMALS), "--predicted-feature", "animal",
                "-q");
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        assertThat(r.out()).containsPattern("\\n  animal \\(\\S+\\) +\\[\\] +- +- +0% +- +ok\\n")
                .containsPattern("\\n  animal_probs \\(\\S+\\) +\\{5 labels\\} +\\S+ +\\S+ +0% +1/1 +ok\\n");
    }

    @Test
    void aPackageWrittenBeforeIsComparedAsItsClassifierSays() {
        Path pkg = dir.resolve("numbers.mlpackage");
        CliTest.Result c = CliTest.run("convert", TestData.path("onnx/small_cnn.onnx").toString(),
                "--classifier-labels", "10,20,30,40,50,60,70,80,90,100", "-o", pkg.toString(), "-q");
        assertThat(c.code()).as(c.err()).isZero();
        CliTest.Result r = CliTest.run("verify", TestData.path("onnx/small_cnn.onnx").toString(), "--converted",
                pkg.toString(), "-q");
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        assertThat(r.out()).contains("classLabel (output0)").contains("classLabel_probs (output0)");
    }

    /** A NeuralNetwork classifier given with --converted: its labels come from the model file. */
    @Test
    void aNeuralNetworkClassifierWrittenBeforeIsComparedByItsOwnLabels() {
        Path model = TestData.path("coremltools-features/models/cnn_softmax.pt");
        Path nn = dir.resolve("animals.mlmodel");
        CliTest.Result c = CliTest.run("convert", model.toString(), "--input", "x:1x3x32x32", "--to", "neuralnetwork",
                "--classifier-labels", String.join(",", ANIMALS), "-o", nn.toString(), "-q");
        assertThat(c.code()).as(c.err()).isZero();
        CliTest.Result r = CliTest.run("verify", model.toString(), "--input", "x:1x3x32x32", "--converted",
                nn.toString(), "--precision", "fp32", "-q");
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        assertThat(r.out()).containsPattern("\\n  classLabel \\(\\S+\\) +\\[\\] ")
                .containsPattern("\\n  classLabel_probs \\(\\S+\\) +\\{5 labels\\} ");
    }

    /** What the converted model says against what the source's probabilities give: each difference is reported. */
    @Test
    void aDifferentLabelOrProbabilityIsAMismatch() {
        ClassifierOutputs classifier = new ClassifierOutputs(TensorValue.ofStrings(Shape.of(3), "a", "b", "c"),
                "label", "label_probs", "probs");
        Map<String, TensorValue> source = Map.of("probs", TensorValue.ofFloats(Shape.of(1, 3), 0.2f, 0.5f, 0.3f));
        Tolerance tol = new Tolerance(1e-3, 1e-2);

        Map<String, Value> same = classifier.classify(TensorValue.ofFloats(Shape.of(1, 3), 0.2f, 0.5f, 0.3001f));
        assertThat(Verification.compareClassifier(classifier, source, same, tol)).allMatch(Comparison::passes)
                .extracting(Comparison::name).containsExactly("label", "label_probs");

        Classification other = Classification.of(TensorValue.ofFloats(Shape.of(1, 3), 0.2f, 0.3f, 0.5f),
                classifier.classes());
        Map<String, Value> wrong = new LinkedHashMap<>();
        wrong.put("label", Value.of(other.label()));
        wrong.put("label_probs", other.probabilities());
        List<Comparison> c = Verification.compareClassifier(classifier, source, wrong, tol);
        assertThat(c.get(0).passes()).isFalse();
        assertThat(c.get(0).outside()).isEqualTo(1);
        assertThat(c.get(1).passes()).isFalse();
        assertThat(c.get(1).outside()).isEqualTo(2);
        assertThat(c.get(1).maxAbsError()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(c.get(1).top1()).contains(0L);
    }

    /** The NeuralNetwork case: the converted program returns the probabilities, classified here like the source's. */
    @Test
    void probabilitiesAloneAreClassifiedByTheSameRule() {
        ClassifierOutputs classifier = new ClassifierOutputs(TensorValue.ofLongs(Shape.of(2), 7, 9), "n",
                "n_probs", "p");
        List<Comparison> c = Verification.compareClassifier(classifier,
                Map.of("p", TensorValue.ofFloats(Shape.of(2), 0.9f, 0.1f)),
                Map.of("p", Value.of(TensorValue.ofFloats(Shape.of(2), 0.4f, 0.6f))), new Tolerance(1e-3, 1e-2));
        assertThat(c).extracting(Comparison::name).containsExactly("n", "n_probs");
        assertThat(c.get(0).passes()).isFalse(); // 9 where the source says 7
        assertThat(c.get(0).maxAbsError()).isEqualTo(2);
        assertThat(c.get(1).outside()).isEqualTo(2);
    }

    @Test
    void labelsThatDifferAreNamedAsTheProblem() {
        Value.Dictionary e = Classification.of(TensorValue.ofFloats(Shape.of(2), 0.5f, 0.5f),
                TensorValue.ofStrings(Shape.of(2), "a", "b")).probabilities();
        Value.Dictionary a = Classification.of(TensorValue.ofFloats(Shape.of(2), 0.5f, 0.5f),
                TensorValue.ofStrings(Shape.of(2), "a", "c")).probabilities();
        Comparison c = Comparison.of("d", "d", e, a, new Tolerance(1e-3, 1e-2));
        assertThat(c.passes()).isFalse();
        assertThat(c.problem()).contains("the labels differ: [a, c] in the converted model, [a, b] in the source's");
    }
}
