package dev.mil4j.backend.mlprogram;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.ConstOp;
import dev.mil4j.core.op.Opset;

/**
 * How the compressed weights of {@code constexpr_*} ops are laid out in MIL.proto, as coremltools writes them: their
 * constant inputs are not separate {@code const} ops but values inside the op, as attributes named after the input
 * before iOS18 (opset {@code CoreML6}/{@code CoreML7}), and as bindings holding the value from iOS18 on. Large
 * values go to the weight file either way. The reader accepts both forms and gives each value a {@code const} op.
 */
final class Constexprs {
    private Constexprs() {
    }

    /** @return whether {@code v}, an input of {@code op}, is written inside it */
    static boolean inlines(Operation op, Var v) {
        return op.def().isConstexpr() && v.producer().map(p -> p.def() == ConstOp.INSTANCE).orElse(false);
    }

    /** @return whether inlined inputs are attributes (before iOS18) rather than binding values in a function */
    static boolean inputsAsAttributes(Opset functionOpset) {
        return functionOpset.compareTo(Opset.IOS18) < 0;
    }

    /**
     * @return whether {@code op} is a {@code const} whose every use is an inlined input of a constexpr op (or the
     *     labels of a {@code classify}, {@link ClassLabels}), so it is not written as an op of its own
     */
    static boolean isInlined(Operation op) {
        if (op.def() != ConstOp.INSTANCE) {
            return false;
        }
        Var v = op.output();
        int inlinedUses = 0;
        for (Operation user : v.users()) {
            if (user.def().isConstexpr()) {
                for (var bound : user.inputs().values()) {
                    inlinedUses += (int) bound.stream().filter(v::equals).count();
                }
            } else if (ClassLabels.inlines(user, v)) {
                inlinedUses += (int) user.inputs().get(ClassLabels.INPUT).stream().filter(v::equals).count();
            } else {
                return false;
            }
        }
        // block outputs (of this block or a nested one) are uses too, but no user op's
        return inlinedUses > 0 && inlinedUses == v.useCount();
    }
}
