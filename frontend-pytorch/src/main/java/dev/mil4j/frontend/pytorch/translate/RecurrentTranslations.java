package dev.mil4j.frontend.pytorch.translate;

import static dev.mil4j.frontend.pytorch.translate.TorchTranslations.of;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.pytorch.TorchTranslationContext;
import dev.mil4j.frontend.pytorch.graph.TorchNode;
import dev.mil4j.frontend.pytorch.graph.TorchValue;
import dev.mil4j.ops.ActivationOps;
import dev.mil4j.ops.ControlFlowOps;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.NnOps;
import dev.mil4j.ops.TensorOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Recurrent layers: {@code aten::lstm}, {@code aten::gru}, {@code aten::rnn_tanh} and {@code aten::rnn_relu} with
 * their flat weight lists ({@code w_ih, w_hh[, b_ih, b_hh]} per layer and direction, the reverse direction second),
 * several layers, bidirectional and batch-first, unrolled over a known sequence length, or a {@code while_loop} over a
 * symbolic one. The input projection of every step is one {@code linear} over the whole sequence; each step adds the hidden projection and applies the
 * cell in PyTorch's gate order (LSTM {@code i, f, g, o}; GRU {@code r, z, n}, with {@code n = tanh(W_in x + b_in +
 * r * (W_hn h + b_hn))}). Outputs: the last layer's sequence, the final hidden states {@code [layers * dirs, B, H]}
 * and, for LSTM, the final cell states. Inter-layer dropout applies in training only and is left out.
 */
final class RecurrentTranslations {
    private RecurrentTranslations() {
    }

    /** A recurrent cell and its number of gates. */
    private enum Cell {
        LSTM(4), GRU(3), RNN_TANH(1), RNN_RELU(1);

        final int gates;

        Cell(int gates) {
            this.gates = gates;
        }
    }

    static List<TranslationContribution> all() {
        return List.of(
                of("aten::gru", (n, c) -> recurrent(n, c, Cell.GRU)),
                of("aten::lstm", (n, c) -> recurrent(n, c, Cell.LSTM)),
                of("aten::rnn_relu", (n, c) -> recurrent(n, c, Cell.RNN_RELU)),
                of("aten::rnn_tanh", (n, c) -> recurrent(n, c, Cell.RNN_TANH)));
    }

    /** One direction's weights and initial states. */
    private record Weights(Var wih, Var whh, Optional<Var> bih, Optional<Var> bhh, Var h0, Optional<Var> c0) {
    }

    /** One direction's results: the sequence {@code [T, B, H]} and the final states {@code [B, H]}. */
    private record Run(Var sequence, Var h, Optional<Var> c) {
    }

    /** {@code op(input, hx, params, has_biases, num_layers, dropout, train, bidirectional, batch_first)}. */
    private static List<Var> recurrent(TorchNode n, TorchTranslationContext c, Cell cell) {
        if (!(c.input(2, "params").orElseThrow(() -> c.error("`" + n.kind() + "` needs its weights"))
                instanceof TorchValue.Sequence)) {
            throw c.error("`" + n.kind() + "` on a packed sequence is not supported; pass a padded tensor");
        }
        Var x = c.tensor(0, "input");
        if (x.tensorType().rank() != 3) {
            throw c.error("`" + n.kind() + "` needs a batched input of rank 3, got " + x.tensorType());
        }
        List<Var> params = c.tensorList(2, "params");
        boolean biases = c.boolValue(3, "has_biases", true);
        int layers = (int) c.intValue(4, "num_layers");
        int dirs = c.boolValue(7, "bidirectional", false) ? 2 : 1;
        boolean batchFirst = c.boolValue(8, "batch_first", false);
        int per = biases ? 4 : 2;
        if (params.size() != layers * dirs * per) {
            throw c.error("`" + n.kind() + "` has " + params.size() + " weights for " + layers + " layers of " + dirs
                    + " directions (" + per + " each); LSTM projections (proj_size) are not supported");
        }
        List<Var> hx = cell == Cell.LSTM ? c.tensorList(1, "hx") : List.of(c.tensor(1, "hx"));
        Builder b = c.builder();
        Var seq = batchFirst ? TensorOps.transpose(b, x, 1, 0, 2) : x;
        Dim steps = seq.tensorType().shape().dim(0);
        List<Var> finalH = new ArrayList<>();
        List<Var> finalC = new ArrayList<>();
        for (int layer = 0; layer < layers; layer++) {
            List<Var> outs = new ArrayList<>();
            for (int d = 0; d < dirs; d++) {
                int k = layer * dirs + d;
                int at = k * per;
                Weights w = new Weights(params.get(at), params.get(at + 1),
                        biases ? Optional.of(params.get(at + 2)) : Optional.empty(),
                        biases ? Optional.of(params.get(at + 3)) : Optional.empty(), state(b, hx.get(0), k),
                        cell == Cell.LSTM ? Optional.of(state(b, hx.get(1), k)) : Optional.empty());
                Run r = steps.isKnown() ? run(b, cell, seq, (int) steps.size(), w, d == 1)
                        : loop(b, cell, seq, w, d == 1);
                outs.add(r.sequence());
                finalH.add(r.h());
                r.c().ifPresent(finalC::add);
            }
            seq = dirs == 1 ? outs.get(0) : TensorOps.concat(b, outs, 2);
        }
        List<Var> out = new ArrayList<>();
        out.add(batchFirst ? TensorOps.transpose(b, seq, 1, 0, 2) : seq);
        out.add(TensorOps.stack(b, finalH, 0));
        if (cell == Cell.LSTM) {
            out.add(TensorOps.stack(b, finalC, 0));
        }
        return out;
    }

