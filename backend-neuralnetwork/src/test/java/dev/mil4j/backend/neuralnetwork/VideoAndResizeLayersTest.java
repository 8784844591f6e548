package dev.mil4j.backend.neuralnetwork;

import static dev.mil4j.backend.neuralnetwork.TestPrograms.weights;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.NnOps;
import dev.mil4j.ops.TensorOps;
import dev.mil4j.spec.proto.Convolution3DLayerParams;
import dev.mil4j.spec.proto.Model;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import dev.mil4j.spec.proto.PaddingLayerParams;
import dev.mil4j.spec.proto.Pooling3DLayerParams;
import dev.mil4j.spec.proto.UpsampleLayerParams;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * 3-d convolutions and pooling (torchvision's video models), bilinear resizing with half-pixel centers (PyTorch's
 * {@code align_corners=False}, every segmentation model) and reflect/replicate pads as their NeuralNetwork layers.
 */
class VideoAndResizeLayersTest {
    private static final ConvertOptions OPTIONS = ConvertOptions.builder().target("neuralnetwork").build();

    private static Model convert(Program p) {
        return new NeuralNetworkBackend().toModel(p, OPTIONS);
    }

    @Test
    void aRank5ConvolutionIsAConvolution3dLayer() {
        Program p = new Program();
        Builder b = TestPrograms.main(p, TestPrograms.registry(), Map.of("x", TensorType.of(DType.FP32, 1, 4, 5, 6, 7)));
        Var x = b.function().inputs().get(0);
        Var y = NnOps.conv(b, x, b.constant(weights(1, 8, 2, 3, 3, 1)), Optional.of(b.constant(weights(2, 8))),
                new int[] {1, 2, 1}, new int[] {1, 1, 0, 2, 0, 0}, new int[] {1, 1, 2}, 2);
        b.function().setOutputs(List.of(y));
        Model m = convert(p);
        assertThat(m.getSpecificationVersion()).isEqualTo(5);
        NeuralNetworkLayer layer = m.getNeuralNetwork().getLayers(0);
        assertThat(layer.getLayerCase()).isEqualTo(NeuralNetworkLayer.LayerCase.CONVOLUTION3D);
        Convolution3DLayerParams c = layer.getConvolution3D();
        assertThat(List.of(c.getOutputChannels(), c.getInputChannels(), c.getNGroups())).containsExactly(8, 4, 2);
        assertThat(List.of(c.getKernelDepth(), c.getKernelHeight(), c.getKernelWidth())).containsExactly(3, 3, 1);
        assertThat(List.of(c.getStrideDepth(), c.getStrideHeight(), c.getStrideWidth())).containsExactly(1, 2, 1);
        assertThat(List.of(c.getDilationDepth(), c.getDilationHeight(), c.getDilationWidth()))
                .containsExactly(1, 1, 2);
        assertThat(c.getPaddingType()).isEqualTo(Convolution3DLayerParams.PaddingType.CUSTOM);
        assertThat(List.of(c.getCustomPaddingFront(), c.getCustomPaddingBack(), c.getCustomPaddingTop(),
                c.getCustomPaddingBottom(), c.getCustomPaddingLeft(), c.getCustomPaddingRight()))
                .containsExactly(1, 1, 0, 2, 0, 0);
        assertThat(c.getWeights().getFloatValueCount()).isEqualTo(8 * 2 * 3 * 3);
        assertThat(c.getHasBias()).isTrue();
        assertThat(c.getBias().getFloatValueCount()).isEqualTo(8);
    }

