package dev.mil4j.frontend.tensorflow.ops;

import static dev.mil4j.frontend.tensorflow.ops.Emit.one;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.tensorflow.TfNode;
import dev.mil4j.frontend.tensorflow.TfTranslationContext;
import dev.mil4j.frontend.tensorflow.TfTranslations;
import java.util.ArrayList;
import java.util.List;

/** {@code BiasAdd}, {@code MatMul}, the {@code BatchMatMul} versions and {@code Einsum}. */
final class LinearTranslations {
    private LinearTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                TfTranslations.of("BatchMatMul", (n, c) -> matmul(c, n.boolAttr("adj_x", false),
                        n.boolAttr("adj_y", false)), "BatchMatMulV2", "BatchMatMulV3"),
                TfTranslations.of("BiasAdd", LinearTranslations::biasAdd),
                TfTranslations.of("Einsum", LinearTranslations::einsum),
                TfTranslations.of("MatMul", (n, c) -> matmul(c, n.boolAttr("transpose_a", false),
                        n.boolAttr("transpose_b", false))));
    }

    private static List<Var> matmul(TfTranslationContext c, boolean tx, boolean ty) {
        return one(c.builder().op("matmul").input("x", c.input(0)).input("y", c.input(1))
                .input("transpose_x", TensorValue.scalar(tx)).input("transpose_y", TensorValue.scalar(ty)).output());
    }

    /** NHWC: {@code add(x, b)} (broadcast over the last axis); NCHW: the bias reshaped to {@code [C, 1, ...]}. */
    private static List<Var> biasAdd(TfNode n, TfTranslationContext c) {
        Var x = c.input(0);
        Var bias = c.input(1);
        if (Emit.channelsFirst(n, c) && Emit.rank(x) > 2) {
            int[] shape = new int[Emit.rank(x) - 1];
            java.util.Arrays.fill(shape, 1);
            shape[0] = -1;
            bias = Emit.reshape(c.builder(), bias, shape);
        }
        return one(Emit.binary(c.builder(), "add", x, bias));
    }

    private static List<Var> einsum(TfNode n, TfTranslationContext c) {
        List<Var> values = new ArrayList<>();
        for (int i = 0; i < c.inputCount(); i++) {
            values.add(c.input(i));
        }
        return one(c.builder().op("einsum").inputs("values", values)
                .input("equation", TensorValue.scalar(n.stringAttr("equation", ""))).output());
    }
}
