package dev.mil4j.tools.zoo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.npy.Npy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The zoo runner on a zoo of one real model (the PyTorch-made mlp and its ONNX export from testdata/). */
class ZooMainTest {
    @TempDir
    Path zoo;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private void makeZoo() throws IOException {
        Files.copy(TestData.path("torch/mlp.pt"), zoo.resolve("mlp.pt"));
        Files.copy(TestData.path("onnx/mlp.onnx"), zoo.resolve("mlp.onnx"));
        Files.copy(TestData.path("torch/mlp.input0.npy"), zoo.resolve("mlp.input0.npy"));
        Files.copy(TestData.path("torch/mlp.output0.npy"), zoo.resolve("mlp.output0.npy"));
        Files.writeString(zoo.resolve("MANIFEST.tsv"),
                "name\tinput_shapes\toutput_shapes_dtypes\tonnx\nmlp\t4x20\t4x5:float32\tyes\n");
    }

    private int run(String... args) throws IOException {
        return ZooMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void everySourceAndTargetOfARealModelMatchesPyTorch() throws IOException {
        makeZoo();
        int code = run(zoo.toString());
        String table = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(table + err).isZero();
        assertThat(table).contains("| mlp | pt | mlprogram | ok |", "| mlp | pt | neuralnetwork | ok |",
                "| mlp | onnx | mlprogram | ok |", "| mlp | onnx | neuralnetwork | ok |", "4 of 4 ok");
    }

    @Test
    void wrongRecordedOutputsAreReportedAsAMismatch() throws IOException {
        makeZoo();
        TensorValue expected = Npy.read(zoo.resolve("mlp.output0.npy"));
        float[] shifted = expected.toFloatArray();
        shifted[3] += 0.01f;
        Npy.write(zoo.resolve("mlp.output0.npy"), TensorValue.ofFloats(expected.shape(), shifted));
        int code = run(zoo.toString(), "--sources", "onnx", "--targets", "mlprogram");
        String table = out.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(1);
        assertThat(table).contains("| mlp | onnx | mlprogram | fp32 differs |", "0 of 1 ok");
    }

    @Test
    void aFloat64ReferenceAcceptsOutputsAsCloseToExactAsTheFrameworkIs() throws IOException {
        makeZoo();
        // the framework's float32 output is off by 5e-4 in one element; the float64 reference is the true result
        TensorValue exact = Npy.read(zoo.resolve("mlp.output0.npy"));
        Npy.write(zoo.resolve("mlp.reference0.npy"), exact.cast(dev.mil4j.core.types.DType.FP64));
        float[] framework = exact.toFloatArray();
        framework[3] += 5e-4f * (1 + Math.abs(framework[3]));
        Npy.write(zoo.resolve("mlp.output0.npy"), TensorValue.ofFloats(exact.shape(), framework));
        int code = run(zoo.toString(), "--sources", "onnx", "--targets", "mlprogram");
        assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("| mlp | onnx | mlprogram | ok |", "framework 5.0e-04");

        Files.delete(zoo.resolve("mlp.reference0.npy"));
        out.reset();
        assertThat(run(zoo.toString(), "--sources", "onnx", "--targets", "mlprogram")).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("| mlp | onnx | mlprogram | fp32 differs |");
    }

    @Test
    void outputsFartherFromExactThanTwiceTheFrameworkAreAMismatch() throws IOException {
        makeZoo();
        TensorValue computed = Npy.read(zoo.resolve("mlp.output0.npy"));
        float[] exact = computed.toFloatArray();
        float e = exact[3];
        exact[3] = e + 6e-4f * (1 + Math.abs(e));
        float[] framework = exact.clone();
        framework[3] = exact[3] - 2e-4f * (1 + Math.abs(e));
        Npy.write(zoo.resolve("mlp.reference0.npy"),
                TensorValue.ofFloats(computed.shape(), exact).cast(dev.mil4j.core.types.DType.FP64));
        Npy.write(zoo.resolve("mlp.output0.npy"), TensorValue.ofFloats(computed.shape(), framework));
        assertThat(run(zoo.toString(), "--sources", "onnx", "--targets", "mlprogram")).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("| mlp | onnx | mlprogram | fp32 differs |");
    }

    @Test
    void aFolderWithoutManifestIsAUsageError() throws IOException {
        assertThat(run(zoo.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("has no MANIFEST.tsv");
    }
}
