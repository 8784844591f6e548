/**
 * The op-specific graph passes of the standard op set ({@code common::fuse_conv_bias}, ...) and the
 * {@link dev.mil4j.ops.passes.OpPasses#defaultPipeline() default pipeline}.
 *
 * <p>Conventions shared by every pass: each rewrite is a small pattern with its algebra in a comment, a
 * {@link dev.mil4j.core.pass.PatternPass} matched backwards from the pattern's last op in one forward sweep per block
 * (linear in the program size); the IR changes only through the {@link dev.mil4j.core.pass.Rewriter} (builders,
 * replacement, erasure); an op that replaces a pattern takes the name of the pattern's last op (so function outputs
 * keep their names) and the location of the op it stands for (the conv, linear or matmul a fusion folds into;
 * otherwise the pattern's last op); a returned var is replaced by an existing one only by renaming that one, never a
 * function input. Statistics: {@code patterns_matched} and {@code ops_removed} (ops erased minus ops inserted,
 * constants not counted); the constants only an erased op used go with it.
 */
package dev.mil4j.ops.passes;
