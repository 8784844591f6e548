package dev.mil4j.ops.passes;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.pass.PatternPass;
import dev.mil4j.core.pass.Rewriter;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.NnOps;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code common::fuse_scaled_dot_product_attention}: in functions of iOS18 and later, replaces attention written out
 * as {@code softmax(Q @ K^T * c + mask) @ V} by the {@code scaled_dot_product_attention} op, which Core ML runs as one
 * kernel (on the Neural Engine too). {@code K^T} is a {@code matmul} with {@code transpose_y} or a {@code transpose}
 * of the last two dims of {@code K}; {@code * c} is a multiplication by a scalar constant, or absent ({@code c = 1};
 * a division by a constant is a multiplication once {@code common::divide_to_multiply} has run); the mask, a float
 * tensor added in either operand order, is optional; the softmax is over the last dim. The op always scales by
 * {@code 1 / sqrt(E)}: when {@code c} is another value, {@code Q} is first multiplied by {@code c * sqrt(E)}.
 * Every op of the pattern but the last has no other user; {@code Q}, {@code K} and {@code V} must have one rank
 * (3 or more), the same batch dims and a floating dtype.
 *
 * <pre>
 * Given:
 *   %s = matmul(x = %q, y = %k, transpose_y = true)
 *   %t = mul(x = %s, y = 0.17677669)          (1 / sqrt(32))
 *   %u = add(x = %t, y = %mask)
 *   %p = softmax(x = %u, axis = -1)
 *   %o = matmul(x = %p, y = %v)
 * Result:
 *   %o = scaled_dot_product_attention(query = %q, key = %k, value = %v, attn_mask = %mask)
 * </pre>
 */
