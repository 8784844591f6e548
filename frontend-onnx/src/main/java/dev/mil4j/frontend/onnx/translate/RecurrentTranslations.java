package dev.mil4j.frontend.onnx.translate;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import dev.mil4j.frontend.onnx.OnnxTranslations;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.TensorOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Recurrent layers: {@code LSTM}, {@code GRU} and {@code RNN} (opset 7 on; {@code layout} from opset 14), unrolled
 * over the known sequence length. Directions forward, reverse and bidirectional; {@code layout} 0 ({@code X [T, B,
 * I]}) and 1 ({@code [B, T, I]}); optional biases, initial states and (LSTM) peepholes; the activations attribute
 * with its alphas and betas ({@link RecurrentActivation}); {@code clip}; LSTM {@code input_forget}; GRU
 * {@code linear_before_reset}. {@code sequence_lens} must be constant and equal to the sequence length (ragged
 * batches are refused). The cells are in {@link RecurrentCells}; outputs are {@code Y [T, D, B, H]} (layout 1:
 * {@code [B, T, D, H]}), {@code Y_h} and, for LSTM, {@code Y_c} ({@code [D, B, H]}, layout 1: {@code [B, D, H]}).
 */
final class RecurrentTranslations {
    private RecurrentTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                OnnxTranslations.of("GRU", 7, (n, c) -> recurrent(n, c, RecurrentCells.Kind.GRU)),
                OnnxTranslations.of("LSTM", 7, (n, c) -> recurrent(n, c, RecurrentCells.Kind.LSTM)),
                OnnxTranslations.of("RNN", 7, (n, c) -> recurrent(n, c, RecurrentCells.Kind.RNN)));
    }

    private static List<Var> recurrent(OnnxNode n, OnnxTranslationContext c, RecurrentCells.Kind kind) {
        Builder b = c.builder();
        Var x = c.input(0);
        if (x.tensorType().rank() != 3) {
            throw c.error("needs an input X of rank 3, got " + x.tensorType());
        }
        boolean batchFirst = n.intAttribute("layout", 0) != 0;
        String direction = n.stringAttribute("direction", "forward");
        int dirs = switch (direction) {
            case "forward", "reverse" -> 1;
            case "bidirectional" -> 2;
            default -> throw c.error("has direction `" + direction + "`",
                    "ONNX allows forward, reverse and bidirectional");
        };
        Var seq = batchFirst ? TensorOps.transpose(b, x, 1, 0, 2) : x;
        Dim steps = seq.tensorType().shape().dim(0);
        if (!steps.isKnown()) {
            throw c.error("is unrolled over the sequence and needs a known sequence length, got X "
                    + x.tensorType(), "give the model's inputs fixed shapes (InputType) when converting");
        }
        int t = (int) steps.size();
        checkSequenceLengths(c, t);
        Var w = c.input(1);
        Var r = c.input(2);
        long hidden = r.tensorType().shape().dim(2).isKnown() ? r.tensorType().shape().dim(2).size()
                : n.intAttribute("hidden_size", -1);
        if (hidden <= 0) {
            throw c.error("has neither a hidden_size attribute nor a recurrence weight R of known shape");
        }
        List<RecurrentActivation> acts = RecurrentActivation.of(n, c, kind.activations(), dirs);
        float clip = n.floatAttribute("clip", Float.POSITIVE_INFINITY);
        RecurrentCells cells = new RecurrentCells(b, kind, (int) hidden, clip,
                kind == RecurrentCells.Kind.LSTM && n.intAttribute("input_forget", 0) != 0,
                kind == RecurrentCells.Kind.GRU && n.intAttribute("linear_before_reset", 0) != 0);
        Optional<Var> h0 = initialState(c, 5, batchFirst);
        Optional<Var> c0 = kind == RecurrentCells.Kind.LSTM ? initialState(c, 6, batchFirst) : Optional.empty();
        Optional<Var> peepholes = kind == RecurrentCells.Kind.LSTM ? c.optionalInput(7) : Optional.empty();
        List<Var> ys = new ArrayList<>();
        List<Var> hs = new ArrayList<>();
        List<Var> cs = new ArrayList<>();
        for (int k = 0; k < dirs; k++) {
            int d = k;
            boolean reverse = direction.equals("reverse") || d == 1;
            Var zeros = zeros(b, seq, (int) hidden);
            RecurrentCells.Direction weights = new RecurrentCells.Direction(direction(b, w, d),
                    direction(b, r, d), c.optionalInput(3).map(v -> direction(b, v, d)),
                    h0.map(v -> direction(b, v, d)).orElse(zeros),
                    kind == RecurrentCells.Kind.LSTM ? c0.map(v -> direction(b, v, d)).orElse(zeros) : zeros,
                    peepholes.map(v -> direction(b, v, d)),
                    acts.subList(d * kind.activations(), (d + 1) * kind.activations()));
            RecurrentCells.Run run = cells.run(seq, t, weights, reverse);
            ys.add(run.sequence());
            hs.add(run.h());
            cs.add(run.c());
        }
        Var y = TensorOps.stack(b, ys, 1);
        Var yh = TensorOps.stack(b, hs, 0);
        List<Var> out = new ArrayList<>(List.of(batchFirst ? TensorOps.transpose(b, y, 2, 0, 1, 3) : y,
                batchFirst ? TensorOps.transpose(b, yh, 1, 0, 2) : yh));
        if (kind == RecurrentCells.Kind.LSTM) {
            Var yc = TensorOps.stack(b, cs, 0);
            out.add(batchFirst ? TensorOps.transpose(b, yc, 1, 0, 2) : yc);
        }
        return out.subList(0, Math.min(out.size(), n.outputs().size()));
    }

    /** {@code sequence_lens} (input 4), when given, must be constant and equal to the sequence length everywhere. */
    private static void checkSequenceLengths(OnnxTranslationContext c, int steps) {
        if (!c.hasInput(4)) {
            return;
        }
        TensorValue lens = c.constInput(4).orElseThrow(() -> c.error("has a sequence_lens computed at run time; "
                + "only sequences that all have the full length " + steps + " are supported",
                "pad the batch and drop sequence_lens, or give it as a constant"));
        for (int i = 0; i < lens.elementCount(); i++) {
            if (lens.getLong(i) != steps) {
                throw c.error("has sequence_lens " + Arrays.toString(lens.toLongArray()) + " that differ from the "
                        + "sequence length " + steps + "; ragged batches are not supported",
                        "run sequences of different lengths in separate batches");
            }
        }
    }

    /** Initial state input {@code i} ({@code [D, B, H]}; layout 1 {@code [B, D, H]}), as {@code [D, B, H]}. */
    private static Optional<Var> initialState(OnnxTranslationContext c, int i, boolean batchFirst) {
        return c.optionalInput(i).map(v -> batchFirst ? TensorOps.transpose(c.builder(), v, 1, 0, 2) : v);
    }

    /** Slice {@code d} of a per-direction tensor, without its leading axis. */
    private static Var direction(Builder b, Var v, int d) {
        return TensorOps.gather(b, v, b.constant(TensorValue.scalar(d)), 0);
    }

    /** Zeros {@code [B, H]} for the batch of {@code seq [T, B, I]}, at run time when the batch size is unknown. */
    private static Var zeros(Builder b, Var seq, int hidden) {
        Dim batch = seq.tensorType().shape().dim(1);
        TensorValue zero = TensorValue.fromDoubles(seq.tensorType().dtype(), Shape.scalar(), 0);
        if (batch.isKnown()) {
            return b.constant(TensorValue.fromDoubles(seq.tensorType().dtype(),
                    Shape.of(batch.size(), hidden), new double[(int) batch.size() * hidden]));
        }
        Var batchSize = TensorOps.gather(b, MathOps.shape(b, seq), new int[] {1}, 0);
        Var shape = TensorOps.concat(b, List.of(batchSize, b.constant(TensorValue.vector(new int[] {hidden}))), 0);
        return MathOps.fill(b, shape, zero);
    }
}
