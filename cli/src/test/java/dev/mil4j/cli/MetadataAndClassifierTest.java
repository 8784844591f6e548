package dev.mil4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.testing.TestData;
import dev.mil4j.spec.MlPackage;
import dev.mil4j.spec.ModelFiles;
import dev.mil4j.spec.proto.Metadata;
import dev.mil4j.spec.proto.Model;
import dev.mil4j.spec.proto.ModelDescription;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Metadata and feature descriptions ({@code metadata_*}) and classifiers ({@code classifier*_nn}) of
 * {@code testdata/coremltools-features} reproduced with the CLI and compared with coremltools 9.0's files.
 */
class MetadataAndClassifierTest {
    @TempDir
    Path dir;

    static Path fixture(String name) {
        return TestData.path("coremltools-features/" + name);
    }

    static Model read(Path model) throws IOException {
        return Files.isDirectory(model) ? MlPackage.read(model).model() : ModelFiles.readModel(model);
    }

    @ParameterizedTest
    @CsvSource({"neuralnetwork, m.mlmodel, metadata_nn.mlmodel", "mlprogram, m.mlpackage, metadata_mlprogram.mlpackage"})
    void metadataAndDescriptionsMatchCoremltools(String to, String file, String expected) throws Exception {
        Path out = dir.resolve(file);
        CliTest.Result r = CliTest.run("convert", fixture("models/cnn.pt").toString(), "--input", "x:1x3x32x32",
                "--output-name", "logits", "--to", to, "-o", out.toString(), "-q",
                "--author", "mil4j oracle", "--license", "BSD-3-Clause",
                "--short-description", "A 2-conv CNN with 5 logits.", "--version-string", "1.2.3",
                "--meta", "dataset=none", "--meta", "seed=0",
                "--describe", "x=A 1x3x32x32 float tensor.", "--describe", "logits=Unnormalised class scores.");
        assertThat(r.code()).as(r.err()).isZero();
        ModelDescription ours = read(out).getDescription();
        ModelDescription theirs = read(fixture(expected)).getDescription();
        assertThat(ours.getInputList()).isEqualTo(theirs.getInputList());
        assertThat(ours.getOutputList()).isEqualTo(theirs.getOutputList());
        assertThat(withoutCoremltoolsKeys(ours.getMetadata())).isEqualTo(withoutCoremltoolsKeys(theirs.getMetadata()));
        assertThat(ours.getMetadata().getUserDefinedMap()).containsEntry("dataset", "none").containsEntry("seed", "0");

        CliTest.Result inspect = CliTest.run("inspect", out.toString());
        assertThat(inspect.out()).contains("author: mil4j oracle", "license: BSD-3-Clause", "version: 1.2.3",
                "shortDescription: A 2-conv CNN with 5 logits.", "\"A 1x3x32x32 float tensor.\"",
                "\"Unnormalised class scores.\"", "dataset=none");
    }

    /** coremltools records its own version, source and date; the rest must be equal. */
    private static Metadata withoutCoremltoolsKeys(Metadata m) {
        Map<String, String> kept = new TreeMap<>(m.getUserDefinedMap());
        kept.keySet().removeIf(k -> k.startsWith("com.github.apple.coremltools."));
        return m.toBuilder().clearUserDefined().putAllUserDefined(kept).build();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"cat,dog,bird,fish,frog||classifier_nn",
            "cat,dog,bird,fish,frog|animal|classifier_named_nn", "10,20,30,40,50||classifier_int_nn"})
    void neuralNetworkClassifiersMatchCoremltools(String labels, String predicted, String expected) throws Exception {
        Path out = dir.resolve("c.mlmodel");
        List<String> args = new java.util.ArrayList<>(List.of("convert", fixture("models/cnn_softmax.pt").toString(),
                "--input", "x:1x3x32x32", "--output-name", "var_39", "--to", "neuralnetwork", "-o", out.toString(),
                "-q", "--classifier-labels", labels));
        if (predicted != null) {
            args.addAll(List.of("--predicted-feature", predicted));
        }
        CliTest.Result r = CliTest.run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        Model ours = read(out);
        Model theirs = read(fixture(expected + ".mlmodel"));
        assertThat(ours.getTypeCase()).isEqualTo(Model.TypeCase.NEURALNETWORKCLASSIFIER);
        ModelDescription.Builder description = ours.getDescription().toBuilder().clearMetadata();
        assertThat(description.build()).isEqualTo(theirs.getDescription().toBuilder().clearMetadata().build());
        assertThat(ours.getNeuralNetworkClassifier().toBuilder().clearLayers().build())
                .isEqualTo(theirs.getNeuralNetworkClassifier().toBuilder().clearLayers().build());
        assertThat(ours.getNeuralNetworkClassifier().getLayersCount())
                .isEqualTo(theirs.getNeuralNetworkClassifier().getLayersCount());
    }

    @Test
    void runWritesTheLabelAndTheProbabilities() throws Exception {
        CliTest.Result r = CliTest.run("run", fixture("models/cnn_softmax.pt").toString(), "--input",
                "x=" + fixture("models/cnn_softmax.input.npy"), "--precision", "fp32", "--out",
                dir.toString(), "-q", "--classifier-labels", "cat,dog,bird,fish,frog", "--predicted-feature",
                "animal");
        assertThat(r.code()).as(r.err()).isZero();
        float[] p = dev.mil4j.interpreter.npy.Npy.read(fixture("models/cnn_softmax.output.npy")).toFloatArray();
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            best = p[i] > p[best] ? i : best;
        }
        String label = List.of("cat", "dog", "bird", "fish", "frog").get(best);
        assertThat(r.out()).isEqualTo("animal: " + label + System.lineSeparator());
        assertThat(Files.readString(dir.resolve("animal.txt")).strip()).isEqualTo(label);
        assertThat(Files.readString(dir.resolve("animal_probs.json"))).contains("\"cat\"", "\"frog\"");
    }

    @Test
    void badClassifierAndMetadataOptionsAreErrorsNamingTheOption() {
        Path out = dir.resolve("c.mlmodel");
        CliTest.Result count = CliTest.run("convert", fixture("models/cnn_softmax.pt").toString(), "--input",
                "x:1x3x32x32", "--to", "neuralnetwork", "-o", out.toString(), "-q", "--classifier-labels", "a,b,c");
        assertThat(count.code()).isEqualTo(1);
        assertThat(count.err()).contains("--classifier-labels gives 3 labels, but the probability output")
                .contains("has 5 classes");
        CliTest.Result describe = CliTest.run("convert", fixture("models/cnn.pt").toString(), "--input",
                "x:1x3x32x32", "--to", "neuralnetwork", "-o", out.toString(), "-q", "--describe", "y=nothing");
        assertThat(describe.code()).isEqualTo(1);
        assertThat(describe.err()).contains("--describe y: the model has no input or output 'y'");
        CliTest.Result meta = CliTest.run("convert", fixture("models/cnn.pt").toString(), "--input",
                "x:1x3x32x32", "-o", dir.resolve("m.mlpackage").toString(), "-q", "--meta", "novalue");
        assertThat(meta.code()).isEqualTo(2);
        assertThat(meta.err()).contains("bad --meta 'novalue': expected KEY=VALUE");
        assertThat(out).doesNotExist();
    }
}
