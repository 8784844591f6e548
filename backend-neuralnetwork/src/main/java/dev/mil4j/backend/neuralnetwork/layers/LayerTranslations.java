package dev.mil4j.backend.neuralnetwork.layers;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Every built-in translation, by MIL op type, assembled from the family lists. */
public final class LayerTranslations {
    private static final Map<String, LayerTranslation> ALL = assemble();

    private LayerTranslations() {
    }

    private static Map<String, LayerTranslation> assemble() {
        Map<String, LayerTranslation> all = new TreeMap<>();
        for (Map<String, LayerTranslation> family : java.util.List.of(ActivationLayers.translations(),
                ElementwiseLayers.translations(), ImageLayers.translations(), NdLayers.translations(),
                NnLayers.translations(), ReductionLayers.translations(), TensorLayers.translations(), ControlFlowLayers.translations())) {
            for (Map.Entry<String, LayerTranslation> e : family.entrySet()) {
                if (all.put(e.getKey(), e.getValue()) != null) {
                    throw new IllegalStateException("two NeuralNetwork translations of MIL op `" + e.getKey() + "`");
                }
            }
        }
        return Map.copyOf(all);
    }

    public static Optional<LayerTranslation> lookup(String opType) {
        return Optional.ofNullable(ALL.get(opType));
    }

    /** The MIL op types with a translation. */
    public static Set<String> opTypes() {
        return new java.util.TreeSet<>(ALL.keySet());
    }
}
