package dev.mil4j.frontend.onnx.translate;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import dev.mil4j.frontend.onnx.OnnxTranslations;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.NnOps;
import dev.mil4j.ops.ReductionOps;
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
                OnnxTranslations.of("LayerNormalization", 17, NormTranslations::layerNorm));
    }

    /**
     * {@code LayerNormalization} over the axes from {@code axis} on: MIL's {@code layer_norm} when only {@code Y} is
     * used and the scale and bias are constant; otherwise composed ({@code mean}, {@code rsqrt} of the variance plus
     * epsilon, {@code mul}/{@code add} with the run-time scale and bias), which also gives the {@code Mean} and
     * {@code InvStdDev} outputs (the reduced axes kept as 1).
     */
    private static List<Var> layerNorm(OnnxNode n, OnnxTranslationContext c) {
        Var x = c.input(0);
        int rank = x.tensorType().rank();
        int axis = c.axis(n.intAttribute("axis", -1), rank);
        int[] axes = new int[rank - axis];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = axis + i;
        }
        double epsilon = n.floatAttribute("epsilon", 1e-5f);
        boolean statistics = n.outputs().size() > 1 && n.outputs().stream().skip(1).anyMatch(o -> !o.isEmpty());
        boolean constParams = c.input(1).isConst() && (!c.hasInput(2) || c.input(2).isConst());
        Builder b = c.builder();
        if (!statistics && constParams) {
            // by hand: the axes const comes before the scale and offset, which may be initializers made consts on
            // first use
            return List.of(b.op("layer_norm").input("x", x).input("axes", TensorValue.vector(axes))
                    .input("gamma", c.input(1)).input("beta", c.optionalInput(2))
                    .input("epsilon", TensorValue.fromDoubles(x.tensorType().dtype(), Shape.scalar(), epsilon))
                    .output());
        }
        Var mean = ReductionOps.reduceMean(b, x, axes, true);
        Var centered = MathOps.sub(b, x, mean);
        Var variance = ReductionOps.reduceMean(b, MathOps.square(b, centered), axes, true);
        Var inv = MathOps.rsqrt(b, variance, epsilon);
        Var y = MathOps.mul(b, MathOps.mul(b, centered, inv), c.input(1));
        if (c.hasInput(2)) {
            y = MathOps.add(b, y, c.input(2));
        }
        return List.of(y, mean, inv);
    }
}
