package dev.mil4j.frontend.onnx;

import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The translations added for the ONNX backend node tests ({@code conformance_ops.onnx}, opset 18, made by
 * {@code make_conformance_models.py}), most parameters arriving as graph inputs, against ONNX Runtime: Trilu with a
 * run-time k, GatherElements and ScatterElements with negative indices, Size, CastLike, Hardmax, Selu, Celu, Shrink,
 * Mean, IsNaN, Asinh, Sinh, Mod fmod=1, ArgMax select_last_index, Clip with run-time bounds, LayerNormalization with
 * run-time scale and all three outputs, CumSum with a run-time axis, Unsqueeze with run-time axes, Pad with run-time
 * pads and value, SoftmaxCrossEntropyLoss with ignore_index, OneHot, EyeLike, HannWindow of a run-time size,
 * Compress and ThresholdedRelu at alpha; and ({@code runtime_split_squeeze.onnx}) Split, Squeeze and ReduceSum with
 * run-time sizes and axes.
 */
class OnnxConformanceOpsTest {
    @Test
    void runTimeParametersAndNewTranslationsMatchOnnxRuntime() {
        Map<String, TensorValue> given = Map.ofEntries(
                Map.entry("k", TensorValue.scalar(1L)),
                Map.entry("idx", TensorValue.ofLongs(Shape.of(3, 4), 0, -1, 2, 3, 1, 1, -4, 0, 3, 2, 1, -2)),
                Map.entry("lo", TensorValue.scalar(-0.5f)),
                Map.entry("hi", TensorValue.scalar(0.8f)),
                Map.entry("axis", TensorValue.scalar(-2L)),
                Map.entry("uaxes", TensorValue.ofLongs(Shape.of(2), -1, 0)),
                Map.entry("pads", TensorValue.ofLongs(Shape.of(4), 1, 0, 0, 2)),
                Map.entry("cval", TensorValue.scalar(2.5f)),
                Map.entry("target", TensorValue.ofLongs(Shape.of(3), 0, 1, 3)),
                Map.entry("depth", TensorValue.scalar(5L)),
                Map.entry("values", TensorValue.ofFloats(Shape.of(2), -1f, 3f)),
                Map.entry("wsize", TensorValue.scalar(6L)),
                Map.entry("cond", TensorValue.ofBools(Shape.of(3), true, false, true)));
        OrtParityTest.assertMatchesOnnxRuntime("conformance_ops", Fixtures.model("conformance_ops.onnx"), given);
    }

    @Test
    void splitSqueezeAndReduceSumWithRunTimeParametersMatchOnnxRuntime() {
        OrtParityTest.assertMatchesOnnxRuntime("runtime_split_squeeze", Fixtures.model("runtime_split_squeeze.onnx"),
                Map.of("sizes", TensorValue.ofLongs(Shape.of(3), 2, 0, 4),
                        "axes", TensorValue.ofLongs(Shape.of(2), -1, 2),
                        "raxes", TensorValue.ofLongs(Shape.of(2), -1, 0)));
    }

    @AfterAll
    static void printMeasured() {
        System.out.print(Numerics.report());
    }
}
