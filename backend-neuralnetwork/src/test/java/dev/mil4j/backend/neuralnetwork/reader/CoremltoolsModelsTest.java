package dev.mil4j.backend.neuralnetwork.reader;

import static dev.mil4j.backend.neuralnetwork.reader.Fixtures.maxAbs;
import static dev.mil4j.backend.neuralnetwork.reader.Fixtures.maxAbsDiff;
import static dev.mil4j.backend.neuralnetwork.reader.Fixtures.npy;
import static dev.mil4j.backend.neuralnetwork.reader.Fixtures.read;
import static dev.mil4j.backend.neuralnetwork.reader.Fixtures.runOne;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The NeuralNetwork models coremltools 9.0 wrote ({@code testdata/coremltools/}, {@code testdata/coremltools-features/})
 * read and run, against PyTorch's outputs for the same inputs ({@code testdata/torch/},
 * {@code testdata/coremltools-features/models/}).
 */
class CoremltoolsModelsTest {
    @ParameterizedTest
    @CsvSource({
        // model, input, input file, expected output file, tolerance relative to the output's largest value
        "coremltools-features/mlp256_nn.mlmodel, x, coremltools-features/models/mlp256.input.npy, "
                + "coremltools-features/models/mlp256.output.npy, 1e-5",
        "coremltools-features/metadata_nn.mlmodel, x, coremltools-features/models/cnn.input.npy, "
                + "coremltools-features/models/cnn.output.npy, 1e-5",
        "coremltools-features/classifier_nn.mlmodel, x, coremltools-features/models/cnn_softmax.input.npy, "
                + "coremltools-features/models/cnn_softmax.output.npy, 1e-5",
        "coremltools/mlp.mlmodel, input0, torch/mlp.input0.npy, torch/mlp.output0.npy, 1e-5",
        "coremltools/small_cnn.mlmodel, input0, torch/small_cnn.input0.npy, torch/small_cnn.output0.npy, 1e-5",
        "coremltools/attention_block.mlmodel, input0, torch/attention_block.input0.npy, "
                + "torch/attention_block.output0.npy, 1e-4",
        // weights stored as fp16, and quantized by coremltools' quantization_utils: within their rounding
        "coremltools-features/mlp256_nn_fp16.mlmodel, x, coremltools-features/models/mlp256.input.npy, "
                + "coremltools-features/models/mlp256.output.npy, 2e-3",
        "coremltools-features/mlp256_nn_q8_linear.mlmodel, x, coremltools-features/models/mlp256.input.npy, "
                + "coremltools-features/models/mlp256.output.npy, 2e-2",
        "coremltools-features/mlp256_nn_q4_linear_lut.mlmodel, x, coremltools-features/models/mlp256.input.npy, "
                + "coremltools-features/models/mlp256.output.npy, 2e-1",
    })
    void runsLikePyTorch(String model, String input, String inputFile, String expectedFile, double tolerance) {
        TensorValue expected = npy(expectedFile);
        TensorValue actual = runOne(read(model), input, npy(inputFile));
        assertThat(maxAbsDiff(actual, expected)).isLessThanOrEqualTo(tolerance * maxAbs(expected));
    }

    @Test
    void twoInputsAndTwoOutputs() {
        Program p = read("coremltools/elementwise_zoo.mlmodel");
        Map<String, TensorValue> in = new LinkedHashMap<>();
        in.put("input0", npy("torch/elementwise_zoo.input0.npy"));
        in.put("input1", npy("torch/elementwise_zoo.input1.npy"));
        List<TensorValue> out = List.copyOf(Fixtures.CONVERTER.run(p, in).values());
        assertThat(maxAbsDiff(out.get(0), npy("torch/elementwise_zoo.output0.npy"))).isLessThan(1e-5);
        assertThat(maxAbsDiff(out.get(1), npy("torch/elementwise_zoo.output1.npy"))).isLessThan(1e-5);
    }

    @Test
    void topKValuesAndIndices() {
        Program p = read("coremltools/topk_head.mlmodel");
        List<TensorValue> out = List.copyOf(Fixtures.CONVERTER.run(p, Map.of("input0",
                npy("torch/topk_head.input0.npy"))).values());
        assertThat(maxAbsDiff(out.get(0), npy("torch/topk_head.output0.npy"))).isLessThan(1e-5);
        // indices are fp32 blobs in a NeuralNetwork model
        assertThat(maxAbsDiff(out.get(1), npy("torch/topk_head.output1.npy"))).isZero();
    }

    @Test
    void outputsKeepTheModelsNames() {
        Program p = read("coremltools-features/classifier_nn.mlmodel");
        assertThat(p.main().outputs()).extracting(Var::name).containsExactly("var_39");
        assertThat(p.main().inputs()).extracting(Var::name).containsExactly("x");
    }

    // the RGB image model is the metadata model behind Core ML's preprocessing: pixels * 1/255 + bias[c]
    @Test
    void imageInputsApplyThePreprocessing() {
        TensorValue x = npy("coremltools-features/models/cnn.input.npy");
        float[] pixels = x.toFloatArray();
        float[] normalized = new float[pixels.length];
        float[] bias = {-0.485f / 0.229f, -0.456f / 0.224f, -0.406f / 0.225f};
        int plane = 32 * 32;
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = Math.round(pixels[i] * 255);
            normalized[i] = pixels[i] / 255f + bias[i / plane];
        }
        Shape s = x.shape();
        TensorValue viaImage = runOne(read("coremltools-features/image_rgb_nn.mlmodel"), "image",
                TensorValue.ofFloats(s, pixels));
        TensorValue direct = runOne(read("coremltools-features/metadata_nn.mlmodel"), "x",
                TensorValue.ofFloats(s, normalized));
        assertThat(maxAbsDiff(viaImage, direct)).isLessThan(1e-4);
        // coremltools gives the BGR model the bias list in the layout's channel order (blueBias = bias[0]), so the
        // same array, read as B, G, R planes, computes the same
        TensorValue viaBgr = runOne(read("coremltools-features/image_bgr_nn.mlmodel"), "image",
                TensorValue.ofFloats(s, pixels));
        assertThat(maxAbsDiff(viaBgr, direct)).isLessThan(1e-4);
    }
}
