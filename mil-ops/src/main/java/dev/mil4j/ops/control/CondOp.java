package dev.mil4j.ops.control;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code cond(pred)} with two nested blocks: runs the first (true) block when {@code pred} holds, else the second
 * (false) block, and returns that block's outputs.
 *
 * <p>Inputs: {@code pred}, a bool scalar. Blocks: two, without inputs (they read outer values directly), returning
 * the same number of values of equal types, or tensors of one dtype and rank whose sizes may differ. Outputs: the
 * blocks' output types, with a fresh symbol for each size the two blocks disagree on (the branch taken decides it).
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
        if (t.equals(f)) {
            return t;
        }
        if (t.size() != f.size()) {
            throw mismatch(t, f);
        }
        List<ValueType> out = new ArrayList<>(t.size());
        for (int i = 0; i < t.size(); i++) {
            ValueType a = t.get(i);
            ValueType b = f.get(i);
            if (a.equals(b)) {
                out.add(a);
            } else if (a instanceof TensorType ta && b instanceof TensorType tb && ta.dtype() == tb.dtype()
                    && ta.rank() == tb.rank()) {
                // tensors of one dtype and rank whose sizes differ (an empty result in one branch, a run-time
                // count in the other): a size the branch taken decides, a symbol where they differ
                Dim[] dims = new Dim[ta.rank()];
                for (int d = 0; d < dims.length; d++) {
                    Dim da = ta.shape().dim(d);
                    dims[d] = da.equals(tb.shape().dim(d)) ? da : ctx.freshSymbol("branch_d" + d);
                }
                out.add(ta.withShape(Shape.of(dims)));
            } else {
                throw mismatch(t, f);
            }
        }
        return out;
    }

    private static TypeException mismatch(List<ValueType> t, List<ValueType> f) {
        return new TypeException("branches must return values of the same types (tensors of one dtype and rank, "
                + "sizes may differ): the true block returns " + t + ", the false block " + f);
    }

    @Override
    public String summary() {
        return "if-then-else over two nested blocks";
    }
}
