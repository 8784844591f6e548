package dev.mil4j.ops.basic;

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
import java.util.List;
import java.util.Optional;

/**
 * {@code range_1d}: the sequence {@code start, start + step, ...} up to {@code end} (exclusive), like numpy's
 * {@code arange}.
 *
 * <p>Inputs: {@code end}, {@code start}, {@code step}: scalars of one dtype {@code T} = fp16, fp32, int32;
 * {@code step} must not be 0. Output: a vector of dtype {@code T} and length
 * {@code max(0, ceil((end - start) / step))} when all three are const, else of a fresh symbolic length unique to this
 * op (e.g. {@code range_1d_len_0}). Value inference runs when all three are const and the result has at most
 * 2^18 elements (1 MiB of 4-byte values).
 */
public final class Range1dOp extends OpDef {
    public Range1dOp() {
        super("range_1d", Opset.IOS15, InputSpec.builder()
                .scalar("end", "T")
                .scalar("start", "T")
                .scalar("step", "T")
                .domain("T", DType.FP16, DType.FP32, DType.INT32)
                .build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        DType dtype = ctx.dtype("start");
        Optional<TensorValue> step = ctx.value("step");
        if (step.isPresent() && step.get().scalarDouble() == 0) {
            throw new TypeException("step", "must not be 0");
        }
        Dim length = length(ctx).<Dim>map(Dim::of).orElseGet(() -> ctx.freshSymbol("len"));
        return List.of(TensorType.of(dtype, length));
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        Optional<Long> length = length(ctx);
        if (length.isEmpty() || length.get() > TensorIndex.MAX_FOLDED_ELEMENTS) {
            return Optional.empty();
        }
        TensorValue start = ctx.constValue("start");
        TensorValue step = ctx.constValue("step");
        int n = length.get().intValue();
        Shape shape = Shape.of(n);
        if (start.dtype().isFloat()) {
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                d[i] = start.scalarDouble() + i * step.scalarDouble();
            }
            return Optional.of(List.of(TensorValue.fromDoubles(start.dtype(), shape, d)));
        }
        long[] l = new long[n];
        for (int i = 0; i < n; i++) {
            l[i] = start.scalarLong() + i * step.scalarLong();
        }
        return Optional.of(List.of(TensorValue.fromLongs(start.dtype(), shape, l)));
    }

    /** The length when all inputs are const. */
    private static Optional<Long> length(InferenceContext ctx) {
        Optional<TensorValue> end = ctx.value("end");
        Optional<TensorValue> start = ctx.value("start");
        Optional<TensorValue> step = ctx.value("step");
        if (end.isEmpty() || start.isEmpty() || step.isEmpty() || step.get().scalarDouble() == 0) {
            return Optional.empty();
        }
        double n = Math.ceil((end.get().scalarDouble() - start.get().scalarDouble()) / step.get().scalarDouble());
        return Optional.of((long) Math.max(0, n));
    }

    @Override
    public String summary() {
        return "arithmetic sequence from start up to end by step";
    }
}
