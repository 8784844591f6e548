package dev.mil4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.npy.Npy;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * {@code mil4j run MODEL.mlmodel}: NeuralNetwork models read back and run, those mil4j converts (against the source
 * model run in the interpreter), coremltools' classifiers (label printed) and quantized ones (near the fp32 model).
 */
class RunNeuralNetworkTest {
    private static final Path FIXTURES = TestData.root();

    @TempDir
    Path dir;

    private static List<TensorValue> outputs(Path folder) throws Exception {
        List<TensorValue> out = new ArrayList<>();
        try (var files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".npy")).sorted().toList()) {
                out.add(Npy.read(f));
            }
        }
        return out;
    }

    private static double relativeError(TensorValue actual, TensorValue expected) {
        assertThat(actual.shape()).isEqualTo(expected.shape());
        double worst = 0;
        double scale = 0;
        for (long i = 0; i < expected.elementCount(); i++) {
            worst = Math.max(worst, Math.abs(actual.getDouble(i) - expected.getDouble(i)));
            scale = Math.max(scale, Math.abs(expected.getDouble(i)));
        }
        return worst / Math.max(scale, 1e-6);
    }

    private List<TensorValue> run(String name, Path model, List<String> inputs) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", model.toString(), "--precision", "fp32", "--out",
                dir.resolve(name).toString()));
        for (String in : inputs) {
            args.add("--input");
            args.add(in);
        }
        CliTest.Result r = CliTest.run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        return outputs(dir.resolve(name));
    }

    @ParameterizedTest
    @CsvSource({"mlp, input0", "small_cnn, input0", "attention_block, input0", "topk_head, input0",
        "elementwise_zoo, input0 input1"})
    void convertedOnnxModelsRunAsTheirSource(String model, String inputNames) throws Exception {
        Path onnx = FIXTURES.resolve("onnx/" + model + ".onnx");
        Path nn = dir.resolve(model + ".mlmodel");
        CliTest.Result c = CliTest.run("convert", onnx.toString(), "--to", "neuralnetwork", "-o", nn.toString());
        assertThat(c.code()).as(c.err()).isZero();
        List<String> inputs = new ArrayList<>();
        for (String in : inputNames.split(" ")) {
            inputs.add(in + "=" + FIXTURES.resolve("torch/" + model + "." + in + ".npy"));
        }
        List<TensorValue> source = run("source", onnx, inputs);
        List<TensorValue> read = run("read", nn, inputs);
        assertThat(read).hasSameSizeAs(source);
        for (int i = 0; i < source.size(); i++) {
            assertThat(relativeError(read.get(i), source.get(i).cast(read.get(i).dtype()))).as("output %d", i)
                    .isLessThan(1e-5);
        }
    }

    @Test
    void aQuantizedModelRunsNearTheOriginal() throws Exception {
        Path original = FIXTURES.resolve("coremltools-features/mlp256_nn.mlmodel");
        Path q8 = dir.resolve("q8.mlmodel");
        CliTest.Result c = CliTest.run("compress", original.toString(), "-o", q8.toString(), "--quantize", "int8");
        assertThat(c.code()).as(c.err()).isZero();
        List<String> x = List.of("x=" + FIXTURES.resolve("coremltools-features/models/mlp256.input.npy"));
        TensorValue want = run("fp32", original, x).get(0);
        TensorValue got = run("q8", q8, x).get(0);
        assertThat(relativeError(got, want)).isLessThan(0.01).isGreaterThan(0);
    }

    @Test
    void aClassifierPrintsItsLabel() throws Exception {
        Path model = FIXTURES.resolve("coremltools-features/classifier_nn.mlmodel");
        CliTest.Result r = CliTest.run("run", model.toString(), "--input", "x=" + FIXTURES.resolve(
                "coremltools-features/models/cnn_softmax.input.npy"), "--out", dir.resolve("c").toString());
        assertThat(r.code()).as(r.err()).isZero();
        float[] p = Npy.read(FIXTURES.resolve("coremltools-features/models/cnn_softmax.output.npy")).toFloatArray();
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            best = p[i] > p[best] ? i : best;
        }
        String label = List.of("cat", "dog", "bird", "fish", "frog").get(best);
        assertThat(r.out()).contains("classLabel: " + label);
        assertThat(Files.readString(dir.resolve("c/classLabel.txt"))).isEqualTo(label + "\n");
    }

    /**
     * One rule for both formats: coremltools' NeuralNetwork and ML Program classifiers of the same model (integer
     * labels) give the same label file and the same dictionary of probabilities, within fp16 compute.
     */
    @Test
    void neuralNetworkAndMlProgramClassifiersWriteTheSameOutputs() throws Exception {
        String x = "x=" + FIXTURES.resolve("coremltools-features/models/cnn_softmax.input.npy");
        for (String model : List.of("classifier_int_nn.mlmodel", "classifier_int_mlprogram.mlpackage")) {
            CliTest.Result r = CliTest.run("run", FIXTURES.resolve("coremltools-features/" + model).toString(),
                    "--input", x, "--out", dir.resolve(model).toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).startsWith("classLabel: ");
        }
        TensorValue nn = Npy.read(dir.resolve("classifier_int_nn.mlmodel/classLabel.npy"));
        TensorValue ml = Npy.read(dir.resolve("classifier_int_mlprogram.mlpackage/classLabel.npy"));
        assertThat(nn).isEqualTo(ml);
        assertThat(List.of(10L, 20L, 30L, 40L, 50L)).contains(nn.getLong(0));
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.Map<String, Object> a = probabilities(json, dir.resolve("classifier_int_nn.mlmodel"));
        java.util.Map<String, Object> b = probabilities(json, dir.resolve("classifier_int_mlprogram.mlpackage"));
        assertThat(a.keySet()).containsExactly("10", "20", "30", "40", "50").containsExactlyElementsOf(b.keySet());
        for (String k : a.keySet()) {
            assertThat(((Number) a.get(k)).doubleValue()).isCloseTo(((Number) b.get(k)).doubleValue(),
                    org.assertj.core.data.Offset.offset(2e-3));
        }
    }

    @SuppressWarnings("unchecked")
    private static java.util.Map<String, Object> probabilities(com.fasterxml.jackson.databind.ObjectMapper json,
            Path folder) throws java.io.IOException {
        return json.readValue(folder.resolve("classLabel_probs.json").toFile(), java.util.LinkedHashMap.class);
    }

    // coremltools' BGR image model run on a PNG: the layout comes from the .mlmodel, then the model's scaler
    @Test
    void anImageModelRunsOnAPng() throws Exception {
        BufferedImage png = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(3);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                png.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        Path pngFile = dir.resolve("in.png");
        ImageIO.write(png, "png", pngFile.toFile());
        // coremltools gives the NeuralNetwork scaler the bias list in the layout's channel order
        float[] bias = {-0.485f / 0.229f, -0.456f / 0.224f, -0.406f / 0.225f};
        float[] pre = new float[3 * 32 * 32];
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                int rgb = png.getRGB(x, y);
                int[] bgr = {rgb & 0xff, (rgb >> 8) & 0xff, (rgb >> 16) & 0xff};
                for (int c = 0; c < 3; c++) {
                    pre[c * 1024 + y * 32 + x] = bgr[c] / 255f + bias[c];
                }
            }
        }
        Path npy = dir.resolve("pre.npy");
        Npy.write(npy, TensorValue.ofFloats(Shape.of(1, 3, 32, 32), pre));
        TensorValue want = run("torch", FIXTURES.resolve("coremltools-features/models/cnn.pt"), List.of("x=" + npy))
                .get(0);
        TensorValue got = run("image", FIXTURES.resolve("coremltools-features/image_bgr_nn.mlmodel"),
                List.of("image=" + pngFile)).get(0);
        assertThat(relativeError(got, want)).isLessThan(1e-5);
    }
}
