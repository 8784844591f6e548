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
import dev.mil4j.ops.internal.TensorIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code sliding_windows(x, axis, size, stride=1)}: every window of {@code size} consecutive elements along
 * {@code axis}, windows {@code stride} apart ({@code torch.Tensor.unfold}).
 *
 * <p>Inputs: {@code x} (iOS15: fp16, fp32, int32; iOS17: fp16, fp32, int8, int16, int32, uint8, uint16, bool);
 * {@code axis}, {@code size} (at least 1) and {@code stride} (at least 1, default 1), const int32.
 *
 * <p>Output: {@code x.shape[:axis] + [(x.shape[axis] - size) // stride + 1, size] + x.shape[axis+1:]}, {@code x}'s
 * dtype; a symbolic dim along {@code axis} gives a symbol named after it, size and stride. Folds when {@code x} is
 * const.
 */
public final class SlidingWindowsOp extends OpDef {
    /** The iOS15 definition. */
    public static SlidingWindowsOp ios15() {
        return new SlidingWindowsOp(Opset.IOS15);
    }

    /** The iOS17 definition: adds bool and the 8- and 16-bit integer dtypes. */
    public static SlidingWindowsOp ios17() {
        return new SlidingWindowsOp(Opset.IOS17);
    }

    private SlidingWindowsOp(Opset since) {
        super("sliding_windows", since, InputSpec.builder()
                .tensor("x", "T")
                .scalar("axis", DType.INT32).constant()
                .scalar("size", DType.INT32).constant()
                .scalar("stride", DType.INT32).constant().defaultValue(TensorValue.scalar(1))
                .domain("T", since.compareTo(Opset.IOS17) >= 0 ? Domains.IOS17_DATA : Domains.IOS15_NUMERIC)
                .build());
    }

    @Override
    public String summary() {
        return "all windows of size elements along axis";
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        int axis = Args.axis("axis", ctx.constLong("axis"), x.rank());
        long size = ctx.constLong("size");
        long stride = ctx.constLong("stride");
        if (size < 1) {
            throw new TypeException("size", "must be at least 1, got " + size);
        }
        if (stride < 1) {
            throw new TypeException("stride", "must be at least 1, got " + stride);
        }
        Dim d = x.shape().dim(axis);
        Dim windows;
        if (d.isKnown()) {
            if (d.size() < size) {
                throw new TypeException("size", "is " + size + ", larger than dim " + axis + " of x " + x.shape());
            }
            windows = Dim.of((d.size() - size) / stride + 1);
        } else {
            windows = DimMath.derived("windows", d, size, stride);
        }
        List<Dim> out = new ArrayList<>(x.shape().slice(0, axis).dims());
        out.add(windows);
        out.add(Dim.of(size));
        out.addAll(x.shape().slice(axis + 1, x.rank()).dims());
        return List.of(x.withShape(Shape.of(out)));
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        Optional<TensorValue> xv = ctx.value("x");
        if (xv.isEmpty()) {
            return Optional.empty();
        }
        Shape outShape = ((TensorType) inferTypes(ctx).get(0)).shape();
        if (!Values.foldable(outShape)) {
            return Optional.empty();
        }
        TensorValue x = xv.get();
        long[] xs = x.shape().toLongArray();
        int axis = Args.axis("axis", ctx.constLong("axis"), xs.length);
        long stride = ctx.constLong("stride");
        long[] os = outShape.toLongArray();
        long[] xStrides = TensorIndex.strides(xs);
        long[] idx = new long[os.length];
        long[] src = new long[Math.toIntExact(outShape.elementCount().orElseThrow())];
        for (int i = 0; i < src.length; i++) {
            Values.unravel(i, os, idx);
            long s = 0;
            for (int d = 0; d < xs.length; d++) {
                long at = d < axis ? idx[d] : d == axis ? idx[d] * stride + idx[d + 1] : idx[d + 1];
                s += at * xStrides[d];
            }
            src[i] = s;
        }
        return Optional.of(List.of(Values.take(x, outShape, src)));
    }
}
