package dev.mil4j.frontend.onnx.translate;

import static dev.mil4j.frontend.onnx.translate.Emit.one;
import static dev.mil4j.frontend.onnx.translate.Emit.scalarLike;

import dev.mil4j.core.ir.Var;
import dev.mil4j.core.value.TensorValue;
import java.util.List;

/** Normalization: {@code BatchNormalization} (inference form), {@code InstanceNormalization}, {@code LayerNormalization}, {@code LRN}. */
final class NormTranslations {
    private NormTranslations() {
    }

    static List<Builtin> all() {
        return List.of(
                Builtin.of("BatchNormalization", 7, (n, c) -> {
                    if (n.intAttribute("training_mode", 0) != 0) {
                        throw c.error("is in training mode (training_mode=1)",
                                "export the model in eval mode (model.eval() before torch.onnx.export)");
                    }
                    Var x = c.input(0);
                    return one(c.builder().op("batch_norm").input("x", x).input("mean", c.input(3))
                            .input("variance", c.input(4)).input("gamma", c.input(1)).input("beta", c.input(2))
                            .input("epsilon", scalarLike(x, n.floatAttribute("epsilon", 1e-5f))).output());
                }),
                Builtin.of("InstanceNormalization", 6, (n, c) -> {
                    Var x = c.input(0);
                    return one(c.builder().op("instance_norm").input("x", x).input("gamma", c.input(1))
                            .input("beta", c.input(2))
                            .input("epsilon", scalarLike(x, n.floatAttribute("epsilon", 1e-5f))).output());
                }),
                Builtin.of("LRN", 1, (n, c) -> {
                    Var x = c.input(0);
                    int size = (int) n.intAttribute("size").orElseThrow(() -> c.error("has no size"));
                    return one(c.builder().op("local_response_norm").input("x", x)
                            .input("size", TensorValue.scalar(size))
                            .input("alpha", scalarLike(x, n.floatAttribute("alpha", 1e-4f)))
                            .input("beta", scalarLike(x, n.floatAttribute("beta", 0.75f)))
                            .input("k", scalarLike(x, n.floatAttribute("bias", 1f))).output());
                }),
                Builtin.of("LayerNormalization", 17, (n, c) -> {
                    Var x = c.input(0);
                    int rank = Emit.rank(x);
                    int axis = Emit.axis(c, n.intAttribute("axis", -1), rank);
                    int[] axes = new int[rank - axis];
                    for (int i = 0; i < axes.length; i++) {
                        axes[i] = axis + i;
                    }
                    return one(c.builder().op("layer_norm").input("x", x).input("axes", TensorValue.vector(axes))
                            .input("gamma", c.input(1)).input("beta", c.optionalInput(2))
                            .input("epsilon", scalarLike(x, n.floatAttribute("epsilon", 1e-5f))).output());
                }));
    }
}
