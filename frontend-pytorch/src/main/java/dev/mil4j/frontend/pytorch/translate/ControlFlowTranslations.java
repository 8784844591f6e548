package dev.mil4j.frontend.pytorch.translate;

import static dev.mil4j.frontend.pytorch.translate.TorchTranslations.of;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.pytorch.TorchTranslationContext;
import dev.mil4j.frontend.pytorch.graph.TorchNode;
import dev.mil4j.frontend.pytorch.graph.TorchValue;
import dev.mil4j.ops.ControlFlowOps;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.TensorOps;
import java.util.ArrayList;
import java.util.List;

/**
 * Control flow that depends on tensor values, as the graph builder records it: {@code prim::If} (a condition and two
 * branch blocks) becomes MIL {@code cond}; {@code prim::Loop} (the carried values, a condition block and a body
 * block over them) becomes MIL {@code while_loop}. Truth values of tensors ({@code bool(t)}) are {@code aten::Bool}.
 */
final class ControlFlowTranslations {
    private ControlFlowTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                of("aten::Bool", (n, c) -> List.of(predicate(c, c.tensor(0, "a")))),
                of("prim::If", ControlFlowTranslations::ifNode),
                of("prim::Loop", ControlFlowTranslations::loop));
    }

    /** A bool scalar from a one-element tensor: itself when bool, else {@code x != 0}. */
    static Var predicate(TorchTranslationContext c, Var x) {
        Var b = x.tensorType().dtype() == DType.BOOL ? x
                : MathOps.notEqual(c.builder(), x, c.scalar(0, x.tensorType().dtype()));
        if (b.tensorType().rank() > 0) {
            b = TensorOps.squeeze(c.builder(), b);
            if (b.tensorType().rank() > 0) {
                throw c.error("the truth value of a tensor of shape " + x.tensorType().shape() + " is ambiguous; "
                        + "a condition needs one element");
            }
        }
        return b;
    }

    private static List<Var> ifNode(TorchNode n, TorchTranslationContext c) {
        if (n.outputs().isEmpty()) {
            return List.of(); // branches that change no value seen after them (a check Core ML cannot make)
        }
        Var pred = predicate(c, c.tensor(0, "cond"));
        return ControlFlowOps.cond(c.builder(), pred, (inner, in) -> c.translateBlock(0, inner, in),
                (inner, in) -> c.translateBlock(1, inner, in));
    }

    private static List<Var> loop(TorchNode n, TorchTranslationContext c) {
        List<Var> init = new ArrayList<>();
        for (TorchValue v : n.inputs()) {
            init.add(c.var(v));
        }
        return ControlFlowOps.whileLoop(c.builder(), init, (inner, in) -> {
            Var more = c.translateBlock(0, inner, in).get(0);
            if (more.tensorType().dtype() != DType.BOOL || more.tensorType().rank() != 0) {
                more = TensorOps.squeeze(inner, MathOps.notEqual(inner, more,
                        inner.constant(TensorValue.fromDoubles(more.tensorType().dtype(),
                                Shape.scalar(), 0))));
            }
            return List.of(more);
        }, (inner, in) -> c.translateBlock(1, inner, in));
    }
}
