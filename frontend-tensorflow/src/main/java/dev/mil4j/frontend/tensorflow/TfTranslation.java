package dev.mil4j.frontend.tensorflow;

import dev.mil4j.converter.spi.OpEmitters;
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

    /** A translation emitting one op on the node's input 0, such as {@code TfTranslation.unary(MathOps::exp)}. */
    static TfTranslation unary(OpEmitters.Unary op) {
        return (node, context) -> List.of(op.emit(context.builder(), context.input(0)));
    }

    /**
     * A translation emitting one op on the node's inputs 0 and 1, such as {@code TfTranslation.binary(MathOps::add)}.
     */
    static TfTranslation binary(OpEmitters.Binary op) {
        return (node, context) -> List.of(op.emit(context.builder(), context.input(0), context.input(1)));
    }
}
