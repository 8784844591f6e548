package dev.mil4j.interpreter.kernels;

import dev.mil4j.interpreter.KernelContext;
import dev.mil4j.interpreter.KernelRegistry;
import dev.mil4j.interpreter.Value;
import dev.mil4j.interpreter.ValueKernel;
import java.util.List;

/**
 * Kernels of {@code cond} (runs the true or the false block) and {@code while_loop} (runs the body block while the
 * cond block returns true, feeding each iteration's outputs to the next). Loop vars may be lists.
 */
final class ControlFlowKernels {
    /** A loop that runs this many iterations is taken to be stuck. */
    static final long MAX_ITERATIONS = 10_000_000L;

    private ControlFlowKernels() {
    }

    static void register(KernelRegistry r) {
        r.register("cond", (ValueKernel) ControlFlowKernels::cond, KernelRegistry.BUILT_IN);
        r.register("while_loop", (ValueKernel) ControlFlowKernels::whileLoop, KernelRegistry.BUILT_IN);
    }

    private static List<Value> cond(KernelContext ctx) {
        boolean pred = ctx.input("pred").scalarBoolean();
        return ctx.runBlock(pred ? 0 : 1, List.of());
    }

    private static List<Value> whileLoop(KernelContext ctx) {
        List<Value> vars = ctx.runtimeValues("loop_vars");
        for (long i = 0; ; i++) {
            List<Value> c = ctx.runBlock(0, vars);
            if (!c.get(0).tensor().scalarBoolean()) {
                return vars;
            }
            if (i >= MAX_ITERATIONS) {
                throw new IllegalArgumentException("the loop ran " + MAX_ITERATIONS + " iterations without its cond "
                        + "block turning false");
            }
            vars = ctx.runBlock(1, vars);
        }
    }
}
