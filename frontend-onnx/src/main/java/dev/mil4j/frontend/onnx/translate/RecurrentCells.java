package dev.mil4j.frontend.onnx.translate;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.NnOps;
import dev.mil4j.ops.TensorOps;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The cells of ONNX's recurrent layers, unrolled over a sequence {@code [T, B, I]} for one direction. The input
 * projection of all steps is one product; each step adds the hidden projection and applies the cell with ONNX's gate
 * order and equations: LSTM {@code i, o, f, c} (peepholes {@code i, o, f}), GRU {@code z, r, h} ({@code
 * linear_before_reset} choosing where the reset gate applies), RNN one gate. {@code clip} bounds every gate's input
 * before its activation, as ONNX Runtime does.
 */
final class RecurrentCells {
    /** A recurrent layer kind, with its number of gates and of activations per direction. */
    enum Kind {
        LSTM(4, 3), GRU(3, 2), RNN(1, 1);

        private final int gates;
        private final int activations;

        Kind(int gates, int activations) {
            this.gates = gates;
            this.activations = activations;
        }

        int activations() {
            return activations;
        }
    }

    /**
     * One direction's parameters: {@code w [G*H, I]}, {@code r [G*H, H]}, {@code bias [2*G*H]} (input then
     * recurrence biases), initial states {@code [B, H]} ({@code c0} unused but for LSTM), LSTM peepholes {@code
     * [3*H]}, and the cell's activations.
     */
    record Direction(Var w, Var r, Optional<Var> bias, Var h0, Var c0, Optional<Var> peepholes,
            List<RecurrentActivation> activations) {
    }

    /** One direction's results: the hidden states of every step {@code [T, B, H]} and the final states. */
    record Run(Var sequence, Var h, Var c) {
    }

    private final Builder b;
    private final Kind kind;
    private final int hidden;
    private final float clip;
    private final boolean inputForget;
    private final boolean linearBeforeReset;

    RecurrentCells(Builder b, Kind kind, int hidden, float clip, boolean inputForget, boolean linearBeforeReset) {
        this.b = b;
        this.kind = kind;
        this.hidden = hidden;
        this.clip = clip;
        this.inputForget = inputForget;
        this.linearBeforeReset = linearBeforeReset;
    }

    /** Runs a direction over {@code steps} steps of {@code seq}, last to first when {@code reverse}. */
    Run run(Var seq, int steps, Direction d, boolean reverse) {
        int gh = kind.gates * hidden;
        Optional<Var> wb = d.bias().map(v -> TensorOps.sliceAlong(b, v, 0, 0, gh));
        Optional<Var> rb = d.bias().map(v -> TensorOps.sliceAlong(b, v, 0, gh, 2 * gh));
        boolean foldRecurrenceBias = kind != Kind.GRU || !linearBeforeReset;
        Optional<Var> inBias = foldRecurrenceBias && wb.isPresent() ? Optional.of(MathOps.add(b, wb.get(), rb.get()))
                : wb;
        Var projected = project(seq, d.w(), inBias);
        List<Var> xs = steps == 1 ? List.of(projected) : TensorOps.split(b, projected, steps, 0);
        Var h = d.h0();
        Var c = d.c0();
        Var[] outs = new Var[steps];
        for (int s = 0; s < steps; s++) {
            int t = reverse ? steps - 1 - s : s;
            Var xt = TensorOps.squeeze(b, xs.get(t), 0);
            switch (kind) {
                case LSTM -> {
                    Var[] next = lstm(d, xt, h, c);
                    h = next[0];
                    c = next[1];
                }
                case GRU -> h = gru(d, xt, h, linearBeforeReset ? rb : Optional.empty());
                case RNN -> h = act(d, 0, MathOps.add(b, xt, project(h, d.r(), Optional.empty())));
            }
            outs[t] = h;
        }
        return new Run(TensorOps.stack(b, Arrays.asList(outs), 0), h, c);
    }

