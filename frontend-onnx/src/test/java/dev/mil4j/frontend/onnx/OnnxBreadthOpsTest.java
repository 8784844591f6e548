package dev.mil4j.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.Interpreter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The translations added for ONNX breadth ({@code make_breadth_models.py}), against ONNX Runtime: NonZero, Slice with
 * run-time parameters (bounds only, and everything), Einsum beyond MIL's forms, Det, MaxUnpool, RoiAlign, DFT, STFT,
 * MelWeightMatrix, Scan, Resize with run-time scales and sizes, TopK with a run-time k, GatherND with batch_dims
 * before iOS16 ({@code breadth_ops.onnx}, opset 17); Upsample in its opset-9 and opset-7 forms and Scan with opset
 * 8's batch dim ({@code opset9_ops.onnx}, {@code opset8_ops.onnx}); random draws by their distributions, shapes and
 * dtypes ({@code random_ops.onnx}).
 */
class OnnxBreadthOpsTest {
    @Test
    void breadthOpsMatchOnnxRuntime() {
        Map<String, TensorValue> given = Map.ofEntries(
                Map.entry("mask", TensorValue.ofFloats(Shape.of(3, 4), 0, 1, 0, 2, 0, 0, 0, 0, -1, 0.5f, 0, 3)),
                Map.entry("starts", TensorValue.ofLongs(Shape.of(2), 4, -1)),
                Map.entry("ends", TensorValue.ofLongs(Shape.of(2), -100, 0)),
                Map.entry("axes", TensorValue.ofLongs(Shape.of(2), -1, 1)),
                Map.entry("steps", TensorValue.ofLongs(Shape.of(2), -2, -1)),
                Map.entry("pool_idx", TensorValue.ofLongs(Shape.of(1, 2, 2, 3),
                        0, 3, 11, 13, 20, 22, 31, 33, 34, 42, 44, 47)),
                Map.entry("unpool_shape", TensorValue.ofLongs(Shape.of(4), 1, 2, 5, 7)),
                Map.entry("rois", TensorValue.ofFloats(Shape.of(3, 4), 1, 0, 9, 7, 2.5f, 3, 8, 6.5f, 5, 1, 5.5f,
                        1.5f)),
                Map.entry("roi_batch", TensorValue.ofLongs(Shape.of(3), 0, 1, 1)),
                Map.entry("step", TensorValue.scalar(6L)),
                Map.entry("rt_scales", TensorValue.ofFloats(Shape.of(4), 1, 1, 1.5f, 0.75f)),
                Map.entry("rt_sizes", TensorValue.ofLongs(Shape.of(4), 2, 3, 5, 13)),
                Map.entry("rt_down", TensorValue.ofFloats(Shape.of(4), 1, 1, 0.75f, 0.5f)),
                Map.entry("k", TensorValue.ofLongs(Shape.of(1), 3)),
                Map.entry("gnd_idx", TensorValue.ofLongs(Shape.of(4, 2, 1), 0, 4, 1, 1, 3, 2, 4, 0)),
                Map.entry("rt_bins", TensorValue.scalar(8L)),
                Map.entry("rt_dft", TensorValue.scalar(16L)),
                Map.entry("rt_rate", TensorValue.scalar(8192L)),
                Map.entry("rt_low", TensorValue.scalar(0f)),
                Map.entry("rt_high", TensorValue.scalar(4096f)));
        Program program = OrtParityTest.assertMatchesOnnxRuntime("breadth_ops", Fixtures.model("breadth_ops.onnx"),
                given);
        assertThat(program.main().body().operations()).extracting(Operation::type)
                .contains("non_zero", "crop_resize", "scatter")
                .doesNotContain("einsum");
    }

