package dev.mil4j.interpreter.kernels;

import dev.mil4j.interpreter.KernelRegistry;

/** The kernels of the standard op set, registered family by family. */
public final class StandardKernels {
    private StandardKernels() {
    }

    /** A new registry holding the kernels of the standard op set, to which more kernels can be added. */
    public static KernelRegistry newRegistry() {
        KernelRegistry r = new KernelRegistry();
        registerAll(r);
        return r;
    }

    /** Registers every built-in kernel under {@link KernelRegistry#BUILT_IN}. */
    public static void registerAll(KernelRegistry r) {
        ActivationKernels.register(r);
        AttentionKernels.register(r);
        BasicKernels.register(r);
        ClassifyKernels.register(r);
        ControlFlowKernels.register(r);
        ConstexprKernels.register(r);
        ConvKernels.register(r);
        ElementwiseKernels.register(r);
        ImageKernels.register(r);
        IndexKernels.register(r);
        LinearKernels.register(r);
        NdKernels.register(r);
        ListKernels.register(r);
        NormKernels.register(r);
        PoolKernels.register(r);
        ReductionKernels.register(r);
        ScatterKernels.register(r);
        ShapeKernels.register(r);
        SliceKernels.register(r);
        StateKernels.register(r);
    }
}
