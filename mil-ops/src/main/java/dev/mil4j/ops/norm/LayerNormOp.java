package dev.mil4j.ops.norm;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code layer_norm}: {@code gamma * (x - mean) / sqrt(var + epsilon) + beta}, mean and (biased) variance taken
 * over {@code axes}.
 *
 * <p>Inputs: {@code x: tensor<*, T>}; {@code axes: const int32[K]} (default all axes; negative counts from the
 * end; no repeats); {@code gamma: const tensor<x.shape[axes], T>} (optional, ones; the dims of {@code axes} in
 * ascending axis order); {@code beta} (optional, zeros; like {@code gamma}); {@code epsilon: const T} (default
 * 1e-5). T: fp16, fp32.
 *
 * <p>Output: the type of {@code x}. Folds when {@code x} is const. Versions: iOS15; iOS17 puts {@code gamma, beta,
 * epsilon} in their own domain {@code U}.
 */
public final class LayerNormOp extends NormalizationOp {

    private LayerNormOp(Opset since) {
        super("layer_norm", since, domains(InputSpec.builder()
                .tensor("x", "T")
                .tensor("axes", DType.INT32).constant().defaultFrom(ctx -> allAxes(ctx.tensor("x").rank()))
                .tensor("gamma", paramVar(since)).constant().optional()
                .tensor("beta", paramVar(since)).constant().optional()
                .scalar("epsilon", paramVar(since)).constant().defaultValue(TensorValue.scalar(1e-5f)), since)
                .build());
    }

    /** The iOS15 definition. */
    public static LayerNormOp ios15() {
        return new LayerNormOp(Opset.IOS15);
    }

    /** The iOS17 definition: the parameters have their own domain {@code U}. */
    public static LayerNormOp ios17() {
        return new LayerNormOp(Opset.IOS17);
    }

    private static TensorValue allAxes(int rank) {
        int[] a = new int[rank];
        for (int i = 0; i < rank; i++) {
            a[i] = i;
        }
        return TensorValue.vector(a);
    }

    @Override
    public String summary() {
        return "layer normalization over the given axes";
    }

    /** Which axes are normalized. */
    private static boolean[] axes(InferenceContext ctx, TensorType x) {
        TensorValue v = ctx.constValue("axes");
        if (v.shape().rank() > 1) {
            throw new TypeException("axes", "must be a vector, got shape " + v.shape());
        }
        boolean[] normalized = new boolean[x.rank()];
        for (long a : v.toLongArray()) {
            if (a < -x.rank() || a >= x.rank()) {
                throw new TypeException("axes", "holds " + a + ", out of range for x of rank " + x.rank());
            }
            int i = (int) (a < 0 ? a + x.rank() : a);
            if (normalized[i]) {
                throw new TypeException("axes", "names axis " + i + " twice");
            }
            normalized[i] = true;
        }
        return normalized;
    }

    @Override
    protected void check(InferenceContext ctx, TensorType x) {
        boolean[] normalized = axes(ctx, x);
        List<Dim> dims = new ArrayList<>();
        for (int i = 0; i < normalized.length; i++) {
            if (normalized[i]) {
                dims.add(x.shape().dim(i));
            }
        }
        Shape expected = Shape.of(dims);
        for (String input : new String[] {"gamma", "beta"}) {
            Optional<TensorType> p = ctx.optionalTensor(input);
            if (p.isPresent() && !compatible(p.get().shape(), expected)) {
                throw new TypeException(input, "must have shape " + expected + " (the dims of x at axes), got "
                        + p.get().shape());
            }
        }
    }

    private static boolean compatible(Shape a, Shape b) {
        if (a.rank() != b.rank()) {
            return false;
        }
        for (int i = 0; i < a.rank(); i++) {
            if (a.dim(i).isKnown() && b.dim(i).isKnown() && a.dim(i).size() != b.dim(i).size()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        Optional<TensorValue> x = ctx.value("x");
        if (x.isEmpty()) {
            return Optional.empty();
        }
        TensorType type = (TensorType) inferTypes(ctx).get(0);
        boolean[] normalized = axes(ctx, type);
        long[] s = type.shape().toLongArray();
        double[] v = x.get().toDoubleArray();
        int[] group = new int[v.length];
        int[] within = new int[v.length];
        int groups = 1;
        int size = 1;
        for (int d = 0; d < s.length; d++) {
            if (normalized[d]) {
                size *= (int) s[d];
            } else {
                groups *= (int) s[d];
            }
        }
        for (int i = 0; i < v.length; i++) {
            long rem = i;
            int g = 0;
            int w = 0;
            int gMul = 1;
            int wMul = 1;
            for (int d = s.length - 1; d >= 0; d--) {
                int c = (int) (rem % s[d]);
                rem /= s[d];
                if (normalized[d]) {
                    w += c * wMul;
                    wMul *= (int) s[d];
                } else {
                    g += c * gMul;
                    gMul *= (int) s[d];
                }
            }
            group[i] = g;
            within[i] = w;
        }
        double[] mean = new double[groups];
        double[] var = new double[groups];
        for (int i = 0; i < v.length; i++) {
            mean[group[i]] += v[i] / size;
        }
        for (int i = 0; i < v.length; i++) {
            double dev = v[i] - mean[group[i]];
            var[group[i]] += dev * dev / size;
        }
        double eps = ctx.constValue("epsilon").scalarDouble();
        double[] gamma = ctx.value("gamma").map(TensorValue::toDoubleArray).orElse(null);
        double[] beta = ctx.value("beta").map(TensorValue::toDoubleArray).orElse(null);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            double y = (v[i] - mean[group[i]]) / Math.sqrt(var[group[i]] + eps);
            out[i] = y * (gamma == null ? 1 : gamma[within[i]]) + (beta == null ? 0 : beta[within[i]]);
        }
        return Optional.of(List.of(TensorValue.fromDoubles(type.dtype(), type.shape(), out)));
    }
}
