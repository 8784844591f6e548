package dev.mil4j.interpreter.kernels;

import dev.mil4j.interpreter.KernelRegistry;
import java.util.List;

/**
 * Kernels of the reductions: evaluated through their definitions, which read {@code axes} (all axes when absent)
 * and {@code keep_dims}, and for the arg reductions {@code axis} and {@code keep_dims}, returning int32 indices of
 * the first extreme element.
 */
final class ReductionKernels {
    /** The reductions, sorted. */
    static final List<String> OPS = List.of(
            "reduce_argmax", "reduce_argmin", "reduce_l1_norm", "reduce_l2_norm", "reduce_log_sum",
            "reduce_log_sum_exp", "reduce_max", "reduce_mean", "reduce_min", "reduce_prod", "reduce_sum",
            "reduce_sum_square");

    private ReductionKernels() {
    }

    static void register(KernelRegistry r) {
        r.registerAll(OPS, DefinitionKernel.INSTANCE, KernelRegistry.BUILT_IN);
    }
}
