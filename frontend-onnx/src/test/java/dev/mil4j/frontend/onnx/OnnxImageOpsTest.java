package dev.mil4j.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * GridSample (as MIL's {@code resample}), NonMaxSuppression (as MIL's {@code non_maximum_suppression} per image
 * and class, compacted to ONNX's rows) and Resize in every mode against ONNX Runtime, on the models of
 * {@code make_image_models.py}.
 */
class OnnxImageOpsTest {
    private static final Converter CONVERTER = Converter.builder().plugin(new OnnxFrontendPlugin()).build();

    @Test
    void gridSampleMatchesOnnxRuntimeInEveryModeAndPadding() {
        // seeded Gaussian grid points: about a third fall outside [-1, 1] and exercise the padding modes
        Program program = OrtParityTest.assertMatchesOnnxRuntime("grid_sample", Fixtures.model("grid_sample.onnx"),
                Map.of());
        assertThat(OnnxControlFlowTest.opTypes(program)).filteredOn("resample"::equals).hasSize(9);
    }

    @Test
    void nonMaxSuppressionMatchesOnnxRuntime() {
        Program program = OrtParityTest.assertMatchesOnnxRuntime("nms", Fixtures.model("nms.onnx"), Map.of(
                "limit", TensorValue.ofLongs(Shape.of(1), 3),
                "threshold", TensorValue.ofFloats(Shape.of(1), 0.1f)));
        assertThat(OnnxControlFlowTest.opTypes(program)).filteredOn("non_maximum_suppression"::equals).hasSize(3);
    }

    @Test
    void resizeMatchesOnnxRuntimeInEveryMode() {
        // cubic (A, exclude_outside, align_corners, asymmetric), nearest with fractional scales and each rounding,
        // linear downsampling with the given scale, pytorch_half_pixel to one element, tf_crop_and_resize
        Program program = OrtParityTest.assertMatchesOnnxRuntime("resize_modes", Fixtures.model("resize_modes.onnx"),
                Map.of());
        // nearest by 2 with asymmetric round_prefer_ceil is not upsample_nearest_neighbor's floor(i / 2)
        assertThat(OnnxControlFlowTest.opTypes(program)).doesNotContain("upsample_nearest_neighbor")
                .contains("gather", "matmul");
    }

    @Test
    void convTransposeWithRunTimeWeightsOrOutputPaddingIsAConvolution() {
        Program program = OrtParityTest.assertMatchesOnnxRuntime("conv_transpose",
                Fixtures.model("conv_transpose.onnx"), Map.of());
        // the zero insertion of strides and dilations is a depthwise conv_transpose with const weights; the four
        // transposed convolutions themselves are convs
        assertThat(OnnxControlFlowTest.opTypes(program)).filteredOn("conv"::equals).hasSize(4);
    }

    @Test
    void bicubicGridSampleIsRefusedNamingTheMode() {
        assertThatThrownBy(() -> CONVERTER.load(Fixtures.model("grid_sample_bicubic.onnx"),
                ConvertOptions.builder().build()))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("has mode `bicubic`, which MIL's resample cannot express");
    }

    @AfterAll
    static void printMeasured() {
        System.out.print(Numerics.report());
    }
}
