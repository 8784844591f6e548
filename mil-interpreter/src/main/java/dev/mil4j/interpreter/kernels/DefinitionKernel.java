package dev.mil4j.interpreter.kernels;

import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.KernelContext;
import dev.mil4j.interpreter.OpKernel;
import java.util.List;

/**
 * A kernel that evaluates an op through its definition's value inference ({@code OpDef.inferValues}), run on the
 * kernel context where every input is known. The op definitions of mil-ops spell out the element-level semantics
 * of the elementwise, reduction and many tensor ops (computed in double, rounded to the output dtype), so the
 * interpreter and constant folding agree by construction. When the definition declines (an integer division by
 * zero, or a data-movement op over its folding size limit), the error says so.
 */
final class DefinitionKernel implements OpKernel {
    static final DefinitionKernel INSTANCE = new DefinitionKernel();

    private DefinitionKernel() {
    }

    @Override
    public List<TensorValue> execute(KernelContext ctx) {
        return ctx.op().inferValues(ctx).orElseThrow(() -> new IllegalArgumentException("the definition of `"
                + ctx.op().name() + "` cannot evaluate these inputs (" + describe(ctx) + "): an integer division "
                + "by zero, or a tensor beyond its evaluation size limit; register a dedicated kernel"));
    }

    private static String describe(KernelContext ctx) {
        StringBuilder sb = new StringBuilder();
        for (String in : ctx.boundInputs()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(in).append(": ").append(ctx.type(in));
        }
        return sb.toString();
    }
}
