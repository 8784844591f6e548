package dev.mil4j.ops.passes;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.pass.PatternPass;
import dev.mil4j.core.pass.Rewriter;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.SymbolicInt;
import dev.mil4j.core.value.TensorValue;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * {@code common::remove_symbolic_reshape}: a {@code reshape} whose shape is computed at run time from symbolic dims
 * ({@code shape}, {@code gather}, {@code concat}, ... of tensors with symbolic dims) gets a const shape when that
 * computation is known symbolically (see {@link dev.mil4j.core.op.InferenceContext#symbolicValue}) and leaves at most one size unknown: a symbolic size
 * equal to the dim of {@code x} that a {@code 0} would copy becomes {@code 0}, one remaining symbolic size becomes
 * {@code -1}. The output type becomes as precise as the const shape allows, and the types downstream are
 * re-inferred; the shape computation goes when nothing else uses it. The new reshape keeps the old one's name and
 * location.
 *
 * <pre>
 * Given:                                                       # %x: fp32[B, 4, 6]
 *   %s = shape(x = %x)
 *   %b = gather(x = %s, indices = 0, axis = 0)                 # B
 *   %t = concat(values = [%b1, %k], axis = 0)                  # %b1 = [B], %k = [24] const
 *   %y: fp32[reshape_d0, reshape_d1] = reshape(x = %x, shape = %t)
 * Result:
 *   %y: fp32[B, 24] = reshape(x = %x, shape = [-1, 24])
 * </pre>
 */
public final class RemoveSymbolicReshapePass extends PatternPass {
    public static final String ID = "common::remove_symbolic_reshape";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "give reshapes with a traceable run-time shape a const shape (0 and -1 for the symbolic sizes)";
    }

    @Override
    protected boolean rewrite(Operation op, Rewriter rw) {
        if (!op.type().equals("reshape")) {
            return false;
        }
        Var shape = op.requireInput("shape");
        if (shape.isConst()) {
            return false;
        }
        Optional<List<SymbolicInt>> elements = op.inferenceContext().symbolicValue("shape");
        if (elements.isEmpty()) {
            return false;
        }
        // reshape(x, [.., s_i, ..]) -> reshape(x, [.., 0, ..])   when s_i is the dim of x a 0 copies at i
        //                           -> reshape(x, [.., -1, ..])  for the one symbolic size left (no other -1)
        Shape in = op.requireInput("x").tensorType().shape();
        boolean rightAligned = op.parent().orElseThrow().function().opset().compareTo(Opset.IOS17) >= 0;
        List<SymbolicInt> e = elements.get();
        int k = e.size();
        int[] target = new int[k];
        int unresolved = -1;
        boolean hasMinusOne = false;
        for (int i = 0; i < k; i++) {
            SymbolicInt el = e.get(i);
            if (el.isKnown()) {
                if (el.value() < -1 || el.value() > Integer.MAX_VALUE) {
                    return false;
                }
                target[i] = (int) el.value();
                hasMinusOne |= el.value() == -1;
                continue;
            }
            int j = rightAligned ? in.rank() - (k - i) : (k == in.rank() ? i : -1);
            if (j >= 0 && j < in.rank() && in.dim(j).equals(el.toDim())) {
                target[i] = 0;
            } else if (unresolved < 0) {
                unresolved = i;
                target[i] = -1;
            } else {
                return false;
            }
        }
        if (unresolved >= 0 && hasMinusOne) {
            return false;
        }
        Operation old = shape.producer().orElseThrow();
        Var fixed = rw.before(op).op("reshape").input("x", op.requireInput("x"))
                .input("shape", TensorValue.vector(target)).build().output();
        rw.replaceOp(op, fixed);
        eraseDeadChain(old, rw);
        return true;
    }

    /** Erases {@code start} and, transitively, the producers of its inputs that become unused. */
    private static void eraseDeadChain(Operation start, Rewriter rw) {
        Deque<Operation> work = new ArrayDeque<>();
        work.push(start);
        while (!work.isEmpty()) {
            Operation op = work.pop();
            if (!op.isInBlock() || !op.isUnused() || !op.blocks().isEmpty() || op.def().hasSideEffects()) {
                continue;
            }
            List<Var> inputs = op.inputVars();
            rw.erase(op);
            for (Var v : inputs) {
                v.producer().ifPresent(work::push);
            }
        }
    }
}
