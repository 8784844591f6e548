package dev.mil4j.interpreter.kernels;

import dev.mil4j.interpreter.Classification;
import dev.mil4j.interpreter.KernelContext;
import dev.mil4j.interpreter.KernelRegistry;
import dev.mil4j.interpreter.Value;
import dev.mil4j.interpreter.ValueKernel;
import java.util.List;

/**
 * {@code classify} (iOS15): the label of the highest probability (the first one on a tie) and the dictionary of every
 * label's probability, widened to fp64 as Core ML reports it ({@link Classification}).
 */
final class ClassifyKernels {
    private ClassifyKernels() {
    }

    static void register(KernelRegistry r) {
        r.register("classify", (ValueKernel) ClassifyKernels::classify, KernelRegistry.BUILT_IN);
    }

    private static List<Value> classify(KernelContext ctx) {
        Classification c = Classification.of(ctx.input("probabilities"), ctx.input("classes"));
        return List.of(Value.of(c.label()), c.probabilities());
    }
}