    /** {@code x @ w^T + bias}: a {@code linear} when the parameters are constant, a {@code matmul} otherwise. */
    private Var project(Var x, Var w, Optional<Var> bias) {
        if (w.value().isPresent() && bias.map(v -> v.value().isPresent()).orElse(true)) {
            return NnOps.linear(b, x, w, bias);
        }
        Var y = NnOps.matmul(b, x, w, false, true);
        return bias.map(v -> MathOps.add(b, y, v)).orElse(y);
    }

    /** Activation {@code i} of the direction, its input clipped first. */
    private Var act(Direction d, int i, Var x) {
        Var in = Float.isInfinite(clip) ? x : MathOps.clip(b, x, -clip, clip);
        return d.activations().get(i).apply(b, in);
    }

    private Var peephole(Direction d, int gate, Var state, Var pre) {
        return d.peepholes().map(p -> MathOps.add(b, pre, MathOps.mul(b,
                TensorOps.sliceAlong(b, p, 0, gate * hidden, (gate + 1) * hidden), state))).orElse(pre);
    }

    /** The LSTM step: returns {@code (h, c)}. */
    private Var[] lstm(Direction d, Var xt, Var h, Var c) {
        List<Var> g = TensorOps.split(b, MathOps.add(b, xt, project(h, d.r(), Optional.empty())), 4, 1);
        Var i = act(d, 0, peephole(d, 0, c, g.get(0)));
        Var f = inputForget ? MathOps.sub(b, b.constant(one(xt)), i) : act(d, 0, peephole(d, 2, c, g.get(2)));
        Var candidate = act(d, 1, g.get(3));
        Var cNext = MathOps.add(b, MathOps.mul(b, f, c), MathOps.mul(b, i, candidate));
        Var o = act(d, 0, peephole(d, 1, cNext, g.get(1)));
        return new Var[] {MathOps.mul(b, o, d.activations().get(2).apply(b, cNext)), cNext};
    }

    /**
     * The GRU step, {@code h' = (1 - z) h~ + z h = h~ + z (h - h~)}; {@code h~ = g(x_h + r (h R_h^T + Rb_h))} with
     * {@code linear_before_reset} (the recurrence bias {@code rb} then kept apart), {@code g(x_h + (r h) R_h^T)}
     * without (every bias folded into the input projection).
     */
    private Var gru(Direction d, Var xt, Var h, Optional<Var> rb) {
        List<Var> xg = TensorOps.split(b, xt, 3, 1);
        Var zr;
        Var candidatePre;
        if (linearBeforeReset) {
            List<Var> hg = TensorOps.split(b, project(h, d.r(), rb), 3, 1);
            Var z = act(d, 0, MathOps.add(b, xg.get(0), hg.get(0)));
            Var r = act(d, 0, MathOps.add(b, xg.get(1), hg.get(1)));
            zr = z;
            candidatePre = MathOps.add(b, xg.get(2), MathOps.mul(b, r, hg.get(2)));
        } else {
            Var rzr = TensorOps.sliceAlong(b, d.r(), 0, 0, 2 * hidden);
            List<Var> hg = TensorOps.split(b, project(h, rzr, Optional.empty()), 2, 1);
            Var z = act(d, 0, MathOps.add(b, xg.get(0), hg.get(0)));
            Var r = act(d, 0, MathOps.add(b, xg.get(1), hg.get(1)));
            zr = z;
            Var rh = TensorOps.sliceAlong(b, d.r(), 0, 2 * hidden, 3 * hidden);
            candidatePre = MathOps.add(b, xg.get(2), project(MathOps.mul(b, r, h), rh, Optional.empty()));
        }
        Var candidate = act(d, 1, candidatePre);
        return MathOps.add(b, candidate, MathOps.mul(b, zr, MathOps.sub(b, h, candidate)));
    }

    private static TensorValue one(Var like) {
        return TensorValue.fromDoubles(like.tensorType().dtype(), Shape.scalar(), 1);
    }
}
