package dev.mil4j.ops.constexpr;

import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;

/**
 * The base of the {@code constexpr_*} ops: a weight stored compressed (quantized, palettized, pruned), computed from
 * its constant inputs when Core ML loads the model. Every input is const; folding passes leave the op in place
 * ({@link OpDef#isConstexpr()}), and its value inference decompresses, which is how the interpreter runs it.
 */
public abstract class ConstexprOp extends OpDef {
    protected ConstexprOp(String name, Opset since, InputSpec inputs) {
        super(name, since, inputs);
    }

    @Override
    public final boolean isConstexpr() {
        return true;
    }
}
