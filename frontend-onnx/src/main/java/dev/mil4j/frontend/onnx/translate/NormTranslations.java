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
import dev.mil4j.ops.TensorOps;
import java.util.List;
import java.util.Optional;

/**
 * Normalization: {@code BatchNormalization} (inference form), {@code InstanceNormalization} (both composed of
 * elementwise ops when their statistics or scale arrive at run time), {@code GroupNormalization} (opsets 18 and 21),
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
                    double epsilon = n.floatAttribute("epsilon", 1e-5f);
                    if (allConst(c, 1, 4)) {
                        return List.of(NnOps.batchNorm(c.builder(), c.input(0), c.input(3), c.input(4),
                                Optional.of(c.input(1)), Optional.of(c.input(2)), epsilon));
                    }
                    Builder b = c.builder();
                    Var x = c.input(0);
                    Var normalized = MathOps.mul(b, MathOps.sub(b, x, perChannel(b, c.input(3), x)),
                            MathOps.rsqrt(b, perChannel(b, c.input(4), x), epsilon));
                    return List.of(affine(b, normalized, c.input(1), c.input(2), x));
                }),
                OnnxTranslations.of("InstanceNormalization", 6, (n, c) -> {
                    double epsilon = n.floatAttribute("epsilon", 1e-5f);
                    if (allConst(c, 1, 2)) {
                        return List.of(NnOps.instanceNorm(c.builder(), c.input(0), Optional.of(c.input(1)),
                                Optional.of(c.input(2)), epsilon));
                    }
                    Builder b = c.builder();
                    Var x = c.input(0);
                    int[] spatial = new int[x.tensorType().rank() - 2];
                    for (int i = 0; i < spatial.length; i++) {
                        spatial[i] = i + 2;
                    }
                    Var centered = MathOps.sub(b, x, ReductionOps.reduceMean(b, x, spatial, true));
                    Var variance = ReductionOps.reduceMean(b, MathOps.square(b, centered), spatial, true);
                    return List.of(affine(b, MathOps.mul(b, centered, MathOps.rsqrt(b, variance, epsilon)),
                            c.input(1), c.input(2), x));
                }),
                OnnxTranslations.of("LRN", 1, (n, c) -> {
                    int size = (int) n.intAttribute("size").orElseThrow(() -> c.error("has no size"));
                    return List.of(NnOps.localResponseNorm(c.builder(), c.input(0), size,
                            n.floatAttribute("alpha", 1e-4f), n.floatAttribute("beta", 0.75f),
                            n.floatAttribute("bias", 1f)));
                }),
                OnnxTranslations.of("GroupNormalization", 18, (n, c) -> groupNorm(n, c, false)),
                OnnxTranslations.of("GroupNormalization", 21, (n, c) -> groupNorm(n, c, true)),
                OnnxTranslations.of("LayerNormalization", 17, NormTranslations::layerNorm),
                OnnxTranslations.of("MeanVarianceNormalization", 9, (n, c) -> {
                    Builder b = c.builder();
                    Var x = c.input(0);
                    int[] axes = c.axes(n.intsAttribute("axes").orElse(new long[] {0, 2, 3}), x.tensorType().rank());
                    Var centered = MathOps.sub(b, x, ReductionOps.reduceMean(b, x, axes, true));
                    Var std = MathOps.sqrt(b, ReductionOps.reduceMean(b, MathOps.square(b, centered), axes, true));
                    return List.of(MathOps.realDiv(b, centered, MathOps.add(b, std, 1e-9)));
                }));
    }

    private static boolean allConst(OnnxTranslationContext c, int from, int to) {
        for (int i = from; i <= to; i++) {
            if (!c.input(i).isConst()) {
                return false;
            }
        }
        return true;
    }

    /** A per-channel vector {@code [C]} shaped {@code [C, 1, ...]} to broadcast over {@code x [N, C, ...]}. */
    private static Var perChannel(Builder b, Var v, Var x) {
        int[] axes = new int[x.tensorType().rank() - 2];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i + 1;
        }
        return axes.length == 0 ? v : TensorOps.expandDims(b, v, axes);
    }

    /** {@code normalized * scale + bias} with per-channel scale and bias. */
    private static Var affine(Builder b, Var normalized, Var scale, Var bias, Var x) {
        return MathOps.add(b, MathOps.mul(b, normalized, perChannel(b, scale, x)), perChannel(b, bias, x));
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

    /**
     * {@code GroupNormalization}: {@code x [N, C, D1, ...]} viewed as {@code [N, G, C/G * D1 * ...]}, each group
     * normalized by its own mean and (biased) variance plus epsilon, then scaled and shifted per group (opset 18:
     * scale and bias of shape {@code [G]}) or per channel (opset 21: shape {@code [C]}). The view needs the channel
     * and spatial sizes at conversion time; the batch may vary.
     */
    private static List<Var> groupNorm(OnnxNode n, OnnxTranslationContext c, boolean perChannelScale) {
        Var x = c.input(0);
        Shape shape = x.tensorType().shape();
        int rank = shape.rank();
        if (rank < 3) {
            throw c.error("has an input of rank " + rank + "; GroupNormalization normalizes [N, C, D1, ...]");
        }
        long groups = n.intAttribute("num_groups").orElseThrow(() -> c.error("has no num_groups attribute",
                "the attribute is required: check the exporter"));
        long elements = 1;
        int[] back = new int[rank];
        back[0] = -1;
        for (int i = 1; i < rank; i++) {
            if (!shape.dim(i).isKnown()) {
                throw c.error("has input dim " + i + " of unknown size (" + shape + "); the groups need the channel "
                        + "and spatial sizes", "give the input a fixed shape with --input NAME:DIMS");
            }
            elements = Math.multiplyExact(elements, shape.dim(i).size());
            back[i] = Math.toIntExact(shape.dim(i).size());
        }
        long channels = shape.dim(1).size();
        if (groups <= 0 || channels % groups != 0) {
            throw c.error("has num_groups " + groups + ", which does not divide the " + channels + " channels");
        }
        double epsilon = n.floatAttribute("epsilon", 1e-5f);
        Builder b = c.builder();
        Var grouped = TensorOps.reshape(b, x, -1, (int) groups, Math.toIntExact(elements / groups));
        int[] last = {2};
        Var centered = MathOps.sub(b, grouped, ReductionOps.reduceMean(b, grouped, last, true));
        Var variance = ReductionOps.reduceMean(b, MathOps.square(b, centered), last, true);
        Var normalized = MathOps.mul(b, centered, MathOps.rsqrt(b, variance, epsilon));
        if (!perChannelScale) {
            int[] trailing = {1};
            normalized = MathOps.add(b, MathOps.mul(b, normalized, TensorOps.expandDims(b, c.input(1), trailing)),
                    TensorOps.expandDims(b, c.input(2), trailing));
        }
        Var y = TensorOps.reshape(b, normalized, back);
        return List.of(perChannelScale ? affine(b, y, c.input(1), c.input(2), x) : y);
    }
}
