package dev.mil4j.frontend.onnx.translate;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxTranslations;
import dev.mil4j.ops.NnOps;
import java.util.List;
import java.util.Optional;

/**
 * Normalization: {@code BatchNormalization} (inference form), {@code InstanceNormalization},
 * {@code LayerNormalization} and {@code LRN}.
 */
final class NormTranslations {
    private NormTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                OnnxTranslations.of("BatchNormalization", 7, (n, c) -> {
                    if (n.intAttribute("training_mode", 0) != 0) {
                        throw c.error("is in training mode (training_mode=1)",
                                "export the model in eval mode (model.eval() before torch.onnx.export)");
                    }
                    return List.of(NnOps.batchNorm(c.builder(), c.input(0), c.input(3), c.input(4),
                            Optional.of(c.input(1)), Optional.of(c.input(2)), n.floatAttribute("epsilon", 1e-5f)));
                }),
                OnnxTranslations.of("InstanceNormalization", 6, (n, c) -> List.of(NnOps.instanceNorm(c.builder(),
                        c.input(0), Optional.of(c.input(1)), Optional.of(c.input(2)),
                        n.floatAttribute("epsilon", 1e-5f)))),
                OnnxTranslations.of("LRN", 1, (n, c) -> {
                    int size = (int) n.intAttribute("size").orElseThrow(() -> c.error("has no size"));
                    return List.of(NnOps.localResponseNorm(c.builder(), c.input(0), size,
                            n.floatAttribute("alpha", 1e-4f), n.floatAttribute("beta", 0.75f),
                            n.floatAttribute("bias", 1f)));
                }),
                OnnxTranslations.of("LayerNormalization", 17, (n, c) -> {
                    Var x = c.input(0);
                    int rank = x.tensorType().rank();
                    int axis = c.axis(n.intAttribute("axis", -1), rank);
                    int[] axes = new int[rank - axis];
                    for (int i = 0; i < axes.length; i++) {
                        axes[i] = axis + i;
                    }
                    // by hand: the axes const comes before the scale and offset, which may be initializers
                    // made consts on first use
                    return List.of(c.builder().op("layer_norm").input("x", x).input("axes", TensorValue.vector(axes))
                            .input("gamma", c.input(1)).input("beta", c.optionalInput(2))
                            .input("epsilon", TensorValue.fromDoubles(x.tensorType().dtype(), Shape.scalar(),
                                    n.floatAttribute("epsilon", 1e-5f))).output());
                }));
    }
}
