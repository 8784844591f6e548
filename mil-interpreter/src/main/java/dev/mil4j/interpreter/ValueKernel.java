package dev.mil4j.interpreter;

import dev.mil4j.core.value.TensorValue;
import java.util.List;

/** A kernel whose outputs may be lists as well as tensors: list ops and control flow. */
@FunctionalInterface
public interface ValueKernel extends OpKernel {

    @Override
    List<Value> executeValues(KernelContext ctx);

    /** The outputs as tensors; an {@link IllegalStateException} when one is a list. */
    @Override
    default List<TensorValue> execute(KernelContext ctx) {
        return executeValues(ctx).stream().map(Value::tensor).toList();
    }
}
