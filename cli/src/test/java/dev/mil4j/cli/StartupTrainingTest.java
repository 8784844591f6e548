package dev.mil4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupTrainingTest {
    @TempDir
    Path work;

    @Test
    void convertsEachModelToBothTargets() throws Exception {
        int code = StartupTraining.train(work, List.of(TestData.path("onnx/mlp.onnx"),
                TestData.path("onnx/small_cnn.onnx")));
        assertThat(code).isZero();
        assertThat(work.resolve("m0.mlpackage/Manifest.json")).isRegularFile();
        assertThat(work.resolve("m0.mlmodel")).isRegularFile();
        assertThat(work.resolve("m1.mlpackage/Manifest.json")).isRegularFile();
        assertThat(work.resolve("m1.mlmodel")).isRegularFile();
    }

    @Test
    void skipsAModelThatDoesNotConvertAndFailsWhenNoneDoes() throws Exception {
        Path notAModel = Files.writeString(work.resolve("notes.onnx"), "not a model");
        assertThat(StartupTraining.train(work.resolve("out"), List.of(notAModel))).isEqualTo(Mil4j.DIAGNOSTICS);
        assertThat(StartupTraining.train(work.resolve("out2"), List.of(notAModel, TestData.path("onnx/mlp.onnx"))))
                .isZero();
        assertThat(work.resolve("out2/m1.mlpackage")).isDirectory();
    }
}
