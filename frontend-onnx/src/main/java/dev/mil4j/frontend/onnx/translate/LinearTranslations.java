package dev.mil4j.frontend.onnx.translate;

import static dev.mil4j.frontend.onnx.translate.Emit.one;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import java.util.List;
import java.util.Optional;

/** {@code Gemm}, {@code MatMul} and {@code Einsum}. */
final class LinearTranslations {
    private LinearTranslations() {
    }

    static List<Builtin> all() {
        return List.of(
                Builtin.of("Einsum", 12, (n, c) -> {
                    if (c.inputCount() != 2) {
                        throw c.error("has " + c.inputCount() + " operands; MIL's einsum takes two");
                    }
                    String eq = n.stringAttribute("equation").orElseThrow(() -> c.error("has no equation"))
                            .replace(" ", "");
                    Optional<boolean[]> mm = matmulForm(eq);
                    if (mm.isPresent()) {
                        return one(c.builder().op("matmul").input("x", c.input(0)).input("y", c.input(1))
                                .input("transpose_x", TensorValue.scalar(mm.get()[0]))
                                .input("transpose_y", TensorValue.scalar(mm.get()[1])).output());
                    }
                    return one(c.builder().op("einsum").inputs("values", List.of(c.input(0), c.input(1)))
                            .input("equation", TensorValue.scalar(eq)).output());
                }),
                Builtin.of("Gemm", 7, LinearTranslations::gemm),
                Builtin.of("MatMul", 1, (n, c) -> one(c.builder().op("matmul").input("x", c.input(0))
                        .input("y", c.input(1)).output())));
    }

    /**
     * {@code Y = alpha * op(A) @ op(B) + beta * C}. The common form of a fully connected layer (constant 2-D B,
     * alpha = beta = 1, no transposed A, a bias of the output width or none) becomes {@code linear}; anything else
     * {@code matmul}, scaled and offset.
     */
    private static List<Var> gemm(OnnxNode n, OnnxTranslationContext c) {
        Builder b = c.builder();
        Var a = c.input(0);
        Var bm = c.input(1);
        Optional<Var> cv = c.optionalInput(2);
        float alpha = n.floatAttribute("alpha", 1f);
        float beta = n.floatAttribute("beta", 1f);
        boolean transA = n.intAttribute("transA", 0) != 0;
        boolean transB = n.intAttribute("transB", 0) != 0;
        if (bm.isConst() && Emit.rank(bm) == 2 && Emit.rank(a) == 2 && !transA && alpha == 1f
                && biasFits(cv, beta, transB ? bm.tensorType().shape().dim(0).size()
                        : bm.tensorType().shape().dim(1).size())) {
            TensorValue weight = transB ? bm.value().orElseThrow() : Emit.transpose2d(bm.value().orElseThrow());
            Var w = transB ? bm : b.constant(weight, c.node().inputs().get(1).isEmpty() ? "weight"
                    : dev.mil4j.frontend.onnx.OnnxTypes.sanitize(c.node().inputs().get(1), "weight") + "_t");
            return one(b.op("linear").input("x", a).input("weight", w).input("bias", cv).output());
        }
        Var y = b.op("matmul").input("x", a).input("y", bm).input("transpose_x", TensorValue.scalar(transA))
                .input("transpose_y", TensorValue.scalar(transB)).output();
        if (alpha != 1f) {
            y = Emit.mulScalar(b, y, alpha);
        }
        if (cv.isPresent() && beta != 0f) {
            Var bias = beta == 1f ? cv.get() : Emit.mulScalar(b, cv.get(), beta);
            y = Emit.binary(b, "add", y, bias);
        }
        return one(y);
    }

    /**
     * Whether a two-operand equation is a (batched) matrix product {@code ..mk,..kn->..mn} with either operand's last
     * two letters possibly swapped; if so, the transpose flags of x and y.
     */
    static Optional<boolean[]> matmulForm(String eq) {
        if (!eq.matches("[A-Za-z]+,[A-Za-z]+->[A-Za-z]+")) {
            return Optional.empty();
        }
        String[] io = eq.split("->");
        String[] in = io[0].split(",");
        String a = in[0];
        String b = in[1];
        String out = io[1];
        int r = a.length();
        if (r < 2 || b.length() != r || out.length() != r) {
            return Optional.empty();
        }
        String batch = a.substring(0, r - 2);
        if (!b.startsWith(batch) || !out.startsWith(batch)) {
            return Optional.empty();
        }
        char m = out.charAt(r - 2);
        char nn = out.charAt(r - 1);
        String a2 = a.substring(r - 2);
        String b2 = b.substring(r - 2);
        char k = a2.charAt(0) == m ? a2.charAt(1) : a2.charAt(0);
        boolean distinct = m != nn && m != k && nn != k && batch.indexOf(k) < 0 && batch.indexOf(m) < 0
                && batch.indexOf(nn) < 0;
        if (!distinct || !(a2.equals("" + m + k) || a2.equals("" + k + m))
                || !(b2.equals("" + k + nn) || b2.equals("" + nn + k))) {
            return Optional.empty();
        }
        return Optional.of(new boolean[] {a2.charAt(0) == k, b2.charAt(0) == nn});
    }

    private static boolean biasFits(Optional<Var> bias, float beta, long width) {
        if (bias.isEmpty()) {
            return true;
        }
        Var v = bias.get();
        return beta == 1f && v.isConst() && Emit.rank(v) == 1 && v.tensorType().shape().dim(0).isKnown()
                && v.tensorType().shape().dim(0).size() == width;
    }
}
