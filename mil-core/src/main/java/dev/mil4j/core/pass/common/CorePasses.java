package dev.mil4j.core.pass.common;

import dev.mil4j.core.pass.Pass;
import dev.mil4j.core.pass.PassPipeline;
import dev.mil4j.core.pass.PassRegistry;
import java.util.List;

/** The op-agnostic passes of the core and the pipelines made of them only. */
public final class CorePasses {
    /** The registrant name of the core passes and pipelines. */
    public static final String REGISTRANT = "mil4j-core";

    /** The name of the pipeline of core passes only. */
    public static final String CLEANUP = "cleanup";

    private CorePasses() {
    }

    /** The core passes, sorted by id. */
    public static List<Pass> passes() {
        return List.of(
                new CommonSubexpressionEliminationPass(),
                new ConstDeduplicationPass(),
                new ConstEliminationPass(),
                new DeadCodeEliminationPass(),
                new SanitizeNamesPass(),
                new TopologicalReorderPass());
    }

    /**
     * The cleanup pipeline: fold constants first (so later passes see them), drop what became dead, merge equal
     * constants and repeated computations, drop again what those merges freed, then fix order and names.
     */
    public static PassPipeline cleanupPipeline() {
        return PassPipeline.of(CLEANUP,
                ConstEliminationPass.ID,
                DeadCodeEliminationPass.ID,
                ConstDeduplicationPass.ID,
                CommonSubexpressionEliminationPass.ID,
                DeadCodeEliminationPass.ID,
                TopologicalReorderPass.ID,
                SanitizeNamesPass.ID);
    }

    /** Registers the core passes and the {@code cleanup} and {@code empty} pipelines. */
    public static void registerAll(PassRegistry registry) {
        for (Pass p : passes()) {
            registry.register(p, REGISTRANT);
        }
        registry.registerPipeline(cleanupPipeline(), REGISTRANT, false);
        registry.registerPipeline(PassPipeline.empty(), REGISTRANT, false);
    }

    /** A new registry holding the core passes and pipelines. */
    public static PassRegistry newRegistry() {
        PassRegistry r = new PassRegistry();
        registerAll(r);
        return r;
    }
}