    @Test
    void breadthOpsWithOtherRunTimeParametersMatchOnnxRuntime() {
        // the same model: bounds that clamp the other way, other boxes, frame step, scales and sizes
        Map<String, TensorValue> given = Map.ofEntries(
                Map.entry("starts", TensorValue.ofLongs(Shape.of(2), -100, 2)),
                Map.entry("ends", TensorValue.ofLongs(Shape.of(2), 1000, 100)),
                Map.entry("axes", TensorValue.ofLongs(Shape.of(2), 0, 2)),
                Map.entry("steps", TensorValue.ofLongs(Shape.of(2), 3, 1)),
                Map.entry("pool_idx", TensorValue.ofLongs(Shape.of(1, 2, 2, 3),
                        1, 2, 4, 7, 9, 10, 24, 25, 28, 36, 45, 46)),
                Map.entry("unpool_shape", TensorValue.ofLongs(Shape.of(4), 1, 2, 4, 6)),
                Map.entry("rois", TensorValue.ofFloats(Shape.of(3, 4), 0, 0, 9, 7, 0, 0, 1, 1, 3, 2, 7, 6)),
                Map.entry("roi_batch", TensorValue.ofLongs(Shape.of(3), 1, 0, 1)),
                Map.entry("step", TensorValue.scalar(1L)),
                // ONNX Runtime resizes only the last two dims of 4-d inputs in linear and cubic modes
                Map.entry("rt_scales", TensorValue.ofFloats(Shape.of(4), 1, 1, 0.5f, 2.5f)),
                Map.entry("rt_sizes", TensorValue.ofLongs(Shape.of(4), 2, 3, 1, 10)),
                // whole output lengths: align_corners divides by the unfloored length as the ONNX reference does,
                // ONNX Runtime by the output size
                Map.entry("rt_down", TensorValue.ofFloats(Shape.of(4), 1, 1, 0.5f, 0.3f)),
                Map.entry("k", TensorValue.ofLongs(Shape.of(1), 5)),
                Map.entry("gnd_idx", TensorValue.ofLongs(Shape.of(4, 2, 1), 2, 2, 0, 3, 1, 4, 3, 3)),
                Map.entry("rt_bins", TensorValue.scalar(12L)),
                Map.entry("rt_dft", TensorValue.scalar(64L)),
                Map.entry("rt_rate", TensorValue.scalar(16000L)),
                Map.entry("rt_low", TensorValue.scalar(0f)),
                Map.entry("rt_high", TensorValue.scalar(8000f)));
        OrtParityTest.assertMatchesOnnxRuntime("breadth_ops 2", Fixtures.model("breadth_ops.onnx"), given);
    }

    @Test
    void upsampleWithScalesAsAnInputMatchesOnnxRuntime() {
        OrtParityTest.assertMatchesOnnxRuntime("opset9_ops", Fixtures.model("opset9_ops.onnx"),
                Map.of("rt_scales", TensorValue.ofFloats(Shape.of(4), 1, 2, 1.5f, 3)));
    }

    @Test
    void upsampleWithScalesAttributeAndBatchedScanOfOpset8MatchOnnxRuntime() {
        OrtParityTest.assertMatchesOnnxRuntime("opset8_ops", Fixtures.model("opset8_ops.onnx"), Map.of());
    }

    @Test
    void randomDrawsHaveTheirDistributionsAndOnnxRuntimesShapesAndDtypes() {
        Path model = Fixtures.model("random_ops.onnx");
        Converter converter = Converter.builder().plugin(new OnnxFrontendPlugin()).build();
        Program program = converter.load(model, ConvertOptions.builder().build());
        float[] p = new float[20];
        for (int i = 0; i < p.length; i++) {
            p[i] = i % 3 == 0 ? 0 : i % 3 == 1 ? 1 : 0.5f;
        }
        Map<String, TensorValue> feeds = Map.of("p", TensorValue.ofFloats(Shape.of(4, 5), p),
                "x", TensorValue.ofFloats(Shape.of(3, 1000), new float[3000]));
        Map<String, TensorValue> out = new Interpreter(converter.plugins().kernels()).run(program, feeds);
        List<TensorValue> ort = OrtRunner.run(model, feeds);
        List<String> names = List.of("bern", "uniform", "normal", "unseeded");
        for (int i = 0; i < names.size(); i++) {
            assertThat(out.get(names.get(i)).shape()).as(names.get(i)).isEqualTo(ort.get(i).shape());
            assertThat(out.get(names.get(i)).dtype()).as(names.get(i)).isEqualTo(DType.FP32);
        }
        double[] bern = out.get("bern").toDoubleArray();
        for (int i = 0; i < p.length; i++) {
            assertThat(bern[i]).as("bern[%d] for p = %s", i, p[i]).isIn(p[i] == 0 ? List.of(0.0)
                    : p[i] == 1 ? List.of(1.0) : List.of(0.0, 1.0));
        }
        double[] uniform = out.get("uniform").toDoubleArray();
        assertThat(Arrays.stream(uniform).min().orElseThrow()).isGreaterThanOrEqualTo(-2);
        assertThat(Arrays.stream(uniform).max().orElseThrow()).isLessThan(3);
        assertThat(Arrays.stream(uniform).average().orElseThrow()).isCloseTo(0.5, within(0.15));
        double[] normal = out.get("normal").toDoubleArray();
        double mean = Arrays.stream(normal).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(normal).map(g -> (g - mean) * (g - mean)).average().orElseThrow());
        assertThat(mean).isCloseTo(1, within(0.05));
        assertThat(sd).isCloseTo(0.5, within(0.05));
        // a seed gives the same draws on every run
        assertThat(new Interpreter(converter.plugins().kernels()).run(program, feeds).get("normal").toDoubleArray())
                .containsExactly(normal);
    }

    @AfterAll
    static void printMeasured() {
        System.out.print(Numerics.report());
    }
}
