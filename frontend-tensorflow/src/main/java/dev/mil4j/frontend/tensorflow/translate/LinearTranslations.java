package dev.mil4j.frontend.tensorflow.translate;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Var;
import dev.mil4j.frontend.tensorflow.TfNode;
import dev.mil4j.frontend.tensorflow.TfTranslationContext;
import dev.mil4j.frontend.tensorflow.TfTranslations;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.NnOps;
import dev.mil4j.ops.TensorOps;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

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
        return List.of(NnOps.matmul(c.builder(), c.input(0), c.input(1), tx, ty));
    }

    /** NHWC: {@code add(x, b)} (broadcast over the last axis); NCHW: the bias reshaped to {@code [C, 1, ...]}. */
    private static List<Var> biasAdd(TfNode n, TfTranslationContext c) {
        Var x = c.input(0);
        Var bias = c.input(1);
        if (Layouts.channelsFirst(n, c) && x.tensorType().rank() > 2) {
            int[] shape = new int[x.tensorType().rank() - 1];
            Arrays.fill(shape, 1);
            shape[0] = -1;
            bias = TensorOps.reshape(c.builder(), bias, shape);
        }
        return List.of(MathOps.add(c.builder(), x, bias));
    }

    /**
     * A two-operand equation that is a (batched) matrix product, such as {@code bij,jk->bik} or {@code bji,bjk->bik},
     * becomes {@code matmul} with transposes; any other equation goes to MIL's {@code einsum}, which takes a few forms.
     */
    private static List<Var> einsum(TfNode n, TfTranslationContext c) {
        String equation = n.stringAttr("equation", "").replace(" ", "");
        List<Var> values = c.inputs(0);
        if (values.size() == 2) {
            Optional<boolean[]> mm = asMatmul(equation);
            if (mm.isPresent()) {
                return List.of(NnOps.matmul(c.builder(), values.get(0), values.get(1), mm.get()[0], mm.get()[1]));
            }
        }
        return List.of(NnOps.einsum(c.builder(), equation, values));
    }

    /** The transpose flags when the equation is a matrix product over one contracted letter. */
    static Optional<boolean[]> asMatmul(String equation) {
        int arrow = equation.indexOf("->");
        if (arrow < 0 || !equation.matches("[a-zA-Z]+,[a-zA-Z]+->[a-zA-Z]+")) {
            return Optional.empty();
        }
        String[] in = equation.substring(0, arrow).split(",");
        String a = in[0];
        String b = in[1];
        String o = equation.substring(arrow + 2);
        if (a.length() < 2 || b.length() < 2 || o.length() != a.length()) {
            return Optional.empty();
        }
        String contracted = null;
        for (char ch : a.toCharArray()) {
            if (b.indexOf(ch) >= 0 && o.indexOf(ch) < 0) {
                if (contracted != null) {
                    return Optional.empty();
                }
                contracted = String.valueOf(ch);
            }
        }
        if (contracted == null) {
            return Optional.empty();
        }
        char cc = contracted.charAt(0);
        String aLast = a.substring(a.length() - 2);
        String bLast = b.substring(b.length() - 2);
        boolean tx = aLast.charAt(0) == cc;
        boolean ty = bLast.charAt(1) == cc;
        if (!tx && aLast.charAt(1) != cc || !ty && bLast.charAt(0) != cc) {
            return Optional.empty();
        }
        char i = tx ? aLast.charAt(1) : aLast.charAt(0);
        char k = ty ? bLast.charAt(0) : bLast.charAt(1);
        String batch = a.substring(0, a.length() - 2);
        String bBatch = b.substring(0, b.length() - 2);
        boolean batchOk = o.substring(0, o.length() - 2).equals(batch)
                && (bBatch.isEmpty() || bBatch.equals(batch));
        return batchOk && o.endsWith("" + i + k) ? Optional.of(new boolean[] {tx, ty}) : Optional.empty();
    }
}