public final class FuseScaledDotProductAttentionPass extends PatternPass {
    public static final String ID = "common::fuse_scaled_dot_product_attention";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "fuse softmax(Q @ K^T * c + mask) @ V into scaled_dot_product_attention (iOS18)";
    }

    /** The parts of a matched pattern. */
    private record Match(Var query, Key key, Var value, Optional<Var> mask, double scale, List<Operation> dead) {
    }

    /** The key: {@code var} itself, or {@code var} transposed by {@code perm} (what a merged transpose left). */
    private record Key(Var var, Optional<int[]> perm) {
    }

    @Override
    protected boolean rewrite(Operation op, Rewriter rw) {
        if (!op.type().equals("matmul") || op.parent().isEmpty()
                || op.parent().get().function().opset().compareTo(Opset.IOS18) < 0) {
            return false;
        }
        Optional<Match> match = match(op);
        if (match.isEmpty()) {
            return false;
        }
        Match m = match.get();
        TensorType q = m.query().tensorType();
        double fix = m.scale() * Math.sqrt(q.shape().dim(q.rank() - 1).size());
        Var query = m.query();
        if (Math.abs(fix - 1) > Patterns.TOLERANCE) {
            TensorValue c = TensorValue.fromDoubles(q.dtype(), Shape.scalar(), fix);
            query = rw.before(op).op("mul").input("x", query).input("y", c).output();
        }
        Var key = m.key().var();
        if (m.key().perm().isPresent()) {
            key = rw.before(op).op("transpose").input("x", key).input("perm", TensorValue.vector(m.key().perm()
                    .get())).output();
        }
        Var fused = NnOps.scaledDotProductAttention(rw.before(op), query, key, m.value(), m.mask());
        rw.replaceOp(op, fused);
        rw.eraseIfUnused(m.dead());
        return true;
    }

    private static Optional<Match> match(Operation last) {
        if (!Patterns.constBool(last, "transpose_x", false) || !Patterns.constBool(last, "transpose_y", false)) {
            return Optional.empty();
        }
        List<Operation> dead = new ArrayList<>();
        Var value = last.requireInput("y");
        Optional<Operation> softmax = Patterns.soleProducer(last.requireInput("x"), "softmax");
        if (softmax.isEmpty() || !lastAxis(softmax.get())) {
            return Optional.empty();
        }
        dead.add(softmax.get());
        Var scores = softmax.get().requireInput("x");
        Optional<Var> mask = Optional.empty();
        Optional<Operation> add = Patterns.soleProducer(scores, "add");
        if (add.isPresent()) {
            Var x = add.get().requireInput("x");
            Var y = add.get().requireInput("y");
            boolean scoresFirst = isScores(x);
            if (!scoresFirst && !isScores(y)) {
                return Optional.empty();
            }
            mask = Optional.of(scoresFirst ? y : x);
            Var inner = scoresFirst ? x : y;
            if (!inner.type().equals(scores.type())) {
                return Optional.empty(); // the mask would broadcast the scores up
            }
            dead.add(add.get());
            scores = inner;
        }
        double scale = 1;
        Optional<Operation> mul = Patterns.soleProducer(scores, "mul");
        if (mul.isPresent()) {
            Optional<Var> c = Patterns.constOperand(mul.get());
            OptionalDouble u = c.map(Patterns::uniform).orElse(OptionalDouble.empty());
            if (u.isEmpty() || c.get().tensorType().rank() > 0 && c.get().tensorType().shape().elementCount()
                    .orElse(2) != 1) {
                return Optional.empty();
            }
            scale = u.getAsDouble();
            dead.add(mul.get());
            scores = Patterns.other(mul.get(), c.get());
        }
        Optional<Operation> qk = Patterns.soleProducer(scores, "matmul");
        if (qk.isEmpty() || !Patterns.constBool(qk.get(), "transpose_x", false)) {
            return Optional.empty();
        }
        dead.add(qk.get());
        Var query = qk.get().requireInput("x");
        Optional<Key> key = key(qk.get(), dead);
        if (key.isEmpty() || !shapesFit(query, keyType(key.get()), value)
                || mask.isPresent() && !floatMask(mask.get())) {
            return Optional.empty();
        }
        return Optional.of(new Match(query, key.get(), value, mask, scale, dead));
    }

    /**
     * The key of {@code Q @ K^T}: {@code y} of a matmul with {@code transpose_y}, or, for {@code y} made by a
     * {@code transpose} with permutation {@code p}, that transpose's input permuted by {@code p} with its last two
     * entries swapped (the input itself when that is the identity; merged transposes leave such permutations).
     */
    private static Optional<Key> key(Operation qk, List<Operation> dead) {
        Var y = qk.requireInput("y");
        if (Patterns.constBool(qk, "transpose_y", true)) {
            return Optional.of(new Key(y, Optional.empty()));
        }
        if (!Patterns.constBool(qk, "transpose_y", false)) {
            return Optional.empty();
        }
        Optional<Operation> transpose = Patterns.producer(y, "transpose");
        Optional<TensorValue> perm = transpose.flatMap(t -> t.requireInput("perm").value());
        if (perm.isEmpty()) {
            return Optional.empty();
        }
        long[] p = perm.get().toLongArray();
        int r = p.length;
        int[] swapped = new int[r];
        boolean identity = true;
        for (int i = 0; i < r; i++) {
            long axis = p[i == r - 2 ? r - 1 : i == r - 1 ? r - 2 : i];
            swapped[i] = (int) (axis < 0 ? axis + r : axis);
            identity &= swapped[i] == i;
        }
        dead.add(transpose.get());
        Var input = transpose.get().requireInput("x");
        return Optional.of(new Key(input, identity ? Optional.empty() : Optional.of(swapped)));
    }

    /** The type of the key the op gets: the transposed one when the key is permuted. */
    private static TensorType keyType(Key key) {
        TensorType t = key.var().tensorType();
        if (key.perm().isEmpty()) {
            return t;
        }
        Dim[] dims = new Dim[t.rank()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = t.shape().dim(key.perm().get()[i]);
        }
        return new TensorType(t.dtype(), Shape.of(dims));
    }

    private static boolean lastAxis(Operation softmax) {
        Optional<TensorValue> axis = softmax.inferenceContext().value("axis");
        int rank = softmax.output().tensorType().rank();
        return axis.isPresent() && (axis.get().getLong(0) == -1 || axis.get().getLong(0) == rank - 1);
    }

    /** Whether {@code v} is computed by a {@code mul} or a {@code matmul}: the scores side of the mask add. */
    private static boolean isScores(Var v) {
        return Patterns.soleProducer(v, "mul").isPresent() || Patterns.soleProducer(v, "matmul").isPresent();
    }

    private static boolean floatMask(Var mask) {
        DType d = mask.tensorType().dtype();
        return (d == DType.FP16 || d == DType.FP32) && mask.tensorType().rank() >= 1;
    }

    /** One floating dtype and rank (3 or more), equal batch dims, a known embedding size. */
    private static boolean shapesFit(Var query, TensorType k, Var value) {
        TensorType q = query.tensorType();
        TensorType v = value.tensorType();
        int r = q.rank();
        if (r < 3 || k.rank() != r || v.rank() != r || k.dtype() != q.dtype() || v.dtype() != q.dtype()
                || q.dtype() != DType.FP16 && q.dtype() != DType.FP32 || !q.shape().dim(r - 1).isKnown()) {
            return false;
        }
        for (int i = 0; i < r - 2; i++) {
            Dim d = q.shape().dim(i);
            if (!d.equals(k.shape().dim(i)) || !d.equals(v.shape().dim(i))) {
                return false;
            }
        }
        return true;
    }
}
