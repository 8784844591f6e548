package dev.mil4j.ops.control;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.ListType;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import java.util.List;

/**
 * {@code while_loop(loop_vars)} with a cond block and a body block: while the cond block returns true for the
 * current loop vars, the body block maps them to new loop vars; returns the final loop vars.
 *
 * <p>Inputs: {@code loop_vars}, one or more values: tensors or lists (e.g. a {@code make_list} the body appends to).
 * Blocks: the cond block and the body block both take one input per loop var; the cond block returns one bool scalar,
 * the body block returns new values of exactly its input types.
 * A block input may be more general than its loop var (a symbol where the loop var has a size, for a dim or a list
 * length the loop changes). Outputs: the body block's input types.
 */
public final class WhileLoopOp extends OpDef {
    public WhileLoopOp() {
        super("while_loop", Opset.IOS15, InputSpec.builder().anys("loop_vars").build());
    }

    @Override
    public int blockCount() {
        return 2;
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        List<ValueType> vars = ctx.types("loop_vars");
        if (vars.isEmpty()) {
            throw new TypeException("loop_vars", "is empty; a loop needs at least one loop var");
        }
        List<List<ValueType>> ins = ctx.blockInputTypes();
        List<List<ValueType>> outs = ctx.blockOutputTypes();
        if (ins.size() != 2 || outs.size() != 2) {
            throw new TypeException("needs a cond block and a body block, got " + outs.size() + " blocks");
        }
        for (int b = 0; b < 2; b++) {
            String block = b == 0 ? "cond" : "body";
            if (ins.get(b).size() != vars.size()) {
                throw new TypeException("the " + block + " block takes " + ins.get(b).size() + " inputs, but there are "
                        + vars.size() + " loop vars");
            }
            for (int i = 0; i < vars.size(); i++) {
                if (!accepts(ins.get(b).get(i), vars.get(i))) {
                    throw new TypeException("loop_vars", "value " + i + " has type " + vars.get(i) + ", but the "
                            + block + " block input has type " + ins.get(b).get(i));
                }
            }
        }
        List<ValueType> condOut = outs.get(0);
        if (condOut.size() != 1 || !condOut.get(0).equals(TensorType.scalar(DType.BOOL))) {
            throw new TypeException("the cond block must return one bool scalar, got " + condOut);
        }
        List<ValueType> bodyIn = ins.get(1);
        if (!outs.get(1).equals(bodyIn)) {
            throw new TypeException("the body block must return its input types " + bodyIn + ", got " + outs.get(1));
        }
        return bodyIn;
    }

    /** True when a block input of type {@code general} can hold a loop var of type {@code specific}. */
    private static boolean accepts(ValueType general, ValueType specific) {
        if (general.equals(specific)) {
            return true;
        }
        if (general instanceof ListType g && specific instanceof ListType s) {
            return accepts(g.length(), s.length()) && accepts(g.elementType(), s.elementType());
        }
        if (!(general instanceof TensorType g) || !(specific instanceof TensorType s) || g.dtype() != s.dtype()
                || g.rank() != s.rank()) {
            return false;
        }
        for (int i = 0; i < g.rank(); i++) {
            if (!accepts(g.shape().dim(i), s.shape().dim(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean accepts(Dim general, Dim specific) {
        return !general.isKnown() || general.equals(specific);
    }

    @Override
    public String summary() {
        return "loop over a cond block and a body block";
    }
}
