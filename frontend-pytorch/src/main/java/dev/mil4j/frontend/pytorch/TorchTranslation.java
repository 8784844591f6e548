package dev.mil4j.frontend.pytorch;

import dev.mil4j.core.ir.Var;
import dev.mil4j.frontend.pytorch.graph.TorchNode;
import java.util.List;

/**
 * Translates one aten/prim operation of a TorchScript graph to MIL: it reads the node's inputs through the context
 * (as MIL vars or as known constants), emits MIL ops with the context's builder (positioned in the current block,
 * with the node's location set), and returns one var per node output. Registered per op name through
 * {@code TranslationContribution.of("pytorch", "aten::relu", translation, "aten::relu_")}; a plugin replaces a
 * built-in with {@code TranslationContribution.overriding(...)}.
 */
@FunctionalInterface
public interface TorchTranslation {
    List<Var> translate(TorchNode node, TorchTranslationContext context);
}
