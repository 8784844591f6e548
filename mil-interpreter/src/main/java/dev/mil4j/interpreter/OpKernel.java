package dev.mil4j.interpreter;

import dev.mil4j.core.value.TensorValue;
import java.util.List;

/**
 * Executes one MIL op on the CPU: reads the op's run-time inputs, attributes, output types and nested blocks from a
 * {@link KernelContext} and returns one tensor per output, of the dtype the op declares (fp16 results rounded to
 * fp16). Register kernels in a {@link KernelRegistry} under the op name; a plugin adds the kernel of its custom op
 * the same way.
 *
 * <pre>{@code
 * registry.register("custom_topk", ctx -> List.of(...), "my-plugin");
 * }</pre>
 */
@FunctionalInterface
public interface OpKernel {

    /** The outputs of the op for the inputs in {@code ctx}, in output order. */
    List<TensorValue> execute(KernelContext ctx);

    /**
     * The outputs as run-time values; kernels whose outputs may be lists ({@code make_list}, {@code while_loop})
     * override this (see {@link ValueKernel}). By default the tensors of {@link #execute}.
     */
    default List<Value> executeValues(KernelContext ctx) {
        return execute(ctx).stream().map(Value::of).toList();
    }
}
