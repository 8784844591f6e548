package dev.mil4j.backend.neuralnetwork;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.diag.Location;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.NnOps;
import dev.mil4j.ops.TensorOps;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import dev.mil4j.spec.proto.ScatterMode;
import dev.mil4j.spec.proto.UpsampleLayerParams;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** gather_nd, scatter_nd, reverse, reverse_sequence, sliding_windows, crop, resize and NMS as layers. */
class NdLayersTest {
    private static final ConvertOptions OPTIONS = ConvertOptions.builder().target("neuralnetwork").build();

    private static Builder program(Program p, Opset opset, Map<String, ValueType> inputs) {
        return Builder.atEnd(p.addFunction("main", opset, inputs).body(), TestPrograms.registry());
    }

    private static Map<String, ValueType> inputs(Object... kv) {
        Map<String, ValueType> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (ValueType) kv[i + 1]);
        }
        return m;
    }

    @Test
    void indexingAndReorderingOpsBecomeTheirLayers() {
        Program p = new Program();
        Builder b = program(p, Opset.IOS15, inputs("x", TensorType.of(DType.FP32, 2, 3, 8, 8),
                "idx", TensorType.of(DType.INT32, 4, 2), "len", TensorType.of(DType.INT32, 2)));
        Var x = b.function().inputs().get(0);
        Var idx = b.function().inputs().get(1);
        Var gathered = TensorOps.gatherNd(b, x, idx);
        Var scattered = TensorOps.scatterNd(b, x, idx, gathered, "max");
        Var reversed = TensorOps.reverse(b, scattered, 1, -1);
        Var seq = TensorOps.reverseSequence(b, reversed, b.function().inputs().get(2), 2, 0);
        Var windows = TensorOps.slidingWindows(b, seq, 3, 4, 2);
        Var cropped = NnOps.crop(b, x, 1, 2, 0, 3);
        Var resized = NnOps.resizeNearestNeighbor(b, cropped, 10, 15);
        b.function().setOutputs(List.of(windows, resized));
        List<NeuralNetworkLayer> layers = new NeuralNetworkBackend().toModel(p, OPTIONS).getNeuralNetwork()
                .getLayersList();
        assertThat(layers).extracting(l -> l.getLayerCase().name()).containsExactly("GATHERND", "SCATTERND",
                "REVERSE", "REVERSESEQ", "SLIDINGWINDOWS", "CROP", "UPSAMPLE");
        assertThat(layers.get(0).getInputList()).containsExactly("x", "idx");
        assertThat(layers.get(1).getScatterND().getMode()).isEqualTo(ScatterMode.SCATTER_MAX);
        assertThat(layers.get(2).getReverse().getReverseDimList()).containsExactly(false, true, false, true);
        assertThat(layers.get(3).getReverseSeq().getSequenceAxis()).isEqualTo(2);
        assertThat(layers.get(3).getReverseSeq().getBatchAxis()).isZero();
        assertThat(layers.get(4).getSlidingWindows().getAxis()).isEqualTo(3);
        assertThat(layers.get(4).getSlidingWindows().getWindowSize()).isEqualTo(4);
        assertThat(layers.get(4).getSlidingWindows().getStep()).isEqualTo(2);
        var amounts = layers.get(5).getCrop().getCropAmounts().getBorderAmountsList();
        assertThat(amounts).extracting(a -> a.getStartEdgeSize() + ":" + a.getEndEdgeSize())
                .containsExactly("1:2", "0:3");
        UpsampleLayerParams up = layers.get(6).getUpsample();
        assertThat(up.getMode()).isEqualTo(UpsampleLayerParams.InterpolationMode.NN);
        assertThat(up.getScalingFactorList()).containsExactly(2L, 3L);
    }

    @Test
    void nonMaximumSuppressionBecomesTheLayerWithFourOutputs() {
        Program p = new Program();
        Builder b = program(p, Opset.IOS15, inputs("boxes", TensorType.of(DType.FP32, 1, 20, 4),
                "scores", TensorType.of(DType.FP32, 1, 20, 3)));
        TensorOps.Nms nms = TensorOps.nonMaximumSuppression(b, b.function().inputs().get(0),
                b.function().inputs().get(1), 0.45f, 0.25f, 5, true);
        b.function().setOutputs(List.of(nms.boxes(), nms.scores(), nms.indices(), nms.count()));
        NeuralNetworkLayer layer = new NeuralNetworkBackend().toModel(p, OPTIONS).getNeuralNetwork().getLayers(0);
        assertThat(layer.getOutputCount()).isEqualTo(4);
        assertThat(layer.getNonMaximumSuppression().getIouThreshold()).isEqualTo(0.45f);
        assertThat(layer.getNonMaximumSuppression().getScoreThreshold()).isEqualTo(0.25f);
        assertThat(layer.getNonMaximumSuppression().getMaxBoxes()).isEqualTo(5);
        assertThat(layer.getNonMaximumSuppression().getPerClassSuppression()).isTrue();
    }

    @Test
    void opsWithoutALayerAreReportedTogetherWithTheMlProgramHint() {
        Program p = new Program();
        Builder b = program(p, Opset.IOS18, inputs("x", TensorType.of(DType.FP32, 1, 2, 4, 6)));
        Var x = b.function().inputs().get(0);
        Var s = NnOps.spaceToBatch(b.at(Location.of("tf", "SpaceToBatchND s2b")), x, 2, 2, new int[] {0, 0, 1, 1});
        Var back = NnOps.batchToSpace(b.at(Location.of("tf", "BatchToSpaceND b2s")), s, 2, 2, new int[] {0, 0, 1, 1});
        Var upd = TensorOps.sliceUpdate(b.at(Location.of("torch", "aten::slice_scatter u")), back,
                b.constant(TensorValue.ofFloats(Shape.of(1, 1, 1, 6), 1, 2, 3, 4, 5, 6)), new int[] {0, 0, 0, 0},
                new int[] {1, 1, 1, 6});
        Var odd = NnOps.resizeNearestNeighbor(b.at(Location.of("tf", "ResizeNearestNeighbor r")), upd, 5, 6);
        b.function().setOutputs(List.of(odd));
        List<Diagnostic> diags = new NeuralNetworkBackend().check(p, OPTIONS);
        String text = diags.stream().map(Diagnostic::render).reduce("", String::concat);
        assertThat(text).contains("`batch_to_space`, `slice_update`, `space_to_batch`")
                .contains("SpaceToBatchND s2b").contains("aten::slice_scatter u")
                .contains("`resize_nearest_neighbor` from 4x6 to 5x6 has no NeuralNetwork form")
                .contains("convert to the ML Program target");
    }
}
