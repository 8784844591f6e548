package dev.mil4j.frontend.pytorch.translate;

import static dev.mil4j.frontend.pytorch.translate.TorchTranslations.of;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.frontend.pytorch.TorchTranslationContext;
import dev.mil4j.frontend.pytorch.graph.TorchNode;
import dev.mil4j.ops.ActivationOps;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.NnOps;
import dev.mil4j.ops.TensorOps;
import java.util.List;

/**
 * One step of a recurrent cell, as {@code nn.LSTMCell} and {@code nn.GRUCell} call it in a loop the code writes
 * itself: {@code lstm_cell(input, [hx, cx], w_ih, w_hh, b_ih, b_hh)} gives {@code (hy, cy)} with PyTorch's gate
 * order {@code i, f, g, o}; {@code gru_cell(input, hx, w_ih, w_hh, b_ih, b_hh)} gives {@code hy} with gates
 * {@code r, z, n} and {@code n = tanh(W_in x + b_in + r * (W_hn h + b_hn))}. Inputs are {@code [B, I]}.
 */
final class CellTranslations {
    private CellTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                of("aten::lstm_cell", CellTranslations::lstm),
                of("aten::gru_cell", CellTranslations::gru));
    }

    private static List<Var> lstm(TorchNode n, TorchTranslationContext c) {
        Builder b = c.builder();
        Var x = c.tensor(0, "input");
        List<Var> state = c.tensorList(1, "hx");
        if (state.size() != 2) {
            throw c.error("`aten::lstm_cell` needs the states [hx, cx], got " + state.size() + " tensors");
        }
        Var gates = MathOps.add(b, NnOps.linear(b, x, c.tensor(2, "w_ih"), c.optionalTensor(4, "b_ih")),
                NnOps.linear(b, state.get(0), c.tensor(3, "w_hh"), c.optionalTensor(5, "b_hh")));
        List<Var> g = TensorOps.split(b, gates, 4, gates.tensorType().rank() - 1);
        Var cy = MathOps.add(b, MathOps.mul(b, ActivationOps.sigmoid(b, g.get(1)), state.get(1)),
                MathOps.mul(b, ActivationOps.sigmoid(b, g.get(0)), MathOps.tanh(b, g.get(2))));
        Var hy = MathOps.mul(b, ActivationOps.sigmoid(b, g.get(3)), MathOps.tanh(b, cy));
        return List.of(hy, cy);
    }

    private static List<Var> gru(TorchNode n, TorchTranslationContext c) {
        Builder b = c.builder();
        Var x = c.tensor(0, "input");
        Var h = c.tensor(1, "hx");
        Var gi = NnOps.linear(b, x, c.tensor(2, "w_ih"), c.optionalTensor(4, "b_ih"));
        Var gh = NnOps.linear(b, h, c.tensor(3, "w_hh"), c.optionalTensor(5, "b_hh"));
        int axis = gi.tensorType().rank() - 1;
        List<Var> i = TensorOps.split(b, gi, 3, axis);
        List<Var> hh = TensorOps.split(b, gh, 3, axis);
        Var r = ActivationOps.sigmoid(b, MathOps.add(b, i.get(0), hh.get(0)));
        Var z = ActivationOps.sigmoid(b, MathOps.add(b, i.get(1), hh.get(1)));
        Var nn = MathOps.tanh(b, MathOps.add(b, i.get(2), MathOps.mul(b, r, hh.get(2))));
        // hy = (1 - z) * n + z * h = n + z * (h - n)
        return List.of(MathOps.add(b, nn, MathOps.mul(b, z, MathOps.sub(b, h, nn))));
    }
}
