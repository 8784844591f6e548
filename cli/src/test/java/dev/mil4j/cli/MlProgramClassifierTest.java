package dev.mil4j.cli;

import static dev.mil4j.cli.MetadataAndClassifierTest.fixture;
import static dev.mil4j.cli.MetadataAndClassifierTest.read;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.interpreter.npy.Npy;
import dev.mil4j.spec.proto.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ML Program classifiers ({@code classifier*_mlprogram} of {@code testdata/coremltools-features}) converted with
 * the CLI and compared with coremltools 9.0's packages: the model description (label and dictionary outputs,
 * predicted feature and probabilities names) and the {@code classify} op field by field; {@code run} on the package.
 */
class MlProgramClassifierTest {
    private static final List<String> ANIMALS = List.of("cat", "dog", "bird", "fish", "frog");

    @TempDir
    Path dir;

    private CliTest.Result convert(Path out, String labels, String predicted, String... more) {
        List<String> args = new ArrayList<>(List.of("convert", fixture("models/cnn_softmax.pt").toString(),
                "--input", "x:1x3x32x32", "--output-name", "var_39", "-o", out.toString(), "-q",
                "--classifier-labels", labels));
        if (predicted != null) {
            args.addAll(List.of("--predicted-feature", predicted));
        }
        args.addAll(List.of(more));
        return CliTest.run(args.toArray(String[]::new));
    }

    private static dev.mil4j.spec.proto.mil.Operation lastOp(Model m) {
        var block = m.getMlProgram().getFunctionsMap().get("main").getBlockSpecializationsMap().values().iterator()
                .next();
        return block.getOperations(block.getOperationsCount() - 1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"cat,dog,bird,fish,frog||classifier_mlprogram",
            "cat,dog,bird,fish,frog|animal|classifier_named_mlprogram", "10,20,30,40,50||classifier_int_mlprogram"})
    void mlProgramClassifiersMatchCoremltools(String labels, String predicted, String expected) throws Exception {
        Path out = dir.resolve("c.mlpackage");
        CliTest.Result r = convert(out, labels, predicted);
        assertThat(r.code()).as(r.err()).isZero();
        Model ours = read(out);
        Model theirs = read(fixture(expected + ".mlpackage"));
        assertThat(ours.getSpecificationVersion()).isEqualTo(theirs.getSpecificationVersion());
        assertThat(ours.getDescription().toBuilder().clearMetadata().build())
                .isEqualTo(theirs.getDescription().toBuilder().clearMetadata().build());
        assertThat(lastOp(ours)).isEqualTo(lastOp(theirs));

        CliTest.Result inspect = CliTest.run("inspect", out.toString());
        String feature = predicted == null ? "classLabel" : predicted;
        assertThat(inspect.out()).contains("output  " + feature + ": " + (labels.startsWith("1") ? "int64" : "string"),
                "output  " + feature + "_probs: dictionary by " + (labels.startsWith("1") ? "int64" : "string"),
                "predicted feature: " + feature + ", probabilities: " + feature + "_probs",
                "class labels: [" + labels.replace(",", ", ") + "]");
    }

    @Test
    void runOnAClassifierPackagePrintsAndWritesTheLabelAndTheProbabilities() throws Exception {
        Path pkg = dir.resolve("c.mlpackage");
        assertThat(convert(pkg, "cat,dog,bird,fish,frog", "animal", "--precision", "fp32").code()).isZero();
        Path out = dir.resolve("out");
        CliTest.Result r = CliTest.run("run", pkg.toString(), "--input", "x=" + fixture("models/cnn_softmax.input.npy"),
                "--out", out.toString(), "-q");
        assertThat(r.code()).as(r.err()).isZero();
        float[] p = Npy.read(fixture("models/cnn_softmax.output.npy")).toFloatArray();
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            best = p[i] > p[best] ? i : best;
        }
        assertThat(r.out()).isEqualTo("animal: " + ANIMALS.get(best) + System.lineSeparator());
        assertThat(Files.readString(out.resolve("animal.txt"))).isEqualTo(ANIMALS.get(best) + "\n");
        @SuppressWarnings("unchecked")
        java.util.Map<String, Double> probs = new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(out.resolve("animal_probs.json").toFile(), java.util.LinkedHashMap.class);
        assertThat(probs.keySet()).containsExactlyElementsOf(ANIMALS);
        for (int i = 0; i < p.length; i++) {
            assertThat(probs.get(ANIMALS.get(i))).isCloseTo(p[i], org.assertj.core.api.Assertions.within(1e-5));
        }
    }

    @Test
    void runOnAnIntegerClassifierWritesTheLabelAsAnArray() throws Exception {
        Path out = dir.resolve("out");
        CliTest.Result r = CliTest.run("run", fixture("classifier_int_mlprogram.mlpackage").toString(), "--input",
                "x=" + fixture("models/cnn_softmax.input.npy"), "--out", out.toString(), "-q");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("classLabel: 10" + System.lineSeparator());
        assertThat(Npy.read(out.resolve("classLabel.npy")).scalarLong()).isEqualTo(10);
        assertThat(Files.readString(out.resolve("classLabel_probs.json"))).contains("\"10\" :", "\"50\" :");
    }

    @Test
    void badClassifierOptionsOnAnMlProgramAreErrorsNamingTheOption() {
        Path out = dir.resolve("c.mlpackage");
        CliTest.Result count = convert(out, "a,b,c", null);
        assertThat(count.code()).isEqualTo(1);
        assertThat(count.err()).contains("--classifier-labels gives 3 labels, but the probability output `var_39` "
                + "has 5 values");
        CliTest.Result clash = convert(out, "cat,dog,bird,fish,frog", "x");
        assertThat(clash.code()).isEqualTo(1);
        assertThat(clash.err()).contains("--predicted-feature x: the model already has a value named 'x'");
        assertThat(out).doesNotExist();
    }
}
