package dev.mil4j.backend.neuralnetwork.quant;

import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.spec.proto.ArrayFeatureType;
import dev.mil4j.spec.proto.BatchnormLayerParams;
import dev.mil4j.spec.proto.ConvolutionLayerParams;
import dev.mil4j.spec.proto.EmbeddingNDLayerParams;
import dev.mil4j.spec.proto.FeatureDescription;
import dev.mil4j.spec.proto.FeatureType;
import dev.mil4j.spec.proto.Model;
import dev.mil4j.spec.proto.ModelDescription;
import dev.mil4j.spec.proto.NeuralNetwork;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import dev.mil4j.spec.proto.ScaleLayerParams;
import dev.mil4j.spec.proto.ValidPadding;
import dev.mil4j.spec.proto.WeightParams;
import java.util.Map;
import java.util.Random;

/** A model of batchnorm -> scale on x[1, 4, 3, 3], and embeddingND on token ids t[3, 1] (vocabulary 5, size 6). */
final class OtherLayers {
    private OtherLayers() {
    }

    private static WeightParams values(long seed, int n, float offset) {
        Random r = new Random(seed);
        WeightParams.Builder w = WeightParams.newBuilder();
        for (int i = 0; i < n; i++) {
            w.addFloatValue(offset + (float) r.nextGaussian());
        }
        return w.build();
    }

    private static FeatureDescription array(String name, long... shape) {
        ArrayFeatureType.Builder a = ArrayFeatureType.newBuilder().setDataType(ArrayFeatureType.ArrayDataType.FLOAT32);
        for (long d : shape) {
            a.addShape(d);
        }
        return FeatureDescription.newBuilder().setName(name).setType(FeatureType.newBuilder().setMultiArrayType(a))
                .build();
    }

    static Model model() {
        NeuralNetworkLayer bn = NeuralNetworkLayer.newBuilder().setName("bn").addInput("x").addOutput("b")
                .setBatchnorm(BatchnormLayerParams.newBuilder().setChannels(4).setEpsilon(1e-5f)
                        .setGamma(values(1, 4, 1)).setBeta(values(2, 4, 0)).setMean(values(3, 4, 0))
                        .setVariance(values(4, 4, 0).toBuilder().clearFloatValue().addFloatValue(0.5f)
                                .addFloatValue(1).addFloatValue(2).addFloatValue(3)))
                .build();
        NeuralNetworkLayer sc = NeuralNetworkLayer.newBuilder().setName("sc").addInput("b").addOutput("y")
                .setScale(ScaleLayerParams.newBuilder().addShapeScale(4).setScale(values(5, 4, 0)).setHasBias(true)
                        .addShapeBias(4).setBias(values(6, 4, 0)))
                .build();
        NeuralNetworkLayer emb = NeuralNetworkLayer.newBuilder().setName("emb").addInput("t").addOutput("e")
                .setEmbeddingND(EmbeddingNDLayerParams.newBuilder().setVocabSize(5).setEmbeddingSize(6)
                        .setWeights(values(7, 30, 0)).setHasBias(true).setBias(values(8, 6, 0)))
                .build();
        return Model.newBuilder().setSpecificationVersion(4).setDescription(ModelDescription.newBuilder()
                .addInput(array("x", 1, 4, 3, 3)).addInput(array("t", 3, 1)).addOutput(array("y"))
                .addOutput(array("e"))).setNeuralNetwork(NeuralNetwork.newBuilder().addLayers(bn).addLayers(sc)
                        .addLayers(emb)).build();
    }

    static Map<String, TensorValue> inputs() {
        Random r = new Random(9);
        float[] x = new float[36];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return Map.of("x", TensorValue.ofFloats(Shape.of(1, 4, 3, 3), x),
                "t", TensorValue.ofFloats(Shape.of(3, 1), 4, 0, 2));
    }

    /** A 3x3 deconvolution of x[1, 4, 5, 5] to 6 channels, with a bias. */
    static Model deconvolution() {
        NeuralNetworkLayer deconv = NeuralNetworkLayer.newBuilder().setName("up").addInput("x").addOutput("y")
                .setConvolution(ConvolutionLayerParams.newBuilder().setIsDeconvolution(true).setOutputChannels(6)
                        .setKernelChannels(4).setNGroups(1).addKernelSize(3).addKernelSize(3).addStride(2)
                        .addStride(2).setValid(ValidPadding.getDefaultInstance())
                        .setWeights(channelScaled(values(10, 4 * 6 * 9, 0))).setHasBias(true)
                        .setBias(values(11, 6, 0)))
                .build();
        return Model.newBuilder().setSpecificationVersion(4).setDescription(ModelDescription.newBuilder()
                .addInput(array("x", 1, 4, 5, 5)).addOutput(array("y")))
                .setNeuralNetwork(NeuralNetwork.newBuilder().addLayers(deconv)).build();
    }

    // output channel c (the second axis of [4, 6, 3, 3]) scaled by 4^c: one scale per tensor would lose the small ones
    private static WeightParams channelScaled(WeightParams w) {
        WeightParams.Builder b = WeightParams.newBuilder();
        for (int i = 0; i < w.getFloatValueCount(); i++) {
            b.addFloatValue(w.getFloatValue(i) * (float) Math.pow(4, i / 9 % 6));
        }
        return b.build();
    }

    static Map<String, TensorValue> deconvolutionInputs() {
        Random r = new Random(12);
        float[] x = new float[100];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return Map.of("x", TensorValue.ofFloats(Shape.of(1, 4, 5, 5), x));
    }
}