    @Test
    void aRank5PoolIsAPooling3dLayer() {
        Program p = new Program();
        Builder b = TestPrograms.main(p, TestPrograms.registry(), Map.of("x", TensorType.of(DType.FP32, 1, 4, 5, 6, 7)));
        Var x = b.function().inputs().get(0);
        Var y = b.op("avg_pool").input("x", x).input("kernel_sizes", TensorValue.vector(new int[] {3, 2, 1}))
                .input("strides", TensorValue.vector(new int[] {1, 2, 1})).input("pad_type", TensorValue.scalar("custom"))
                .input("pad", TensorValue.vector(new int[] {1, 1, 0, 1, 0, 0}))
                .input("exclude_padding_from_average", TensorValue.scalar(false)).output();
        b.function().setOutputs(List.of(y));
        Model m = convert(p);
        assertThat(m.getSpecificationVersion()).isEqualTo(5);
        NeuralNetworkLayer layer = m.getNeuralNetwork().getLayers(0);
        assertThat(layer.getLayerCase()).isEqualTo(NeuralNetworkLayer.LayerCase.POOLING3D);
        Pooling3DLayerParams q = layer.getPooling3D();
        assertThat(q.getType()).isEqualTo(Pooling3DLayerParams.PoolingType3D.AVERAGE);
        assertThat(List.of(q.getKernelDepth(), q.getKernelHeight(), q.getKernelWidth())).containsExactly(3, 2, 1);
        assertThat(List.of(q.getStrideDepth(), q.getStrideHeight(), q.getStrideWidth())).containsExactly(1, 2, 1);
        assertThat(q.getPaddingType()).isEqualTo(Pooling3DLayerParams.Pooling3DPaddingType.CUSTOM);
        assertThat(List.of(q.getCustomPaddingFront(), q.getCustomPaddingBack(), q.getCustomPaddingTop(),
                q.getCustomPaddingBottom(), q.getCustomPaddingLeft(), q.getCustomPaddingRight()))
                .containsExactly(1, 1, 0, 1, 0, 0);
        assertThat(q.getCountExcludePadding()).isFalse();
    }

    @Test
    void unalignedBilinearResizeIsAnUpsampleWithoutAlignedCorners() {
        Program p = new Program();
        Builder b = TestPrograms.main(p, TestPrograms.registry(), Map.of("x", TensorType.of(DType.FP32, 1, 3, 28, 6)));
        Var x = b.function().inputs().get(0);
        Var whole = NnOps.resizeBilinear(b, x, 224, 12, "UNALIGN_CORNERS");
        Var fractional = NnOps.resizeBilinear(b, x, 42, 9, "UNALIGN_CORNERS");
        b.function().setOutputs(List.of(whole, fractional));
        Model m = convert(p);
        assertThat(m.getSpecificationVersion()).isEqualTo(5);
        UpsampleLayerParams u = m.getNeuralNetwork().getLayers(0).getUpsample();
        assertThat(u.getMode()).isEqualTo(UpsampleLayerParams.InterpolationMode.BILINEAR);
        assertThat(u.getLinearUpsampleMode()).isEqualTo(UpsampleLayerParams.LinearUpsampleMode.ALIGN_CORNERS_FALSE);
        assertThat(u.getScalingFactorList()).containsExactly(8L, 2L);
        UpsampleLayerParams f = m.getNeuralNetwork().getLayers(1).getUpsample();
        assertThat(f.getScalingFactorList()).isEmpty();
        assertThat(f.getFractionalScalingFactorList()).hasSize(2);
        assertThat((long) Math.floor(f.getFractionalScalingFactor(0) * 28)).isEqualTo(42);
        assertThat((long) Math.floor(f.getFractionalScalingFactor(1) * 6)).isEqualTo(9);
        assertThat(f.getFractionalScalingFactor(0)).isCloseTo(1.5f, offset(1e-6f));
    }

