package dev.mil4j.examples.customtopk;

import dev.mil4j.core.ir.Var;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.tensorflow.TfNode;
import dev.mil4j.frontend.tensorflow.TfTranslation;
import dev.mil4j.frontend.tensorflow.TfTranslationContext;
import java.util.List;

/**
 * TensorFlow's {@code TopKV2(input, k)} (and {@code TopK} with attribute {@code k}) as the custom op
 * {@code custom_topk} along the last axis; replaces the built-in translation (registered as an override).
 */
final class TfTopKTranslation implements TfTranslation {
    @Override
    public List<Var> translate(TfNode node, TfTranslationContext c) {
        int k = c.inputCount() > 1 ? (int) c.constInput(1, "k").scalarLong() : (int) node.intAttr("k", 1);
        return c.builder().op(CustomTopKOp.NAME)
                .input("x", c.input(0))
                .input("k", TensorValue.scalar(k))
                .input("axis", TensorValue.scalar(-1))
                .input("sorted", TensorValue.scalar(node.boolAttr("sorted", true)))
                .outputs();
    }
}
