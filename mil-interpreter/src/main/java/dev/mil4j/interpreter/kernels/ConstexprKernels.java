package dev.mil4j.interpreter.kernels;

import dev.mil4j.interpreter.KernelRegistry;
import java.util.List;

/**
 * Kernels of the {@code constexpr_*} ops of weight compression: evaluated through their definitions, whose value
 * inference decompresses (dequantizes, expands lookup tables, scatters sparse data) exactly as Core ML does at load
 * time, so a compressed program runs with the weights Core ML would see.
 */
final class ConstexprKernels {
    /** The compression ops, sorted. */
    static final List<String> OPS = List.of(
            "constexpr_affine_dequantize", "constexpr_blockwise_shift_scale", "constexpr_cast",
            "constexpr_lut_to_dense", "constexpr_lut_to_sparse", "constexpr_sparse_blockwise_shift_scale",
            "constexpr_sparse_to_dense");

    private ConstexprKernels() {
    }

    static void register(KernelRegistry r) {
        r.registerAll(OPS, DefinitionKernel.INSTANCE, KernelRegistry.BUILT_IN);
    }
}
