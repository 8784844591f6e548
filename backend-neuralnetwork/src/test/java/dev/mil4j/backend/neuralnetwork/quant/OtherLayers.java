package dev.mil4j.backend.neuralnetwork.quant;

import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.spec.proto.ArrayFeatureType;
import dev.mil4j.spec.proto.BatchnormLayerParams;
import dev.mil4j.spec.proto.EmbeddingNDLayerParams;
import dev.mil4j.spec.proto.FeatureDescription;
import dev.mil4j.spec.proto.FeatureType;
import dev.mil4j.spec.proto.Model;
import dev.mil4j.spec.proto.ModelDescription;
import dev.mil4j.spec.proto.NeuralNetwork;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import dev.mil4j.spec.proto.ScaleLayerParams;
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
}
