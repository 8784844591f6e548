package dev.mil4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.testing.TestData;
import dev.mil4j.interpreter.npy.Npy;
import dev.mil4j.spec.MlPackage;
import dev.mil4j.spec.ModelFiles;
import dev.mil4j.spec.proto.FeatureDescription;
import dev.mil4j.spec.proto.Model;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mil4j edit} on the files coremltools 9.0 wrote ({@code testdata/coremltools-features}). */
class EditCommandTest {
    @TempDir
    Path dir;

    static Path fixture(String name) {
        return TestData.path("coremltools-features/" + name);
    }

    static List<String> names(List<FeatureDescription> features) {
        return features.stream().map(FeatureDescription::getName).toList();
    }

    @Test
    void renamingAnMlPackagesFeaturesKeepsWhatItComputes() throws Exception {
        Path out = dir.resolve("renamed.mlpackage");
        CliTest.Result r = CliTest.run("edit", fixture("fp16_input_mlprogram.mlpackage").toString(), "-o",
                out.toString(), "--rename", "x=pixels", "--rename", "var_37=logits", "-q");
        assertThat(r.code()).as(r.err()).isZero();
        Model model = MlPackage.read(out).model();
        assertThat(names(model.getDescription().getInputList())).containsExactly("pixels");
        assertThat(names(model.getDescription().getOutputList())).containsExactly("logits");
        assertThat(Files.size(out.resolve("Data/com.apple.CoreML/weights/weight.bin"))).isEqualTo(
                Files.size(fixture("fp16_input_mlprogram.mlpackage/Data/com.apple.CoreML/weights/weight.bin")));

        Path input = fixture("models/cnn.input.npy");
        CliTest.Result before = CliTest.run("run", fixture("fp16_input_mlprogram.mlpackage").toString(), "--input",
                "x=" + input, "--out", dir.resolve("before").toString(), "-q");
        CliTest.Result after = CliTest.run("run", out.toString(), "--input", "pixels=" + input, "--out",
                dir.resolve("after").toString(), "-q");
        assertThat(before.code()).as(before.err()).isZero();
        assertThat(after.code()).as(after.err()).isZero();
        assertThat(Npy.read(dir.resolve("after/logits.npy")))
                .isEqualTo(Npy.read(dir.resolve("before/var_37.npy")));
    }

    @Test
    void renamingAClassifiersOutputsFollowsEveryReference() throws Exception {
        Path out = dir.resolve("renamed.mlmodel");
        CliTest.Result r = CliTest.run("edit", fixture("classifier_nn.mlmodel").toString(), "-o", out.toString(),
                "--rename", "x=image", "--rename", "var_39=probs", "--rename", "classLabel=animal", "-q");
        assertThat(r.code()).as(r.err()).isZero();
        Model model = ModelFiles.readModel(out);
        assertThat(names(model.getDescription().getInputList())).containsExactly("image");
        assertThat(names(model.getDescription().getOutputList())).containsExactly("probs", "animal");
        assertThat(model.getDescription().getPredictedFeatureName()).isEqualTo("animal");
        assertThat(model.getDescription().getPredictedProbabilitiesName()).isEqualTo("probs");
        var classifier = model.getNeuralNetworkClassifier();
        assertThat(classifier.getLabelProbabilityLayerName()).isEqualTo("probs");
        List<NeuralNetworkLayer> layers = classifier.getLayersList();
        assertThat(layers.get(0).getInputList()).containsExactly("image");
        assertThat(layers.get(layers.size() - 1).getOutputList()).containsExactly("probs");
    }

