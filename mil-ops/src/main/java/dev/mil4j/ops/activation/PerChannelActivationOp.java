package dev.mil4j.ops.activation;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;

/**
 * Base of the elementwise activations with const parameters per channel ({@code prelu}: {@code alpha};
 * {@code softplus_parametric}: {@code alpha} and {@code beta}): {@code x} of rank 3 up to a maximum ({@code [B, C, ...]}) in
 * {@code T} = fp16, fp32; each parameter a required const vector of {@code C} values, of dtype {@code T} up to iOS16
 * and of either float dtype (type domain {@code U}) from iOS17. Output: the shape and dtype of {@code x}; folds when
 * {@code x} is const.
 */
public abstract class PerChannelActivationOp extends OpDef {
    private final boolean withBeta;
    private final int maxRank;
    private final String rankRule;

    /** {@code rankRule} says in words which ranks of {@code x} from 3 to {@code maxRank} are allowed. */
    protected PerChannelActivationOp(String name, Opset since, boolean withBeta, int maxRank, String rankRule) {
        super(name, since, spec(since, withBeta));
        this.withBeta = withBeta;
        this.maxRank = maxRank;
        this.rankRule = rankRule;
    }

    private static InputSpec spec(Opset since, boolean withBeta) {
        String paramDomain = since.compareTo(Opset.IOS17) >= 0 ? "U" : "T";
        InputSpec.Builder b = InputSpec.builder()
                .tensor("x", "T")
                .tensor("alpha", paramDomain).constant();
        if (withBeta) {
            b.tensor("beta", paramDomain).constant();
        }
        return b.domain("T", DType.FP16, DType.FP32).domain("U", DType.FP16, DType.FP32).build();
    }

    /** The result for one element, given its channel's parameters ({@code beta} is 0 for ops without it). */
    protected abstract double apply(double x, double alpha, double beta);

    /** Checks of one op beyond the shared ones (the rank, a vector of C values per parameter); none by default. */
    protected void checkMore(TensorType x, InferenceContext ctx) {
    }

    @Override
    public final List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        if (x.rank() < 3 || x.rank() > maxRank) {
            throw new TypeException("x", "must have " + rankRule + " ([B, C, ...]), got " + x);
        }
        checkPerChannel(ctx, "alpha", x.shape().dim(1));
        if (withBeta) {
            checkPerChannel(ctx, "beta", x.shape().dim(1));
        }
        checkMore(x, ctx);
        return List.of(x);
    }

    private static void checkPerChannel(InferenceContext ctx, String input, Dim channels) {
        TensorValue v = ctx.constValue(input);
        if (v.shape().rank() != 1) {
            throw new TypeException(input, "must be a vector with one value per channel, got " + v.type());
        }
        if (channels.isKnown() && channels.size() != v.elementCount()) {
            throw new TypeException(input, "has " + v.elementCount() + " values, but `x` has " + channels
                    + " channels (dim 1)");
        }
    }

    @Override
    public final Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        Optional<TensorValue> xv = ctx.value("x");
        if (xv.isEmpty()) {
            return Optional.empty();
        }
        TensorValue x = xv.get();
        TensorValue alpha = ctx.constValue("alpha");
        TensorValue beta = withBeta ? ctx.constValue("beta") : null;
        long[] dims = x.shape().toLongArray();
        long inner = 1;
        for (int d = 2; d < dims.length; d++) {
            inner *= dims[d];
        }
        double[] out = new double[Math.toIntExact(x.elementCount())];
        for (int i = 0; i < out.length; i++) {
            long c = (i / inner) % dims[1];
            out[i] = apply(x.getDouble(i), alpha.getDouble(c), beta == null ? 0 : beta.getDouble(c));
        }
        return Optional.of(List.of(TensorValue.fromDoubles(x.dtype(), x.shape(), out)));
    }
}
