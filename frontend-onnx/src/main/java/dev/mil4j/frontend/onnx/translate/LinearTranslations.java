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
import dev.mil4j.ops.ReductionOps;
import dev.mil4j.ops.TensorOps;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code Gemm}, {@code MatMul}, {@code Einsum} ({@link EinsumTranslation}) and {@code Det} (of matrices up to 5 x 5,
 * by the permutation expansion: {@code sum_p sign(p) prod_i x[i, p(i)]}, each factor a {@code gather} of constant
 * indices).
 */
final class LinearTranslations {
    /** The largest matrix {@code Det} expands: 5 x 5, 120 products of 5 factors. */
    private static final int MAX_DET = 5;

    private LinearTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                OnnxTranslations.of("Det", 11, LinearTranslations::det),
                OnnxTranslations.of("Einsum", 12, EinsumTranslation::einsum),
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
     * {@code Det} of {@code [..., n, n]} with static shape: the sum over the permutations {@code p} of {@code n} of
     * {@code sign(p) x[..., 0, p(0)] ... x[..., n-1, p(n-1)]}: factor {@code i} of every product is one
     * {@code gather} of the flattened matrices at constant indices, the products a {@code [..., n!]} tensor summed
     * with the signs.
     */
    private static List<Var> det(OnnxNode n, OnnxTranslationContext c) {
        Var x = c.input(0);
        long[] s = c.staticShape(x, "Det");
        int rank = s.length;
        if (rank < 2 || s[rank - 1] != s[rank - 2]) {
            throw c.error("has input shape " + Shape.of(s) + "; expected [..., n, n]");
        }
        int m = (int) s[rank - 1];
        if (m > MAX_DET) {
            throw c.error("takes the determinant of " + m + " x " + m + " matrices; the expansion over permutations "
                    + "is translated up to " + MAX_DET + " x " + MAX_DET, "no MIL op factorizes a matrix");
        }
        List<int[]> perms = new ArrayList<>();
        permutations(new int[m], new boolean[m], 0, perms);
        double[] signs = new double[perms.size()];
        for (int p = 0; p < perms.size(); p++) {
            signs[p] = sign(perms.get(p));
        }
        Builder b = c.builder();
        int[] flatShape = new int[rank - 1];
        for (int i = 0; i < rank - 2; i++) {
            flatShape[i] = (int) s[i];
        }
        flatShape[rank - 2] = m * m;
        Var flat = TensorOps.reshape(b, x, flatShape);
        Var product = null;
        for (int i = 0; i < m; i++) {
            int[] indices = new int[perms.size()];
            for (int p = 0; p < indices.length; p++) {
                indices[p] = i * m + perms.get(p)[i];
            }
            Var factor = TensorOps.gather(b, flat, indices, rank - 2);
            product = product == null ? factor : MathOps.mul(b, product, factor);
        }
        Var signed = MathOps.mul(b, product, b.constant(TensorValue.fromDoubles(x.tensorType().dtype(),
                Shape.of(signs.length), signs)));
        return List.of(ReductionOps.reduceSum(b, signed, new int[] {rank - 2}, false));
    }

    private static void permutations(int[] current, boolean[] used, int at, List<int[]> out) {
        if (at == current.length) {
            out.add(current.clone());
            return;
        }
        for (int v = 0; v < current.length; v++) {
            if (!used[v]) {
                used[v] = true;
                current[at] = v;
                permutations(current, used, at + 1, out);
                used[v] = false;
            }
        }
    }

    /** +1 for an even permutation, -1 for an odd one (by its count of inversions). */
    private static int sign(int[] p) {
        int inversions = 0;
        for (int i = 0; i < p.length; i++) {
            for (int j = i + 1; j < p.length; j++) {
                if (p[i] > p[j]) {
                    inversions++;
                }
            }
        }
        return inversions % 2 == 0 ? 1 : -1;
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
