package dev.mil4j.frontend.onnx;

import dev.mil4j.converter.spi.OpEmitters;
import dev.mil4j.core.ir.Var;
import java.util.List;

/**
 * Translates one ONNX node to MIL: it reads the node's attributes and input vars through the context, emits MIL ops
 * with the context's {@link OnnxTranslationContext#builder() builder} (positioned in the current block, with the
 * node's location set) and returns the vars of the node's outputs, in order. It may return fewer vars than the node
 * has outputs when the missing trailing outputs are optional (such as {@code Dropout}'s mask); a later use of one is
 * then reported.
 *
 * <p>Register a translation with {@link OnnxTranslations#contribution} (or {@code TranslationContribution}) under
 * {@code OpType} for the default domain or {@code domain::OpType} for another domain, with the ONNX since-version.
 */
@FunctionalInterface
public interface OnnxTranslation {
    List<Var> translate(OnnxNode node, OnnxTranslationContext context);

    /** A translation emitting one op on the node's input 0, such as {@code OnnxTranslation.unary(MathOps::exp)}. */
    static OnnxTranslation unary(OpEmitters.Unary op) {
        return (node, context) -> List.of(op.emit(context.builder(), context.input(0)));
    }

    /**
     * A translation emitting one op on the node's inputs 0 and 1, such as {@code OnnxTranslation.binary(MathOps::add)}.
     */
    static OnnxTranslation binary(OpEmitters.Binary op) {
        return (node, context) -> List.of(op.emit(context.builder(), context.input(0), context.input(1)));
    }
}
