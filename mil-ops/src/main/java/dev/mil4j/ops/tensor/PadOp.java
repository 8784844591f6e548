package dev.mil4j.ops.tensor;

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
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code pad(x, pad, mode="constant", constant_val=0)}: pads the last {@code N} dims of {@code x}.
 *
 * <p>Inputs: {@code x} (fp16, fp32); {@code pad}, an int32 vector {@code [before_0, after_0, ...]} of length
 * {@code 2N <= 2 rank(x)} for the last {@code N} dims, non-negative; when not const it must cover every dim
 * ({@code 2 rank(x)}); {@code mode}, const string: constant, reflect (pads at most {@code dim-1}) or replicate (at most
 * {@code dim}); {@code constant_val}, const scalar of {@code x}'s dtype, for constant mode. Output: {@code x}'s dtype,
 * padded dims {@code d + before + after} (fresh symbols unique to this op when {@code pad} is not const). Folds when
 * {@code x} and {@code pad} are const.
 */
public final class PadOp extends OpDef {
    public PadOp() {
        super("pad", Opset.IOS15, InputSpec.builder()
                .tensor("x", "T")
                .tensor("pad", DType.INT32)
                .scalar("mode", DType.STRING).constant().defaultValue(TensorValue.scalar("constant"))
                .scalar("constant_val", "T").constant().defaultValue(TensorValue.scalar(0f))
                .domain("T", Domains.FLOATS)
                .build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        return List.of(x.withShape(outShape(ctx, x.shape())));
    }

    private static Shape outShape(InferenceContext ctx, Shape in) {
        String mode = ctx.constValue("mode").scalarString();
        if (!mode.equals("constant") && !mode.equals("reflect") && !mode.equals("replicate")) {
            throw new TypeException("mode", "is '" + mode + "'; use constant, reflect or replicate");
        }
        int len = Args.vectorLength(ctx, "pad");
        Optional<TensorValue> pv = ctx.value("pad");
        if (len % 2 != 0 || len > 2 * in.rank() || pv.isEmpty() && len != 2 * in.rank()) {
            throw new TypeException("pad", "has " + len + " entries; it needs two per padded dim, at most "
                    + 2 * in.rank() + (pv.isEmpty() ? ", and exactly that many when not const" : ""));
        }
        Dim[] out = in.toDimArray();
        int first = in.rank() - len / 2;
        for (int j = 0; j < len / 2; j++) {
            int i = first + j;
            if (pv.isEmpty()) {
                out[i] = ctx.freshSymbol("d" + i);
                continue;
            }
            long before = pv.get().getLong(2L * j);
            long after = pv.get().getLong(2L * j + 1);
            if (before < 0 || after < 0) {
                throw new TypeException("pad", "must not be negative, got " + Arrays.toString(pv.get().toLongArray()));
            }
            Dim d = in.dim(i);
            long limit = mode.equals("reflect") ? 1 : 0;
            if (!mode.equals("constant") && d.isKnown() && Math.max(before, after) > d.size() - limit) {
                throw new TypeException("pad", "pads dim " + i + " of size " + d + " by " + Math.max(before, after)
                        + ", more than " + mode + " mode allows (" + (d.size() - limit) + ")");
            }
            out[i] = DimMath.add(d, before + after);
        }
        return Shape.of(out);
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        Optional<TensorValue> xv = ctx.value("x");
        if (xv.isEmpty() || ctx.value("pad").isEmpty()) {
            return Optional.empty();
        }
        Shape outShape = outShape(ctx, xv.get().shape());
        if (!Values.foldable(outShape)) {
            return Optional.empty();
        }
        String mode = ctx.constValue("mode").scalarString();
        long[] pad = ctx.value("pad").get().toLongArray();
        long[] in = xv.get().shape().toLongArray();
        long[] before = new long[in.length];
        for (int j = 0; j < pad.length / 2; j++) {
            before[in.length - pad.length / 2 + j] = pad[2 * j];
        }
        long[] src = Values.sources(in, outShape.toLongArray(), (o, i) -> {
            for (int k = 0; k < in.length; k++) {
                long p = o[k] - before[k];
                if (p < 0 || p >= in[k]) {
                    switch (mode) {
                        case "reflect" -> p = p < 0 ? -p : 2 * (in[k] - 1) - p;
                        case "replicate" -> p = p < 0 ? 0 : in[k] - 1;
                        default -> p = -1;
                    }
                }
                if (p < 0) {
                    return false;
                }
                i[k] = p;
            }
            return true;
        });
        TensorValue fill = ctx.constValue("constant_val");
        return Optional.of(List.of(Values.take(xv.get(), outShape, src, fill)));
    }

    @Override
    public String summary() {
        return "pads the trailing dims with a constant, by reflection or by replication";
    }
}