    @Test
    void metadataAndDescriptionsAreSet() throws Exception {
        Path out = dir.resolve("m.mlmodel");
        CliTest.Result r = CliTest.run("edit", fixture("image_rgb_nn.mlmodel").toString(), "-o", out.toString(),
                "--author", "A. Author", "--license", "MIT", "--version-string", "2.0", "--short-description",
                "A CNN.", "--meta", "dataset=none", "--describe", "image=A 32x32 photo.", "-q");
        assertThat(r.code()).as(r.err()).isZero();
        Model model = ModelFiles.readModel(out);
        Model original = ModelFiles.readModel(fixture("image_rgb_nn.mlmodel"));
        var m = model.getDescription().getMetadata();
        assertThat(List.of(m.getAuthor(), m.getLicense(), m.getVersionString(), m.getShortDescription()))
                .containsExactly("A. Author", "MIT", "2.0", "A CNN.");
        assertThat(m.getUserDefinedMap()).containsEntry("dataset", "none")
                .containsAllEntriesOf(original.getDescription().getMetadata().getUserDefinedMap());
        assertThat(model.getDescription().getInput(0).getShortDescription()).isEqualTo("A 32x32 photo.");
        assertThat(model.getNeuralNetwork()).isEqualTo(original.getNeuralNetwork());
    }

    @Test
    void anInputBecomesAnImageAsConvertWritesIt() throws Exception {
        Path converted = dir.resolve("plain.mlmodel");
        CliTest.Result c = CliTest.run("convert", fixture("models/cnn.pt").toString(), "--input", "image:1x3x32x32",
                "--to", "neuralnetwork", "-o", converted.toString(), "-q");
        assertThat(c.code()).as(c.err()).isZero();
        Path out = dir.resolve("image.mlmodel");
        CliTest.Result r = CliTest.run("edit", converted.toString(), "-o", out.toString(), "--image",
                "image:scale=" + ImageInputsTest.SCALE + ":bias=" + ImageInputsTest.RGB_BIAS + ":layout=BGR", "-q");
        assertThat(r.code()).as(r.err()).isZero();
        Model ours = ModelFiles.readModel(out);
        Model theirs = ModelFiles.readModel(fixture("image_bgr_nn.mlmodel"));
        assertThat(ours.getDescription().getInputList()).isEqualTo(theirs.getDescription().getInputList());
        assertThat(ours.getNeuralNetwork().getPreprocessingList())
                .isEqualTo(theirs.getNeuralNetwork().getPreprocessingList());
    }

    @Test
    void weightsFp16MatchesCoremltoolsQuantizeWeights() throws Exception {
        Path out = dir.resolve("fp16.mlmodel");
        CliTest.Result r = CliTest.run("edit", fixture("mlp256_nn.mlmodel").toString(), "-o", out.toString(),
                "--weights-fp16", "-q");
        assertThat(r.code()).as(r.err()).isZero();
        Model ours = ModelFiles.readModel(out);
        Model theirs = ModelFiles.readModel(fixture("mlp256_nn_fp16.mlmodel"));
        assertThat(ours.getNeuralNetwork().getLayersList()).isEqualTo(theirs.getNeuralNetwork().getLayersList());
        assertThat(Files.size(out)).isLessThan(Files.size(fixture("mlp256_nn.mlmodel")) * 6 / 10);
    }

    @Test
    void badEditsAreErrorsAndWriteNothing() {
        Path out = dir.resolve("x.mlmodel");
        CliTest.Result missing = CliTest.run("edit", fixture("classifier_nn.mlmodel").toString(), "-o",
                out.toString(), "--rename", "y=z");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("the model has no input or output 'y'").contains("x, var_39, classLabel");
        CliTest.Result taken = CliTest.run("edit", fixture("classifier_nn.mlmodel").toString(), "-o",
                out.toString(), "--rename", "x=classLabel");
        assertThat(taken.err()).contains("already has a feature 'classLabel'");
        CliTest.Result fp16 = CliTest.run("edit", fixture("classifier_mlprogram.mlpackage").toString(), "-o",
                dir.resolve("x.mlpackage").toString(), "--weights-fp16");
        assertThat(fp16.err()).contains("--weights-fp16 stores a NeuralNetwork model's weights as fp16");
        CliTest.Result form = CliTest.run("edit", fixture("classifier_nn.mlmodel").toString(), "-o",
                dir.resolve("x.mlpackage").toString());
        assertThat(form.err()).contains("name the output a .mlmodel");
        assertThat(out).doesNotExist();
        assertThat(dir.resolve("x.mlpackage")).doesNotExist();
    }
}
