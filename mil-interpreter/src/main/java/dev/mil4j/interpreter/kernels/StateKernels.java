package dev.mil4j.interpreter.kernels;

import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.KernelContext;
import dev.mil4j.interpreter.KernelRegistry;
import dev.mil4j.interpreter.StateCell;
import dev.mil4j.interpreter.Value;
import java.util.List;

/**
 * The state ops (iOS18) on the interpreter's {@link StateCell}s: {@code read_state} returns the cell's value,
 * {@code coreml_update_state} replaces it and returns the new value.
 */
final class StateKernels {
    private StateKernels() {
    }

    static void register(KernelRegistry r) {
        r.register("read_state", ctx -> List.of(cell(ctx, "input").get()), KernelRegistry.BUILT_IN);
        r.register("coreml_update_state", StateKernels::update, KernelRegistry.BUILT_IN);
    }

    private static List<TensorValue> update(KernelContext ctx) {
        StateCell cell = cell(ctx, "state");
        cell.set(ctx.input("value"));
        return List.of(cell.get());
    }

    private static StateCell cell(KernelContext ctx, String input) {
        List<Value> vs = ctx.runtimeValues(input);
        if (vs.size() != 1 || !(vs.get(0) instanceof StateCell cell)) {
            throw new IllegalArgumentException("input `" + input + "` must be a state");
        }
        return cell;
    }
}
