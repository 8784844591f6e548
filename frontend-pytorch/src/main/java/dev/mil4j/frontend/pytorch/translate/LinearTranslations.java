package dev.mil4j.frontend.pytorch.translate;

import static dev.mil4j.frontend.pytorch.translate.TorchTranslations.of;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Var;
import dev.mil4j.frontend.pytorch.TorchTranslationContext;
import dev.mil4j.frontend.pytorch.graph.TorchNode;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.NnOps;
import java.util.List;
import java.util.Optional;

/**
 * Linear layers and matrix products: {@code linear}, {@code matmul}/{@code mm}, {@code bmm}, {@code addmm},
 * {@code baddbmm} and {@code einsum}.
 */
final class LinearTranslations {
    private LinearTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                of("aten::addmm", (n, c) -> List.of(scaledSum(c, NnOps.matmul(c.builder(), c.tensor(1, "mat1"),
                        c.tensor(2, "mat2"), false, false)))),
                of("aten::baddbmm", (n, c) -> List.of(scaledSum(c, NnOps.matmul(c.builder(),
                        c.tensor(1, "batch1"), c.tensor(2, "batch2"), false, false)))),
                of("aten::bmm", (n, c) -> List.of(NnOps.matmul(c.builder(), c.tensor(0, "self"),
                        c.tensor(1, "mat2"), false, false))),
                of("aten::einsum", (n, c) -> List.of(Einsum.einsum(c, c.stringValue(0, "equation")
                        .orElseThrow(() -> c.error("einsum needs its equation as a string")), c.tensorList(1, "tensors")))),
                of("aten::linear", LinearTranslations::linear),
                of("aten::matmul", (n, c) -> List.of(NnOps.matmul(c.builder(), c.tensor(0, "self"),
                        c.tensor(1, "other"), false, false)), "aten::mm"));
    }

    private static List<Var> linear(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "input");
        Var w = c.tensor(1, "weight");
        Optional<Var> bias = c.optionalTensor(2, "bias");
        if (w.isConst() && bias.map(Var::isConst).orElse(true) && x.tensorType().rank() <= 3) {
            return List.of(NnOps.linear(c.builder(), x, w, bias)); // MIL linear takes inputs of rank 1 to 3
        }
        Var y = NnOps.matmul(c.builder(), x, w, false, true);
        return List.of(bias.isPresent() ? MathOps.add(c.builder(), y, bias.get()) : y);
    }

    /**
     * {@code addmm(bias, x, w, beta, alpha)} and {@code baddbmm(bias, b1, b2, beta, alpha)}:
     * {@code beta * bias + alpha * product}, the product already made from inputs 1 and 2.
     */
    private static Var scaledSum(TorchTranslationContext c, Var product) {
        Var bias = c.tensor(0, "self");
        double beta = c.doubleValue(3, "beta", 1);
        double alpha = c.doubleValue(4, "alpha", 1);
        Var p = product;
        if (alpha != 1) {
            p = MathOps.mul(c.builder(), p, c.scalar(alpha, p.tensorType().dtype()));
        }
        if (beta == 0) {
            return p; // PyTorch ignores the bias then, even NaN or infinite values in it
        }
        if (beta != 1) {
            bias = MathOps.mul(c.builder(), bias, c.scalar(beta, bias.tensorType().dtype()));
        }
        return MathOps.add(c.builder(), p, bias);
    }
}
