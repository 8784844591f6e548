package dev.mil4j.backend.neuralnetwork;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.backend.neuralnetwork.layers.LayerTranslations;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.ops.StandardOps;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class CoverageTest {
    /**
     * Every standard op has a translation except those the NeuralNetwork format has no layer for here, and the
     * {@code constexpr_*} ops of ML Program weight compression (NeuralNetwork models quantize weights in the layers).
     */
    @Test
    void everyStandardOpIsTranslatedButTheKnownGaps() {
        Set<String> untranslated = new TreeSet<>();
        for (OpDef d : StandardOps.definitions()) {
            if (LayerTranslations.lookup(d.name()).isEmpty()) {
                untranslated.add(d.name());
            }
        }
        // the iOS18 ops (attention, states, slice_update) have no NeuralNetwork layer: states need an ML Program;
        // compressed weights are decompressed by the NeuralNetwork writer's own quantization, not as layers;
        // a NeuralNetwork classifier is a record of the model (labels, outputs), not a layer: `classify` has none;
        // the format has no grid-sampling layer for resample; the random draws (its RandomUniform/RandomNormal
        // layers) are not mapped yet
        assertThat(untranslated).containsExactly("batch_to_space", "classify", "constexpr_affine_dequantize",
                "constexpr_blockwise_shift_scale", "constexpr_cast", "constexpr_lut_to_dense", "constexpr_lut_to_sparse",
                "constexpr_sparse_blockwise_shift_scale", "constexpr_sparse_to_dense", "coreml_update_state",
                "list_gather", "list_length", "list_read", "list_scatter", "list_write", "make_list", "random_normal",
                "random_uniform", "read_state", "resample", "scaled_dot_product_attention", "slice_update",
                "space_to_batch");
    }
}
