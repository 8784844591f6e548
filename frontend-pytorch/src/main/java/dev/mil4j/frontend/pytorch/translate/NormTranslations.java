package dev.mil4j.frontend.pytorch.translate;

import static dev.mil4j.frontend.pytorch.translate.TorchTranslations.of;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.pytorch.TorchTranslationContext;
import dev.mil4j.frontend.pytorch.graph.TorchNode;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.NnOps;
import dev.mil4j.ops.TensorOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Normalizations: batch, group, instance and layer norm.
 */
final class NormTranslations {
    private NormTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                of("aten::batch_norm", (n, c) -> List.of(NnOps.batchNorm(c.builder(), c.tensor(0, "input"),
                        c.tensor(3, "running_mean"), c.tensor(4, "running_var"), c.optionalTensor(1, "weight"),
                        c.optionalTensor(2, "bias"), c.doubleValue(7, "eps", 1e-5)))),
                of("aten::group_norm", NormTranslations::groupNorm),
                of("aten::instance_norm", (n, c) -> List.of(NnOps.instanceNorm(c.builder(), c.tensor(0, "input"),
                        c.optionalTensor(1, "weight"), c.optionalTensor(2, "bias"), c.doubleValue(7, "eps", 1e-5)))),
                of("aten::layer_norm", NormTranslations::layerNorm));
    }

    /**
     * {@code group_norm(x, groups, weight, bias, eps)}: x {@code [N, C, *]} viewed as {@code [N, groups, -1]} is
     * normalized over its last axis, given back its shape, then scaled and shifted per channel.
     */
    private static List<Var> groupNorm(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "input");
        int groups = (int) c.intValue(1, "num_groups");
        int rank = x.tensorType().rank();
        if (rank < 2) {
            throw c.error("group_norm needs an input of rank 2 or more, got " + x.tensorType());
        }
        Dim channels = x.tensorType().shape().dim(1);
        if (channels.isKnown() && channels.size() % groups != 0) {
            throw c.error("group_norm of " + channels.size() + " channels into " + groups + " groups: the channels "
                    + "must divide evenly");
        }
        List<Var> grouped = new ArrayList<>(Shapes.dims(c, x, 0, 1));
        grouped.add(c.builder().constant(TensorValue.scalar(groups)));
        grouped.add(c.builder().constant(TensorValue.scalar(-1)));
        Var g = TensorOps.reshape(c.builder(), x, Shapes.vector(c, grouped));
        Var normed = NnOps.layerNorm(c.builder(), g, new int[] {2}, Optional.empty(), Optional.empty(),
                c.doubleValue(4, "eps", 1e-5));
        Var y = TensorOps.reshape(c.builder(), normed,
                Shapes.vector(c, Shapes.dims(c, x, 0, rank)));
        int[] perChannel = new int[rank - 1];
        Arrays.fill(perChannel, 1);
        perChannel[0] = -1;
        Optional<Var> weight = c.optionalTensor(2, "weight");
        if (weight.isPresent()) {
            y = MathOps.mul(c.builder(), y, TensorOps.reshape(c.builder(), weight.get(), perChannel));
        }
        Optional<Var> bias = c.optionalTensor(3, "bias");
        if (bias.isPresent()) {
            y = MathOps.add(c.builder(), y, TensorOps.reshape(c.builder(), bias.get(), perChannel));
        }
        return List.of(y);
    }

    /** {@code layer_norm(x, normalized_shape, weight, bias, eps)} normalizes the last dims. */
    private static List<Var> layerNorm(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "input");
        int dims = c.intArray(1, "normalized_shape").length;
        int rank = x.tensorType().rank();
        int[] axes = new int[dims];
        for (int i = 0; i < dims; i++) {
            axes[i] = rank - dims + i;
        }
        return List.of(NnOps.layerNorm(c.builder(), x, axes, c.optionalTensor(2, "weight"),
                c.optionalTensor(3, "bias"), c.doubleValue(4, "eps", 1e-5)));
    }
}
