package dev.mil4j.ops.norm;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;

/**
 * {@code l2_norm}: divides {@code x} by {@code sqrt(sum(x^2) + epsilon)}, the sum over the last three dims; the
 * leading dims (if any) are batch, normalized separately.
 *
 * <p>Inputs: {@code x: tensor<[*B, *D], T>} (rank 3 or more, {@code rank(D) == 3}); {@code epsilon: const T}
 * (default 1e-6). T: fp16, fp32.
 *
 * <p>Output: the type of {@code x}. Folds when {@code x} is const. Versions: iOS15; iOS17 puts {@code epsilon} in
 * its own domain {@code U}.
 */
public final class L2NormOp extends NormalizationOp {

    private L2NormOp(Opset since) {
        super("l2_norm", since, domains(InputSpec.builder()
                .tensor("x", "T")
                .scalar("epsilon", paramVar(since)).constant().defaultValue(TensorValue.scalar(1e-6f)), since)
                .build());
    }

    /** The iOS15 definition. */
    public static L2NormOp ios15() {
        return new L2NormOp(Opset.IOS15);
    }

    /** The iOS17 definition: {@code epsilon} has its own domain {@code U}. */
    public static L2NormOp ios17() {
        return new L2NormOp(Opset.IOS17);
    }

    @Override
    public String summary() {
        return "L2 normalization over the last three dims";
    }

    @Override
    protected void check(InferenceContext ctx, TensorType x) {
        if (x.rank() < 3) {
            throw new TypeException("x", "must have rank 3 or more (the last three dims are normalized), got " + x);
        }
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        Optional<TensorValue> x = ctx.value("x");
        if (x.isEmpty()) {
            return Optional.empty();
        }
        List<ValueType> types = inferTypes(ctx);
        TensorValue xv = x.get();
        long[] s = xv.shape().toLongArray();
        int r = s.length;
        int group = (int) (s[r - 1] * s[r - 2] * s[r - 3]);
        double eps = ctx.constValue("epsilon").scalarDouble();
        double[] v = xv.toDoubleArray();
        double[] out = new double[v.length];
        for (int start = 0; start < v.length; start += group) {
            double sum = 0;
            for (int i = start; i < start + group; i++) {
                sum += v[i] * v[i];
            }
            double norm = Math.sqrt(sum + eps);
            for (int i = start; i < start + group; i++) {
                out[i] = v[i] / norm;
            }
        }
        TensorType t = (TensorType) types.get(0);
        return Optional.of(List.of(TensorValue.fromDoubles(t.dtype(), t.shape(), out)));
    }
}