    @Test
    void reflectAndReplicatePadsOfTheLastTwoDimsAreThePaddingLayer() {
        Program p = new Program();
        Builder b = TestPrograms.main(p, TestPrograms.registry(), Map.of("x", TensorType.of(DType.FP32, 1, 2, 4, 5)));
        Var x = b.function().inputs().get(0);
        Var reflected = TensorOps.pad(b, x, new int[] {0, 0, 1, 2, 3, 0}, "reflect");
        Var replicated = TensorOps.pad(b, x, new int[] {2, 1}, "replicate");
        b.function().setOutputs(List.of(reflected, replicated));
        List<NeuralNetworkLayer> layers = convert(p).getNeuralNetwork().getLayersList();
        PaddingLayerParams r = layers.get(0).getPadding();
        assertThat(r.hasReflection()).isTrue();
        assertThat(r.getPaddingAmounts().getBorderAmountsList()).extracting(a -> a.getStartEdgeSize() + ":"
                + a.getEndEdgeSize()).containsExactly("1:2", "3:0");
        PaddingLayerParams s = layers.get(1).getPadding();
        assertThat(s.hasReplication()).isTrue();
        assertThat(s.getPaddingAmounts().getBorderAmountsList()).extracting(a -> a.getStartEdgeSize() + ":"
                + a.getEndEdgeSize()).containsExactly("0:0", "2:1");
    }

    @Test
    void reflectAndReplicatePadsOfRank1And2InputsExpandToRank3AroundThePaddingLayer() {
        Program p = new Program();
        Builder b = TestPrograms.main(p, TestPrograms.registry(), Map.of("x", TensorType.of(DType.FP32, 3, 6),
                "s", TensorType.of(DType.FP32, 8)));
        Var x = b.function().inputs().stream().filter(v -> v.name().equals("x")).findFirst().orElseThrow();
        Var s = b.function().inputs().stream().filter(v -> v.name().equals("s")).findFirst().orElseThrow();
        Var reflected = TensorOps.pad(b, x, new int[] {1, 0, 2, 3}, "reflect");
        Var replicated = TensorOps.pad(b, s, new int[] {4, 1}, "replicate");
        b.function().setOutputs(List.of(reflected, replicated));
        List<NeuralNetworkLayer> layers = convert(p).getNeuralNetwork().getLayersList();
        assertThat(layers).extracting(NeuralNetworkLayer::getLayerCase).containsExactly(
                NeuralNetworkLayer.LayerCase.EXPANDDIMS, NeuralNetworkLayer.LayerCase.PADDING,
                NeuralNetworkLayer.LayerCase.SQUEEZE, NeuralNetworkLayer.LayerCase.EXPANDDIMS,
                NeuralNetworkLayer.LayerCase.PADDING, NeuralNetworkLayer.LayerCase.SQUEEZE);
        assertThat(layers.get(0).getExpandDims().getAxesList()).containsExactly(0L);
        assertThat(layers.get(1).getPadding().hasReflection()).isTrue();
        assertThat(layers.get(1).getPadding().getPaddingAmounts().getBorderAmountsList()).extracting(a ->
                a.getStartEdgeSize() + ":" + a.getEndEdgeSize()).containsExactly("1:0", "2:3");
        assertThat(layers.get(2).getSqueeze().getAxesList()).containsExactly(0L);
        assertThat(layers.get(2).getOutputList()).containsExactly(reflected.name());
        assertThat(layers.get(3).getExpandDims().getAxesList()).containsExactly(0L, 1L);
        assertThat(layers.get(4).getPadding().hasReplication()).isTrue();
        assertThat(layers.get(4).getPadding().getPaddingAmounts().getBorderAmountsList()).extracting(a ->
                a.getStartEdgeSize() + ":" + a.getEndEdgeSize()).containsExactly("0:0", "4:1");
        assertThat(layers.get(5).getSqueeze().getAxesList()).containsExactly(0L, 1L);
    }

    @Test
    void aReflectPadOfAnEarlierDimIsRefusedWithTheWayOut() {
        Program p = new Program();
        Builder b = TestPrograms.main(p, TestPrograms.registry(), Map.of("x", TensorType.of(DType.FP32, 1, 2, 4, 5)));
        Var x = b.function().inputs().get(0);
        b.function().setOutputs(List.of(TensorOps.pad(b, x, new int[] {1, 1, 0, 0, 0, 0}, "reflect")));
        assertThatThrownBy(() -> convert(p)).isInstanceOf(ConversionException.class)
                .hasMessageContaining("`pad` mode `reflect` of [1, 1, 0, 0, 0, 0]")
                .hasMessageContaining("convert to the ML Program target");
    }
}
