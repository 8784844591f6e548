/**
 * Passes and how they run: {@link dev.mil4j.core.pass.Pass} (a named program rewrite with options and statistics),
 * {@link dev.mil4j.core.pass.PassRegistry}, {@link dev.mil4j.core.pass.PassPipeline} and
 * {@link dev.mil4j.core.pass.PassManager}; and how passes change the IR: {@link dev.mil4j.core.pass.PatternPass}
 * (local rewrites, one per anchor op, in one sweep over every block) and {@link dev.mil4j.core.pass.Rewriter}
 * (insertion points, use replacement that keeps returned names, erasure with the constants only the erased op used).
 * {@code mil-core/README.md}, "Writing a pass", walks through writing one.
 */
package dev.mil4j.core.pass;
