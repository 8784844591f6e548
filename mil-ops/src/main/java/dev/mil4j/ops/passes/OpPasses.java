package dev.mil4j.ops.passes;

import dev.mil4j.core.pass.Pass;
import dev.mil4j.core.pass.PassPipeline;
import dev.mil4j.core.pass.PassRegistry;
import dev.mil4j.core.pass.common.CorePasses;
import java.util.ArrayList;
import java.util.List;

/** The op-specific passes of the standard op set and the pipelines built from them and the core passes. */
public final class OpPasses {
    /** The registrant name of the op-specific passes and pipelines. */
    public static final String REGISTRANT = "mil4j-ops";

    /** The name of the default pipeline. */
    public static final String DEFAULT = "default";

    /** The name of the default pipeline followed by fp16 compute precision. */
    public static final String DEFAULT_FP16 = "default_fp16";

    private OpPasses() {
    }

    /** The op-specific passes, sorted by id. */
    public static List<Pass> passes() {
        return List.of(
                new AddFp16CastPass(),
                new CastOptimizationPass(),
                new DivideToMultiplyPass(),
                new FuseConvBatchnormPass(),
                new FuseConvBiasPass(),
                new FuseConvScalePass(),
                new FuseGeluExactPass(),
                new FuseGeluTanhApproximationPass(),
                new FuseLayernormOrInstancenormPass(),
                new FuseLinearBiasPass(),
                new FuseMatmulWeightBiasPass(),
                new FuseScaledDotProductAttentionPass(),
                new MergeConsecutiveRelusPass(),
                new MergeConsecutiveReshapesPass(),
                new MergeConsecutiveTransposesPass(),
                new NoopEliminationPass(),
                new RemoveSymbolicReshapePass());
    }

    /** The default pipeline: cleanup, simplifications, fusions, cleanup again. */
    public static PassPipeline defaultPipeline() {
        List<String> ids = new ArrayList<>();
        // Fold constants first: shape() of static tensors, the arithmetic of frontends' weight preprocessing; the
        // patterns below look for const operands, and dead code and duplicates only get in their way.
        ids.addAll(CorePasses.cleanupPipeline().passIds());
        // Give run-time reshapes const shapes first, so that the no-op and merge passes can judge them.
        ids.add(RemoveSymbolicReshapePass.ID);
        // Drop the identity-like ops frontends leave (identity, x * 1, same-shape reshapes, ...): they sit between
        // the ops of patterns (conv, reshape, add) and hide them from the fusions.
        ids.add(NoopEliminationPass.ID);
        // Division by a constant becomes a multiplication, so that the scale fusions see a mul.
        ids.add(DivideToMultiplyPass.ID);
        // Shorten cast chains and merge runs of reshapes, transposes and relus before matching larger patterns.
        ids.add(CastOptimizationPass.ID);
        ids.add(MergeConsecutiveReshapesPass.ID);
        ids.add(MergeConsecutiveTransposesPass.ID);
        ids.add(MergeConsecutiveRelusPass.ID);
        // Activations and normalizations from their elementwise expansions; they run before the linear and conv
        // fusions, which could otherwise take the expansions' trailing add or mul (a layer norm's beta after a
        // linear is not one: its producer is the normalizing mul).
        ids.add(FuseGeluExactPass.ID);
        ids.add(FuseGeluTanhApproximationPass.ID);
        ids.add(FuseLayernormOrInstancenormPass.ID);
        // Attention written out (matmul, scale, mask, softmax, matmul) becomes one op from iOS18 on, after the
        // divisions have become multiplications and transpose runs are merged.
        ids.add(FuseScaledDotProductAttentionPass.ID);
        // matmul + bias becomes linear first, so that a further bias add then folds into the linear.
        ids.add(FuseMatmulWeightBiasPass.ID);
        ids.add(FuseLinearBiasPass.ID);
        // batch_norm folds into the conv before the bias and scale fusions, which then also see the fused conv.
        ids.add(FuseConvBatchnormPass.ID);
        // conv + c * s: fold the bias, then the scale (which scales the folded bias too), then a bias that
        // followed the scale (conv * s + c): one sweep of each pass folds the ops adjacent to a conv in order.
        ids.add(FuseConvBiasPass.ID);
        ids.add(FuseConvScalePass.ID);
        ids.add(FuseConvBiasPass.ID);
        // Fusions may leave no-ops (a transpose pair made adjacent) and always leave dead constants: clean up.
        ids.add(NoopEliminationPass.ID);
        ids.addAll(CorePasses.cleanupPipeline().passIds());
        return PassPipeline.of(DEFAULT, ids);
    }

    /**
     * The default pipeline, then fp16 compute precision: {@code add_fp16_cast} after the fusions (which match
     * fp32 constants more reliably), {@code cast_optimization} for the casts it makes adjacent, and cleanup.
     */
    public static PassPipeline defaultFp16Pipeline() {
        List<String> ids = new ArrayList<>(defaultPipeline().passIds());
        ids.add(AddFp16CastPass.ID);
        ids.add(CastOptimizationPass.ID);
        ids.addAll(CorePasses.cleanupPipeline().passIds());
        return PassPipeline.of(DEFAULT_FP16, ids);
    }

    /**
     * Registers the op-specific passes and the {@code default} and {@code default_fp16} pipelines; the pipelines
     * also name the core passes, so register {@link CorePasses} as well (or use {@link #newRegistry()}).
     */
    public static void registerAll(PassRegistry registry) {
        for (Pass p : passes()) {
            registry.register(p, REGISTRANT);
        }
        registry.registerPipeline(defaultPipeline(), REGISTRANT, false);
        registry.registerPipeline(defaultFp16Pipeline(), REGISTRANT, false);
    }

    /** A new registry with the core passes and pipelines and the op-specific ones. */
    public static PassRegistry newRegistry() {
        PassRegistry r = CorePasses.newRegistry();
        registerAll(r);
        return r;
    }
}
