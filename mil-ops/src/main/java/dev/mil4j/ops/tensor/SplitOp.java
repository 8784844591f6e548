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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code split(x, num_splits?, split_sizes?, axis)}: cuts {@code x} into several tensors along {@code axis}.
 *
 * <p>Inputs: {@code x} (fp16, fp32, int32, bool); {@code num_splits}, const int32: equal parts (the axis dim must
 * divide; a symbolic dim {@code S} gives parts {@code S_div_n}); {@code split_sizes}, const int32 vector: the part
 * sizes, summing to the axis dim; at least one of the two, and when both are given they must agree; {@code axis},
 * const int32. Outputs: one tensor per part. Folds when {@code x} is const.
 */
public final class SplitOp extends OpDef {
    public SplitOp() {
        super("split", Opset.IOS15, InputSpec.builder()
                .tensor("x", "T")
                .scalar("num_splits", DType.INT32).constant().optional()
                .tensor("split_sizes", DType.INT32).constant().optional()
                .scalar("axis", DType.INT32).constant()
                .domain("T", Domains.IOS15_DATA)
                .build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        int axis = Args.axis("axis", ctx.constLong("axis"), x.rank());
        List<ValueType> out = new ArrayList<>();
        for (Dim d : sizes(ctx, x.shape(), axis)) {
            out.add(x.withShape(x.shape().withDim(axis, d)));
        }
        return out;
    }

    private static List<Dim> sizes(InferenceContext ctx, Shape x, int axis) {
        Dim total = x.dim(axis);
        boolean hasNum = ctx.isPresent("num_splits");
        if (ctx.isPresent("split_sizes")) {
            long[] sizes = Args.constInts(ctx, "split_sizes");
            if (hasNum && ctx.constLong("num_splits") != sizes.length) {
                throw new TypeException("num_splits", "is " + ctx.constLong("num_splits") + ", but split_sizes "
                        + Arrays.toString(sizes) + " has " + sizes.length + " parts");
            }
            long sum = 0;
            List<Dim> out = new ArrayList<>(sizes.length);
            for (long s : sizes) {
                if (s < 0) {
                    throw new TypeException("split_sizes", "must not be negative, got " + Arrays.toString(sizes));
                }
                sum += s;
                out.add(Dim.of(s));
            }
            if (total.isKnown() && sum != total.size()) {
                throw new TypeException("split_sizes", "sums to " + sum + ", but dim " + axis + " of x " + x
                        + " is " + total);
            }
            return out;
        }
        if (!hasNum) {
            throw new TypeException("num_splits", "or `split_sizes` must be given");
        }
        long n = ctx.constLong("num_splits");
        if (n <= 0) {
            throw new TypeException("num_splits", "must be positive, got " + n);
        }
        if (total.isKnown() && total.size() % n != 0) {
            throw new TypeException("num_splits", "is " + n + ", which does not divide dim " + axis + " of x " + x);
        }
        Dim part = DimMath.div(total, n);
        List<Dim> out = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            out.add(part);
        }
        return out;
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        return Values.foldableInput(ctx, "x").map(x -> fold(ctx, x));
    }

    private List<TensorValue> fold(InferenceContext ctx, TensorValue x) {
        long[] shape = x.shape().toLongArray();
        int axis = Args.axis("axis", ctx.constLong("axis"), shape.length);
        long outer = Values.product(shape, 0, axis);
        long inner = Values.product(shape, axis + 1, shape.length);
        List<TensorValue> out = new ArrayList<>();
        long offset = 0;
        for (Dim d : sizes(ctx, x.shape(), axis)) {
            long len = d.size();
            long[] src = new long[Math.toIntExact(outer * len * inner)];
            int at = 0;
            for (long o = 0; o < outer; o++) {
                for (long e = 0; e < len * inner; e++) {
                    src[at++] = (o * shape[axis] + offset) * inner + e;
                }
            }
            out.add(Values.take(x, x.shape().withDim(axis, d), src));
            offset += len;
        }
        return out;
    }

    @Override
    public String summary() {
        return "cuts a tensor into pieces along one axis";
    }
}
