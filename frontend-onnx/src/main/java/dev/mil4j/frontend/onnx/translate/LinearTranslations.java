package dev.mil4j.frontend.onnx.translate;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import dev.mil4j.frontend.onnx.OnnxTranslations;
import dev.mil4j.frontend.onnx.OnnxTypes;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.NnOps;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;

/** {@code Gemm}, {@code MatMul} and {@code Einsum}. */
final class LinearTranslations {
    private LinearTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                OnnxTranslations.of("Einsum", 12, (n, c) -> {
                    if (c.inputCount() != 2) {
                        throw c.error("has " + c.inputCount() + " operands; MIL's einsum takes two");
                    }
                    String eq = n.stringAttribute("equation").orElseThrow(() -> c.error("has no equation"))
                            .replace(" ", "");
                    Optional<boolean[]> mm = matmulForm(eq);
                    if (mm.isPresent()) {
                        return List.of(NnOps.matmul(c.builder(), c.input(0), c.input(1), mm.get()[0], mm.get()[1]));
                    }
                    return List.of(NnOps.einsum(c.builder(), eq, c.input(0), c.input(1)));
                }),
                OnnxTranslations.of("Gemm", 7, LinearTranslations::gemm),
                OnnxTranslations.of("MatMul", 1, (n, c) -> List.of(NnOps.matmul(c.builder(), c.input(0),
                        c.input(1)))));
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
        if (bm.isConst() && bm.tensorType().rank() == 2 && a.tensorType().rank() == 2 && !transA && alpha == 1f
                && biasFits(cv, beta, transB ? bm.tensorType().shape().dim(0).size()
                        : bm.tensorType().shape().dim(1).size())) {
            TensorValue weight = transB ? bm.value().orElseThrow() : transpose2d(bm.value().orElseThrow());
            Var w = transB ? bm : b.constant(weight, c.node().inputs().get(1).isEmpty() ? "weight"
                    : OnnxTypes.sanitize(c.node().inputs().get(1), "weight") + "_t");
            return List.of(NnOps.linear(b, a, w, cv));
        }
        Var y = NnOps.matmul(b, a, bm, transA, transB);
        if (alpha != 1f) {
            y = MathOps.mul(b, y, alpha);
        }
        if (cv.isPresent() && beta != 0f) {
            Var bias = beta == 1f ? cv.get() : MathOps.mul(b, cv.get(), beta);
            y = MathOps.add(b, y, bias);
        }
        return List.of(y);
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
        return beta == 1f && v.isConst() && v.tensorType().rank() == 1 && v.tensorType().shape().dim(0).isKnown()
                && v.tensorType().shape().dim(0).size() == width;
    }

    /** Transposes a constant matrix (any fixed-size dtype), without emitting an op. */
    private static TensorValue transpose2d(TensorValue m) {
        long[] dims = m.shape().toLongArray();
        int rows = Math.toIntExact(dims[0]);
        int cols = Math.toIntExact(dims[1]);
        int size = m.dtype().byteSize();
        ByteBuffer src = m.buffer();
        ByteBuffer dst = ByteBuffer.allocate(rows * cols * size).order(ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < rows; r++) {
            for (int col = 0; col < cols; col++) {
                for (int k = 0; k < size; k++) {
                    dst.put((col * rows + r) * size + k, src.get(src.position() + (r * cols + col) * size + k));
                }
            }
        }
        return TensorValue.wrap(m.dtype(), Shape.of(cols, rows), dst);
    }
}
