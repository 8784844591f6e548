package dev.mil4j.backend.neuralnetwork.reader;

import dev.mil4j.spec.proto.NeuralNetworkLayer;
import dev.mil4j.spec.proto.NeuralNetworkLayer.LayerCase;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Every layer reader, by layer kind, assembled from the family lists. */
final class LayerReaders {
    private static final Map<LayerCase, LayerReader> ALL = assemble();

    private LayerReaders() {
    }

    private static Map<LayerCase, LayerReader> assemble() {
        Map<LayerCase, LayerReader> all = new EnumMap<>(LayerCase.class);
        for (Map<LayerCase, LayerReader> family : List.of(ActivationReaders.readers(), ElementwiseReaders.readers(),
                NnReaders.readers(), ConvReaders.readers(), TensorReaders.readers(), ReductionReaders.readers(),
                ImageReaders.readers(), NdReaders.readers(), ControlFlowReaders.readers())) {
            for (Map.Entry<LayerCase, LayerReader> e : family.entrySet()) {
                if (all.put(e.getKey(), e.getValue()) != null) {
                    throw new IllegalStateException("two readers of NeuralNetwork layer kind " + e.getKey());
                }
            }
        }
        return all;
    }

    static Optional<LayerReader> lookup(LayerCase kind) {
        return Optional.ofNullable(ALL.get(kind));
    }

    /** The layer kinds with a reader. */
    static Set<LayerCase> kinds() {
        return Set.copyOf(ALL.keySet());
    }

    /** A layer kind as the specification spells its field, e.g. {@code innerProduct}. */
    static String kindName(NeuralNetworkLayer layer) {
        if (layer.getLayerCase() == LayerCase.LAYER_NOT_SET) {
            return "(no kind)";
        }
        return NeuralNetworkLayer.getDescriptor().findFieldByNumber(layer.getLayerCase().getNumber()).getName();
    }
}
