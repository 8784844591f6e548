package dev.mil4j.ops.tensor;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.SymbolicInt;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code tile(x, reps)}: repeats {@code x} {@code reps[i]} times along each dim {@code i}.
 *
 * <p>Inputs: {@code x} (fp16, fp32, int32, bool); {@code reps}, an int32 vector of length {@code rank(x)}, positive,
 * const or not. Output: dims {@code x.shape[i] * reps[i]} (a symbol {@code B} times 3 is {@code B_x_3}; unknown reps
 * give fresh symbols unique to this op). Folds when both are const.
 */
public final class TileOp extends OpDef {
    public TileOp() {
        super("tile", Opset.IOS15, InputSpec.builder()
                .tensor("x", "T")
                .tensor("reps", DType.INT32)
                .domain("T", Domains.IOS15_DATA)
                .build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        return List.of(x.withShape(outShape(ctx, x.shape())));
    }

    private static Shape outShape(InferenceContext ctx, Shape in) {
        int len = Args.vectorLength(ctx, "reps");
        if (len != in.rank()) {
            throw new TypeException("reps", "has " + len + " entries, but x has rank " + in.rank());
        }
        Optional<List<SymbolicInt>> reps = ctx.symbolicValue("reps");
        Dim[] out = new Dim[in.rank()];
        for (int i = 0; i < out.length; i++) {
            if (reps.isEmpty() || reps.get().size() != out.length) {
                out[i] = ctx.freshSymbol("d" + i);
                continue;
            }
            SymbolicInt r = reps.get().get(i);
            if (r.isKnown() && r.value() <= 0) {
                throw new TypeException("reps", "must be positive, got " + reps.get());
            }
            out[i] = DimMath.mul(in.dim(i), r.toDim());
        }
        return Shape.of(out);
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        Optional<TensorValue> xv = ctx.value("x");
        if (xv.isEmpty() || ctx.value("reps").isEmpty()) {
            return Optional.empty();
        }
        Shape outShape = outShape(ctx, xv.get().shape());
        if (!Values.foldable(outShape)) {
            return Optional.empty();
        }
        long[] in = xv.get().shape().toLongArray();
        long[] src = Values.sources(in, outShape.toLongArray(), (o, i) -> {
            for (int k = 0; k < in.length; k++) {
                i[k] = o[k] % in[k];
            }
            return true;
        });
        return Optional.of(List.of(Values.take(xv.get(), outShape, src)));
    }

    @Override
    public String summary() {
        return "repeats a tensor a number of times along each dim";
    }
}
