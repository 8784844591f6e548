package dev.mil4j.backend.neuralnetwork.reader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.ir.Program;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.StandardOps;
import dev.mil4j.spec.proto.ArrayFeatureType;
import dev.mil4j.spec.proto.BroadcastToStaticLayerParams;
import dev.mil4j.spec.proto.FeatureDescription;
import dev.mil4j.spec.proto.FeatureType;
import dev.mil4j.spec.proto.LowerTriangularLayerParams;
import dev.mil4j.spec.proto.Model;
import dev.mil4j.spec.proto.ModelDescription;
import dev.mil4j.spec.proto.NeuralNetwork;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import dev.mil4j.spec.proto.ReshapeLikeLayerParams;
import dev.mil4j.spec.proto.UpperTriangularLayerParams;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rank-N layers coremltools writes that mil4j's backend does not: triangular parts, broadcasts, reshape-like. */
class RankNLayersTest {
    private static FeatureDescription array(String name, long... shape) {
        ArrayFeatureType.Builder a = ArrayFeatureType.newBuilder().setDataType(ArrayFeatureType.ArrayDataType.FLOAT32);
        for (long d : shape) {
            a.addShape(d);
        }
        return FeatureDescription.newBuilder().setName(name).setType(FeatureType.newBuilder().setMultiArrayType(a))
                .build();
    }

    private static NeuralNetworkLayer.Builder layer(String name, String out, String... in) {
        NeuralNetworkLayer.Builder l = NeuralNetworkLayer.newBuilder().setName(name).addOutput(out);
        for (String i : in) {
            l.addInput(i);
        }
        return l;
    }

    @Test
    void triangularPartsBroadcastsAndReshapeLike() {
        Model m = Model.newBuilder().setSpecificationVersion(4).setDescription(ModelDescription.newBuilder()
                .addInput(array("x", 3, 3)).addInput(array("r", 9)).addOutput(array("lo")).addOutput(array("up"))
                .addOutput(array("bc")).addOutput(array("rs")))
                .setNeuralNetwork(NeuralNetwork.newBuilder()
                        .addLayers(layer("lo", "lo", "x").setLowerTriangular(LowerTriangularLayerParams.newBuilder()
                                .setK(1)))
                        .addLayers(layer("up", "up", "x").setUpperTriangular(UpperTriangularLayerParams
                                .getDefaultInstance()))
                        .addLayers(layer("bc", "bc", "x").setBroadcastToStatic(BroadcastToStaticLayerParams
                                .newBuilder().addTargetShape(2).addTargetShape(3).addTargetShape(3)))
                        .addLayers(layer("rs", "rs", "x", "r").setReshapeLike(ReshapeLikeLayerParams
                                .getDefaultInstance())))
                .build();
        Program p = NeuralNetworkReader.read(m, StandardOps.newRegistry(), "m.mlmodel");
        TensorValue x = TensorValue.ofFloats(Shape.of(3, 3), 1, 2, 3, 4, 5, 6, 7, 8, 9);
        Map<String, TensorValue> out = Fixtures.CONVERTER.run(p, Map.of("x", x,
                "r", TensorValue.ofFloats(Shape.of(9), new float[9])));
        assertThat(out.get("lo").toFloatArray()).containsExactly(1, 2, 0, 4, 5, 6, 7, 8, 9);
        assertThat(out.get("up").toFloatArray()).containsExactly(1, 2, 3, 0, 5, 6, 0, 0, 9);
        assertThat(out.get("bc").shape()).isEqualTo(Shape.of(2, 3, 3));
        assertThat(out.get("bc").toFloatArray()).startsWith(x.toFloatArray()).endsWith(x.toFloatArray());
        assertThat(out.get("rs").shape()).isEqualTo(Shape.of(9));
        assertThat(out.get("rs").toFloatArray()).containsExactly(x.toFloatArray());
    }
}
