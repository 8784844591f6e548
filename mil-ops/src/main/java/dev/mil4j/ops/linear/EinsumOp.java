package dev.mil4j.ops.linear;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;

/**
 * {@code einsum}: the two-operand einsum forms Core ML runs natively, batched matrix products over axes -3 and -1
 * with the other axes as (broadcast) batch: {@code "nchw,nwhu->nchu"} (rank 4) and {@code "chw,whu->chu"} (rank 3),
 * and any renaming of their letters ({@code "abcd,adce->abce"}). Other equations are rejected by name; frontends
 * lower them to {@code transpose} and {@code matmul}.
 *
 * <p>Inputs: {@code values: (tensor<[*D, C, H, W1], T>, tensor<[*D, W1, H, W2], T>)}, both of rank 3 or both of
 * rank 4; {@code equation: const string}. T: fp16, fp32. Dims {@code D} (rank 4) and {@code H} broadcast when one
 * side is 1.
 *
 * <p>Output: {@code tensor<[*D, C, H, W2], T>}. Folds when both operands are const.
 */
public final class EinsumOp extends OpDef {

    public EinsumOp() {
        super("einsum", Opset.IOS15, InputSpec.builder()
                .tensors("values", "T")
                .scalar("equation", DType.STRING).constant()
                .domain("T", DType.FP16, DType.FP32)
                .build());
    }

    @Override
    public String summary() {
        return "einsum for batched matrix products over axes -3 and -1";
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        List<TensorType> values = ctx.tensors("values");
        if (values.size() != 2) {
            throw new TypeException("values", "must hold exactly 2 tensors, got " + values.size());
        }
        TensorType x = values.get(0);
        TensorType y = values.get(1);
        String equation = ctx.constValue("equation").scalarString();
        int rank = supportedRank(equation);
        if (x.rank() != rank || y.rank() != rank) {
            throw new TypeException("values", "must both have rank " + rank + " for equation '" + equation
                    + "', got " + x.shape() + " and " + y.shape());
        }
        Shape xs = x.shape();
        Shape ys = y.shape();
        Dim kx = xs.dim(rank - 1);
        Dim ky = ys.dim(rank - 3);
        if (kx.isKnown() && ky.isKnown() && kx.size() != ky.size()) {
            throw new TypeException("values", "have contracted dims that differ: " + kx + " (axis -1 of the "
                    + "first) vs " + ky + " (axis -3 of the second)");
        }
        Dim[] out = new Dim[rank];
        out[rank - 1] = ys.dim(rank - 1);
        out[rank - 2] = broadcast(xs.dim(rank - 2), ys.dim(rank - 2), rank - 2);
        out[rank - 3] = xs.dim(rank - 3);
        if (rank == 4) {
            out[0] = broadcast(xs.dim(0), ys.dim(0), 0);
        }
        return List.of(x.withShape(Shape.of(out)));
    }

    /**
     * The rank an equation implies when it is one of the supported forms.
     *
     * @throws TypeException on input {@code equation} otherwise
     */
    static int supportedRank(String equation) {
        String eq = equation.replace(" ", "");
        String[] io = eq.split("->", -1);
        String[] operands = io.length == 2 ? io[0].split(",", -1) : new String[0];
        if (operands.length == 2) {
            String pattern = canonical(operands[0] + "," + operands[1] + "->" + io[1]);
            if (pattern.equals("abcd,adce->abce")) {
                return 4;
            }
            if (pattern.equals("abc,cbd->abd")) {
                return 3;
            }
        }
        throw new TypeException("equation", "'" + equation + "' is not supported: Core ML's einsum takes two "
                + "operands multiplied over axes -3 and -1, as in 'nchw,nwhu->nchu' or 'chw,whu->chu' (any letters); "
                + "lower other equations to transpose and matmul");
    }

    /** Renames the letters to a, b, c, ... in order of first appearance; other characters stay. */
    private static String canonical(String eq) {
        StringBuilder seen = new StringBuilder();
        StringBuilder out = new StringBuilder(eq.length());
        for (char c : eq.toCharArray()) {
            if (!Character.isLetter(c)) {
                out.append(c);
                continue;
            }
            int i = seen.indexOf(String.valueOf(c));
            if (i < 0) {
                i = seen.length();
                seen.append(c);
            }
            out.append((char) ('a' + i));
        }
        return out.toString();
    }

    private static Dim broadcast(Dim a, Dim b, int axis) {
        if (a.equals(b) || b.isKnown() && b.size() == 1) {
            return a;
        }
        if (a.isKnown() && a.size() == 1) {
            return b;
        }
        if (a.isKnown() && b.isKnown()) {
            throw new TypeException("values", "have dims " + a + " and " + b + " at axis " + axis
                    + ", which do not broadcast");
        }
        return a.isKnown() ? a : b.isKnown() ? b : a;
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        List<Optional<TensorValue>> vals = ctx.values("values");
        if (vals.size() != 2 || vals.get(0).isEmpty() || vals.get(1).isEmpty()) {
            return Optional.empty();
        }
        TensorType outType = (TensorType) inferTypes(ctx).get(0);
        TensorValue x = vals.get(0).get();
        TensorValue y = vals.get(1).get();
        long[] xs = as4d(x.shape().toLongArray());
        long[] ys = as4d(y.shape().toLongArray());
        long[] os = as4d(outType.shape().toLongArray());
        double[] xv = x.toDoubleArray();
        double[] yv = y.toDoubleArray();
        int batch = (int) os[0];
        int c = (int) os[1];
        int h = (int) os[2];
        int u = (int) os[3];
        int k = (int) xs[3];
        double[] out = new double[batch * c * h * u];
        for (int n = 0; n < batch; n++) {
            for (int ci = 0; ci < c; ci++) {
                for (int hi = 0; hi < h; hi++) {
                    for (int ui = 0; ui < u; ui++) {
                        double sum = 0;
                        for (int w = 0; w < k; w++) {
                            sum += xv[index(xs, n, ci, hi, w)] * yv[index(ys, n, w, hi, ui)];
                        }
                        out[((n * c + ci) * h + hi) * u + ui] = sum;
                    }
                }
            }
        }
        return Optional.of(List.of(TensorValue.fromDoubles(outType.dtype(), outType.shape(), out)));
    }

    private static long[] as4d(long[] s) {
        return s.length == 4 ? s : new long[] {1, s[0], s[1], s[2]};
    }

    /** The flat index of {@code [n, a, h, b]} in a 4-d shape whose batch and H dims may be broadcast from 1. */
    private static int index(long[] s, int n, int a, int h, int b) {
        long nn = s[0] == 1 ? 0 : n;
        long hh = s[2] == 1 ? 0 : h;
        return (int) (((nn * s[1] + a) * s[2] + hh) * s[3] + b);
    }
}
