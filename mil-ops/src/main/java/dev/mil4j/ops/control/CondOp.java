package dev.mil4j.ops.control;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import java.util.List;

/**
 * {@code cond(pred)} with two nested blocks: runs the first (true) block when {@code pred} holds, else the second
 * (false) block, and returns that block's outputs.
 *
 * <p>Inputs: {@code pred}, a bool scalar. Blocks: two, without inputs (they read outer values directly), returning
 * the same number of values of equal types. Outputs: the blocks' output types.
 */
public final class CondOp extends OpDef {
    public CondOp() {
        super("cond", Opset.IOS15, InputSpec.builder().scalar("pred", DType.BOOL).build());
    }

    @Override
    public int blockCount() {
        return 2;
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        List<List<ValueType>> outs = ctx.blockOutputTypes();
        if (outs.size() != 2) {
            throw new TypeException("needs a true block and a false block, got " + outs.size() + " blocks");
        }
        List<ValueType> t = outs.get(0);
        List<ValueType> f = outs.get(1);
        if (!t.equals(f)) {
            throw new TypeException("branches must return the same types: the true block returns " + t
                    + ", the false block " + f);
        }
        return t;
    }

    @Override
    public String summary() {
        return "if-then-else over two nested blocks";
    }
}
