package dev.mil4j.backend.neuralnetwork.layers;

import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.rank;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.spec.proto.BorderAmounts;
import dev.mil4j.spec.proto.ExpandDimsLayerParams;
import dev.mil4j.spec.proto.PaddingLayerParams;
import dev.mil4j.spec.proto.SqueezeLayerParams;
import java.util.Arrays;

/** MIL {@code pad} in reflect or replicate mode as the NeuralNetwork {@code padding} layer. */
final class EdgePadding {
    private EdgePadding() {
    }

    /**
     * Reflect and replicate pads of the last two dims (a rank 1 to 5 input) are the {@code padding} layer, whose
     * amounts are {@code [top, bottom]} then {@code [left, right]}; a rank 1 or 2 input (a signal, a sequence of
     * features) is expanded to rank 3 before it ({@code expandDims} of the leading axes) and squeezed back after.
     */
    static void emit(Operation op, LayerEmitter out, Var x, long[] pad, String mode) {
        int dims = pad.length / 2;
        boolean lastTwo = rank(x) >= 1 && rank(x) <= 5;
        for (int i = 0; i < 2 * (dims - 2); i++) {
            lastTwo &= pad[i] == 0;
        }
        if (!lastTwo || !(mode.equals("reflect") || mode.equals("replicate"))) {
            throw new LayerException("`pad` mode `" + mode + "` of " + Arrays.toString(pad) + " on "
                    + x.type() + " has no NeuralNetwork form (reflect and replicate pads of the last two dims of a "
                    + "rank 1 to 5 input only)", "convert to the ML Program target");
        }
        long top = dims >= 2 ? pad[pad.length - 4] : 0;
        long bottom = dims >= 2 ? pad[pad.length - 3] : 0;
        BorderAmounts.Builder amounts = BorderAmounts.newBuilder()
                .addBorderAmounts(BorderAmounts.EdgeSizes.newBuilder().setStartEdgeSize(top).setEndEdgeSize(bottom))
                .addBorderAmounts(BorderAmounts.EdgeSizes.newBuilder().setStartEdgeSize(pad[pad.length - 2])
                        .setEndEdgeSize(pad[pad.length - 1]));
        PaddingLayerParams.Builder p = PaddingLayerParams.newBuilder().setPaddingAmounts(amounts);
        if (mode.equals("reflect")) {
            p.setReflection(PaddingLayerParams.PaddingReflection.getDefaultInstance());
        } else {
            p.setReplication(PaddingLayerParams.PaddingReplication.getDefaultInstance());
        }
        int missing = Math.max(3 - rank(x), 0);
        if (missing == 0) {
            out.add(op.name(), out.input(x), out.name(op.output()), l -> l.setPadding(p));
            return;
        }
        String expanded = op.name() + "_expand_dims";
        String padded = out.name(op.output()) + "_expanded";
        ExpandDimsLayerParams.Builder expand = ExpandDimsLayerParams.newBuilder();
        SqueezeLayerParams.Builder squeeze = SqueezeLayerParams.newBuilder();
        for (int i = 0; i < missing; i++) {
            expand.addAxes(i);
            squeeze.addAxes(i);
        }
        out.add(expanded, out.input(x), expanded, l -> l.setExpandDims(expand));
        out.add(padded, expanded, padded, l -> l.setPadding(p));
        out.add(op.name(), padded, out.name(op.output()), l -> l.setSqueeze(squeeze));
    }
}
