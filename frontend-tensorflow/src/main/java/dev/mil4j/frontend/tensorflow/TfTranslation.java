package dev.mil4j.frontend.tensorflow;

import dev.mil4j.core.ir.Var;
import java.util.List;

/**
 * Translates one TensorFlow node to MIL: it reads the node's attributes ({@link TfNode}) and input vars through the
 * context, emits MIL ops with the context's {@link TfTranslationContext#builder() builder} (positioned in the current
 * block, the node's location set, folding on) and returns the vars of the node's outputs, in order
 * ({@code node:0}, {@code node:1}, ...).
 *
 * <p>Register one under the TensorFlow op type with {@link TfTranslations#of} (or
 * {@link TfTranslations#overriding} to replace a built-in), the Java form of coremltools'
 * {@code register_tf_op(tf_alias=[...], override=True)}.
 */
@FunctionalInterface
public interface TfTranslation {
    List<Var> translate(TfNode node, TfTranslationContext context);
}
