package dev.mil4j.examples.customtopk;

import dev.mil4j.core.ir.Var;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.pytorch.TorchTranslationContext;
import dev.mil4j.frontend.pytorch.TorchTranslation;
import dev.mil4j.frontend.pytorch.graph.TorchNode;
import java.util.List;

/**
 * {@code aten::topk(self, k, dim=-1, largest=True, sorted=True)} as the custom op {@code custom_topk}; replaces the
 * built-in translation (registered as an override). The custom layer computes the largest values only.
 */
final class TorchTopKTranslation implements TorchTranslation {
    @Override
    public List<Var> translate(TorchNode node, TorchTranslationContext c) {
        if (!c.boolValue(3, "largest", true)) {
            throw c.error("topk with largest=False is not supported by the CustomTopK layer; remove the "
                    + "custom-topk plugin to use the built-in topk");
        }
        return c.builder().op(CustomTopKOp.NAME)
                .input("x", c.tensor(0, "self"))
                .input("k", TensorValue.scalar((int) c.intValue(1, "k")))
                .input("axis", TensorValue.scalar((int) c.intValue(2, "dim", -1)))
                .input("sorted", TensorValue.scalar(c.boolValue(4, "sorted", true)))
                .outputs();
    }
}