    /** Initial state {@code k} of {@code [layers * dirs, B, H]}. */
    private static Var state(Builder b, Var states, int k) {
        return TensorOps.gather(b, states, b.constant(TensorValue.scalar(k)), 0);
    }

    private static Run run(Builder b, Cell cell, Var seq, int steps, Weights w, boolean reverse) {
        Var projected = NnOps.linear(b, seq, w.wih(), inputBias(b, cell, w));
        List<Var> xs = steps == 1 ? List.of(projected) : TensorOps.split(b, projected, steps, 0);
        Var h = w.h0();
        Optional<Var> cState = w.c0();
        Var[] outs = new Var[steps];
        for (int s = 0; s < steps; s++) {
            int t = reverse ? steps - 1 - s : s;
            Run r = step(b, cell, TensorOps.squeeze(b, xs.get(t), 0), w, h, cState);
            h = r.h();
            cState = r.c();
            outs[t] = h;
        }
        return new Run(TensorOps.stack(b, Arrays.asList(outs), 0), h, cState);
    }

    /**
     * One direction over a sequence of symbolic length {@code T}: a {@code while_loop} over the step {@code t}
     * carrying the states and the output sequence {@code [T, B, H]} (zeros at first), into which each step's hidden
     * state is scattered at {@code t} ({@code T - 1 - t} in reverse).
     */
    private static Run loop(Builder b, Cell cell, Var seq, Weights w, boolean reverse) {
        Var projected = NnOps.linear(b, seq, w.wih(), inputBias(b, cell, w));
        Var steps = TensorOps.gather(b, MathOps.shape(b, projected), b.constant(TensorValue.scalar(0)), 0);
        Var outShape = TensorOps.concat(b, List.of(TensorOps.expandDims(b, steps, 0), MathOps.shape(b, w.h0())), 0);
        Var zeros = MathOps.fill(b, outShape, TensorValue.scalar(0f));
        List<Var> init = new ArrayList<>(List.of(b.constant(TensorValue.scalar(0)), w.h0(), zeros));
        w.c0().ifPresent(init::add);
        List<Var> done = ControlFlowOps.whileLoop(b, init,
                (inner, v) -> List.of(MathOps.less(inner, v.get(0), steps)),
                (inner, v) -> {
                    Var t = reverse ? MathOps.sub(inner, MathOps.sub(inner, steps, inner.constant(
                            TensorValue.scalar(1))), v.get(0)) : v.get(0);
                    Var xt = TensorOps.gather(inner, projected, t, 0);
                    Run r = step(inner, cell, xt, w, v.get(1), v.size() > 3 ? Optional.of(v.get(3))
                            : Optional.empty());
                    Var out = TensorOps.scatter(inner, v.get(2), TensorOps.expandDims(inner, t, 0),
                            TensorOps.expandDims(inner, r.h(), 0), 0, "update");
                    List<Var> next = new ArrayList<>(List.of(MathOps.add(inner, v.get(0),
                            inner.constant(TensorValue.scalar(1))), r.h(), out));
                    r.c().ifPresent(next::add);
                    return next;
                });
        return new Run(done.get(2), done.get(1), done.size() > 3 ? Optional.of(done.get(3)) : Optional.empty());
    }

    /** One step of the cell from the step's input projection {@code xt}: the new hidden (and cell) state. */
    private static Run step(Builder b, Cell cell, Var xt, Weights w, Var h, Optional<Var> cState) {
        Var hw = NnOps.linear(b, h, w.whh(), cell == Cell.GRU ? w.bhh() : Optional.empty());
        return switch (cell) {
            case LSTM -> {
                List<Var> g = TensorOps.split(b, MathOps.add(b, xt, hw), 4, 1);
                Var c = MathOps.add(b, MathOps.mul(b, ActivationOps.sigmoid(b, g.get(1)), cState.orElseThrow()),
                        MathOps.mul(b, ActivationOps.sigmoid(b, g.get(0)), MathOps.tanh(b, g.get(2))));
                Var next = MathOps.mul(b, ActivationOps.sigmoid(b, g.get(3)), MathOps.tanh(b, c));
                yield new Run(next, next, Optional.of(c));
            }
            case GRU -> {
                Var next = gru(b, xt, hw, h);
                yield new Run(next, next, Optional.empty());
            }
            case RNN_TANH, RNN_RELU -> {
                Var sum = MathOps.add(b, xt, hw);
                Var next = cell == Cell.RNN_TANH ? MathOps.tanh(b, sum) : ActivationOps.relu(b, sum);
                yield new Run(next, next, Optional.empty());
            }
        };
    }

    /** The bias of the input projection: both biases summed, but GRU keeps {@code b_hh} inside its cell. */
    private static Optional<Var> inputBias(Builder b, Cell cell, Weights w) {
        return cell == Cell.GRU || w.bih().isEmpty() ? w.bih()
                : Optional.of(MathOps.add(b, w.bih().get(), w.bhh().get()));
    }

    /** {@code h' = (1 - z) n + z h = n + z (h - n)}. */
    private static Var gru(Builder b, Var xt, Var hw, Var h) {
        List<Var> xg = TensorOps.split(b, xt, 3, 1);
        List<Var> hg = TensorOps.split(b, hw, 3, 1);
        Var r = ActivationOps.sigmoid(b, MathOps.add(b, xg.get(0), hg.get(0)));
        Var z = ActivationOps.sigmoid(b, MathOps.add(b, xg.get(1), hg.get(1)));
        Var candidate = MathOps.tanh(b, MathOps.add(b, xg.get(2), MathOps.mul(b, r, hg.get(2))));
        return MathOps.add(b, candidate, MathOps.mul(b, z, MathOps.sub(b, h, candidate)));
    }
}
