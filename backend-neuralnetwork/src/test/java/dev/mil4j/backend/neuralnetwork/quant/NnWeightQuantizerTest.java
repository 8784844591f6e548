package dev.mil4j.backend.neuralnetwork.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.backend.neuralnetwork.NeuralNetworkBackendPlugin;
import dev.mil4j.backend.neuralnetwork.reader.NeuralNetworkReader;
import dev.mil4j.converter.Converter;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.StandardOps;
import dev.mil4j.spec.ModelFiles;
import dev.mil4j.spec.proto.InnerProductLayerParams;
import dev.mil4j.spec.proto.Model;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import dev.mil4j.spec.proto.WeightParams;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NnWeightQuantizerTest {
    private static final Converter CONVERTER = Converter.builder().plugin(new NeuralNetworkBackendPlugin()).build();

    private static Model model(String name) throws IOException {
        return ModelFiles.readModel(TestData.path("coremltools-features/" + name));
    }

    private static List<InnerProductLayerParams> innerProducts(Model m) {
        return m.getNeuralNetwork().getLayersList().stream().filter(NeuralNetworkLayer::hasInnerProduct)
                .map(NeuralNetworkLayer::getInnerProduct).toList();
    }

    private static float[] values(InnerProductLayerParams p) {
        return NnWeightCodec.dequantize(p.getWeights(), (int) (p.getInputChannels() * p.getOutputChannels()));
    }

    @Test
    void readsCoremltoolsLinear8AndLookupTableWeightsNearTheOriginal() throws IOException {
        List<InnerProductLayerParams> fp32 = innerProducts(model("mlp256_nn.mlmodel"));
        List<InnerProductLayerParams> q8 = innerProducts(model("mlp256_nn_q8_linear.mlmodel"));
        List<InnerProductLayerParams> lut4 = innerProducts(model("mlp256_nn_q4_linear_lut.mlmodel"));
        for (int layer = 0; layer < fp32.size(); layer++) {
            float[] original = values(fp32.get(layer));
            double range = range(original);
            // 8 bits per channel: within half a step of the channel's range; 4-bit table: half a step of the tensor's
            assertThat(maxAbsDiff(original, values(q8.get(layer)))).isLessThanOrEqualTo(range / 255 / 2 * 1.01);
            // a wrong bit order inside the packed bytes would put values many steps away
            assertThat(maxAbsDiff(original, values(lut4.get(layer)))).isLessThanOrEqualTo(range / 15 / 2 * 1.01);
        }
    }

    @Test
    void linear8MatchesCoremltoolsLayout() throws IOException {
        Model quantized = NnWeightQuantizer.quantize(model("mlp256_nn.mlmodel"), NnQuantization.linear8(0)).model();
        List<InnerProductLayerParams> ours = innerProducts(quantized);
        List<InnerProductLayerParams> theirs = innerProducts(model("mlp256_nn_q8_linear.mlmodel"));
        for (int layer = 0; layer < ours.size(); layer++) {
            WeightParams a = ours.get(layer).getWeights();
            WeightParams b = theirs.get(layer).getWeights();
            assertThat(a.getRawValue().size()).isEqualTo(b.getRawValue().size());
            assertThat(a.getQuantization().getNumberOfBits()).isEqualTo(8);
            assertThat(a.getQuantization().getLinearQuantization().getScaleCount())
                    .isEqualTo(b.getQuantization().getLinearQuantization().getScaleCount());
            assertThat(a.getQuantization().getLinearQuantization().getBiasList())
                    .isEqualTo(b.getQuantization().getLinearQuantization().getBiasList());
            // same codes up to a rounding step (coremltools rounds in float64)
            int[] x = NnWeightCodec.unpack(a.getRawValue(), 8, a.getRawValue().size());
            int[] y = NnWeightCodec.unpack(b.getRawValue(), 8, b.getRawValue().size());
            for (int i = 0; i < x.length; i++) {
                assertThat(Math.abs(x[i] - y[i])).as("code %d of layer %d", i, layer).isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void uniformTableMatchesCoremltoolsLinearLut() throws IOException {
        Model quantized = NnWeightQuantizer.quantize(model("mlp256_nn.mlmodel"),
                NnQuantization.lookupTable(4, false, 0)).model();
        List<InnerProductLayerParams> ours = innerProducts(quantized);
        List<InnerProductLayerParams> theirs = innerProducts(model("mlp256_nn_q4_linear_lut.mlmodel"));
        for (int layer = 0; layer < ours.size(); layer++) {
            WeightParams a = ours.get(layer).getWeights();
            WeightParams b = theirs.get(layer).getWeights();
            assertThat(a.getRawValue().size()).isEqualTo(b.getRawValue().size());
            List<Float> ta = a.getQuantization().getLookupTableQuantization().getFloatValueList();
            List<Float> tb = b.getQuantization().getLookupTableQuantization().getFloatValueList();
            for (int i = 0; i < 16; i++) {
                assertThat(ta.get(i)).isCloseTo(tb.get(i), org.assertj.core.data.Offset.offset(1e-6f));
            }
            float[] va = values(ours.get(layer));
            float[] vb = values(theirs.get(layer));
            assertThat(maxAbsDiff(va, vb)).isLessThanOrEqualTo(range(va) / 15 * 1.01);
        }
    }

    @Test
    void packsMostSignificantBitsFirst() {
        assertThat(NnWeightCodec.pack(new int[] {1, 2, 3}, 4).toByteArray()).containsExactly(0x12, 0x30);
        assertThat(NnWeightCodec.pack(new int[] {1, 0, 1}, 1).toByteArray()).containsExactly(0xa0);
        assertThat(NnWeightCodec.pack(new int[] {5, 7}, 3).toByteArray()).containsExactly(0xbc);
        assertThat(NnWeightCodec.unpack(NnWeightCodec.pack(new int[] {5, 7, 2, 6}, 3), 3, 4))
                .containsExactly(5, 7, 2, 6);
    }

    // the quantized models read back into MIL and run in the interpreter, against the fp32 model
    @Test
    void quantizedMlpOutputsStayNearTheOriginal() throws IOException {
        Model original = model("mlp256_nn.mlmodel");
        double[] bound = {0.01, 0.05, 0.3}; // measured: at most 0.008, 0.033, 0.21
        NnQuantization[] modes = {NnQuantization.linear8(2048), NnQuantization.lookupTable(6, true, 2048),
            NnQuantization.lookupTable(4, true, 2048)};
        Program fp32 = NeuralNetworkReader.read(original, StandardOps.newRegistry(), "mlp256_nn.mlmodel");
        for (int m = 0; m < modes.length; m++) {
            NnWeightQuantizer.Result r = NnWeightQuantizer.quantize(original, modes[m]);
            assertThat(r.reports()).hasSize(6).allMatch(NnWeightReport::quantized);
            assertThat(r.model().getSerializedSize()).isLessThan(original.getSerializedSize() / 3);
            Program quantized = NeuralNetworkReader.read(r.model(), StandardOps.newRegistry(), "quantized");
            Random random = new Random(7);
            for (int sample = 0; sample < 5; sample++) {
                float[] x = new float[16];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) random.nextGaussian();
                }
                Map<String, TensorValue> in = Map.of("x", TensorValue.ofFloats(Shape.of(1, 16), x));
                float[] want = CONVERTER.run(fp32, in).get("logits").toFloatArray();
                float[] got = CONVERTER.run(quantized, in).get("logits").toFloatArray();
                assertThat(maxAbsDiff(want, got) / maxAbs(want)).as("%s", modes[m]).isLessThan(bound[m]);
            }
        }
    }

    // coremltools quantizes a selected layer's bias too, as one channel: same layout, same file size
    @Test
    void biasesAreQuantizedAsCoremltoolsDoes() throws IOException {
        Model ours = NnWeightQuantizer.quantize(model("mlp256_nn.mlmodel"), NnQuantization.linear8(2048)).model();
        Model theirs = model("mlp256_nn_q8_linear.mlmodel");
        assertThat(ours.getSerializedSize()).isEqualTo(theirs.getSerializedSize()).isEqualTo(77_491);
        List<InnerProductLayerParams> a = innerProducts(ours);
        List<InnerProductLayerParams> b = innerProducts(theirs);
        for (int layer = 0; layer < a.size(); layer++) {
            WeightParams x = a.get(layer).getBias();
            WeightParams y = b.get(layer).getBias();
            assertThat(x.getQuantization().getLinearQuantization().getScaleCount()).isEqualTo(1);
            assertThat(x.getRawValue().size()).isEqualTo(y.getRawValue().size());
            assertThat(x.getQuantization().getLinearQuantization().getBiasList())
                    .isEqualTo(y.getQuantization().getLinearQuantization().getBiasList());
            int[] cx = NnWeightCodec.unpack(x.getRawValue(), 8, x.getRawValue().size());
            int[] cy = NnWeightCodec.unpack(y.getRawValue(), 8, y.getRawValue().size());
            for (int i = 0; i < cx.length; i++) {
                assertThat(Math.abs(cx[i] - cy[i])).as("bias code %d of layer %d", i, layer).isLessThanOrEqualTo(1);
            }
        }
        Model lut = NnWeightQuantizer.quantize(model("mlp256_nn.mlmodel"), NnQuantization.lookupTable(4, false, 2048))
                .model();
        assertThat(lut.getSerializedSize()).isEqualTo(model("mlp256_nn_q4_linear_lut.mlmodel").getSerializedSize())
                .isEqualTo(37_298);
    }

    // batchnorm, scale and embeddingND weights are quantized too, and the quantized model still runs
    @Test
    void otherWeightedLayersAreQuantized() {
        NnWeightQuantizer.Result r = NnWeightQuantizer.quantize(OtherLayers.model(), NnQuantization.linear8(0));
        assertThat(r.reports()).extracting(w -> w.layer() + "." + w.field()).containsExactly("bn.gamma", "bn.beta",
                "bn.mean", "bn.variance", "sc.scale", "sc.bias", "emb.weights", "emb.bias");
        assertThat(r.reports()).allMatch(NnWeightReport::quantized);
        Program before = NeuralNetworkReader.read(OtherLayers.model(), StandardOps.newRegistry(), "before");
        Program after = NeuralNetworkReader.read(r.model(), StandardOps.newRegistry(), "after");
        Map<String, TensorValue> in = OtherLayers.inputs();
        for (String out : List.of("y", "e")) {
            float[] want = CONVERTER.run(before, in).get(out).toFloatArray();
            float[] got = CONVERTER.run(after, in).get(out).toFloatArray();
            assertThat(maxAbsDiff(want, got) / maxAbs(want)).as(out).isLessThan(0.02);
        }
    }

    // a deconvolution is quantized per output channel along its weights' second axis, as coremltools does, and the
    // reader decodes it so: each channel keeps its own range (the small channels would vanish in one per tensor)
    @Test
    void deconvolutionWeightsArePerOutputChannelAlongTheSecondAxis() {
        NnWeightQuantizer.Result r = NnWeightQuantizer.quantize(OtherLayers.deconvolution(),
                NnQuantization.linear8(0));
        WeightParams w = r.model().getNeuralNetwork().getLayers(0).getConvolution().getWeights();
        assertThat(w.getQuantization().getLinearQuantization().getScaleCount()).isEqualTo(6);
        Program before = NeuralNetworkReader.read(OtherLayers.deconvolution(), StandardOps.newRegistry(), "before");
        Program after = NeuralNetworkReader.read(r.model(), StandardOps.newRegistry(), "after");
        float[] want = CONVERTER.run(before, OtherLayers.deconvolutionInputs()).get("y").toFloatArray();
        float[] got = CONVERTER.run(after, OtherLayers.deconvolutionInputs()).get("y").toFloatArray();
        int plane = want.length / 6; // y is [1, 6, 11, 11]; channel c depends on the weights of channel c only
        for (int c = 0; c < 6; c++) {
            float[] a = java.util.Arrays.copyOfRange(want, c * plane, (c + 1) * plane);
            float[] b = java.util.Arrays.copyOfRange(got, c * plane, (c + 1) * plane);
            assertThat(maxAbsDiff(a, b) / maxAbs(a)).as("output channel %d", c).isLessThan(0.02);
        }
    }

    @Test
    void keepsSmallWeightsAndRefusesBadBits() throws IOException {
        NnWeightQuantizer.Result r = NnWeightQuantizer.quantize(model("mlp256_nn.mlmodel"),
                NnQuantization.linear8(5000));
        assertThat(r.reports()).extracting(NnWeightReport::quantized).containsExactly(false, false, true, true, false,
                false);
        assertThat(r.reports().get(0).toString()).contains("linear_0.weights",
                "kept (layer's weights under 5000 values)");
        assertThat(r.reports().get(3).toString()).contains("linear_1.bias", "8-bit");
        assertThatThrownBy(() -> NnQuantization.lookupTable(9, true, 0)).hasMessageContaining("1 to 8 bits");
        assertThatThrownBy(() -> new NnQuantization(NnQuantization.Mode.LINEAR, 4, 0)).hasMessageContaining("8-bit");
    }

    private static double range(float[] v) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float f : v) {
            min = Math.min(min, f);
            max = Math.max(max, f);
        }
        return max - min;
    }

    private static double maxAbs(float[] v) {
        double m = 0;
        for (float f : v) {
            m = Math.max(m, Math.abs(f));
        }
        return m;
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs((double) a[i] - b[i]));
        }
        return m;
    }
}
