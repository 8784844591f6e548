package dev.mil4j.ops.elementwise;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.Broadcast;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.SymbolicInt;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.internal.TensorIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Base of the elementwise binary ops: inputs {@code x} and {@code y} of one dtype (type domain {@code T}), combined
 * with numpy broadcasting (symbolic dims included); the output has the broadcast shape and the dtype given by
 * {@link #outputDtype} ({@code T}, or bool for comparisons). Value inference runs when both inputs are const.
 *
 * <p>Floating-point results are computed in double precision and rounded to the output dtype; integer results are
 * computed exactly on longs and wrap to the output width, like numpy's fixed-width arithmetic.
 */
public abstract class ElementwiseBinaryOp extends OpDef {
    /** The domain of the arithmetic and comparison ops: fp16, fp32, int32. */
    protected static final DType[] NUMERIC = {DType.FP16, DType.FP32, DType.INT32};

    protected ElementwiseBinaryOp(String name, DType... domain) {
        super(name, Opset.IOS15, InputSpec.builder()
                .tensor("x", "T")
                .tensor("y", "T")
                .domain("T", domain)
                .build());
    }

    /** The output dtype for inputs of dtype {@code input}; the same by default. */
    protected DType outputDtype(DType input) {
        return input;
    }

    /** The result for one pair of floating-point elements. */
    protected abstract double apply(double x, double y);

    /** The result for one pair of integer (or bool, as 0 and 1) elements; by default through {@link #apply}. */
    protected long applyInt(long x, long y) {
        return (long) apply(x, y);
    }

    /** Whether the const inputs can be folded (integer division by zero, for instance, cannot). */
    protected boolean foldable(TensorValue x, TensorValue y) {
        return true;
    }

    @Override
    public final List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        TensorType y = ctx.tensor("y");
        return List.of(new TensorType(outputDtype(x.dtype()), Broadcast.shapes(x.shape(), y.shape())));
    }

    @Override
    public final Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        Optional<TensorValue> xv = ctx.value("x");
        Optional<TensorValue> yv = ctx.value("y");
        if (xv.isEmpty() || yv.isEmpty() || !foldable(xv.get(), yv.get())) {
            return Optional.empty();
        }
        TensorValue x = xv.get();
        TensorValue y = yv.get();
        Shape out = Broadcast.shapes(x.shape(), y.shape());
        int[] xs = TensorIndex.broadcastSources(out, x.shape());
        int[] ys = TensorIndex.broadcastSources(out, y.shape());
        DType od = outputDtype(x.dtype());
        if (x.dtype().isFloat()) {
            double[] r = new double[xs.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = apply(x.getDouble(xs[i]), y.getDouble(ys[i]));
            }
            return Optional.of(List.of(TensorValue.fromDoubles(od, out, r)));
        }
        long[] r = new long[xs.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = applyInt(x.getLong(xs[i]), y.getLong(ys[i]));
        }
        return Optional.of(List.of(TensorValue.fromLongs(od, out, r)));
    }

    /**
     * The result for a pair of integer elements of which at least one is a run-time size (shape arithmetic such as
     * {@code B * 4}); empty, the default, when this op has no symbolic form.
     */
    protected Optional<SymbolicInt> applySymbolic(SymbolicInt x, SymbolicInt y) {
        return Optional.empty();
    }

    @Override
    public final Optional<List<SymbolicInt>> inferSymbolicValue(InferenceContext ctx) {
        if (!outputDtype(ctx.dtype("x")).isInteger()) {
            return Optional.empty();
        }
        Optional<List<SymbolicInt>> xv = ctx.symbolicValue("x");
        Optional<List<SymbolicInt>> yv = ctx.symbolicValue("y");
        if (xv.isEmpty() || yv.isEmpty()) {
            return Optional.empty();
        }
        List<SymbolicInt> x = xv.get();
        List<SymbolicInt> y = yv.get();
        int n = Math.max(x.size(), y.size());
        if (x.size() != n && x.size() != 1 || y.size() != n && y.size() != 1) {
            return Optional.empty();
        }
        List<SymbolicInt> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            SymbolicInt a = x.get(x.size() == 1 ? 0 : i);
            SymbolicInt b = y.get(y.size() == 1 ? 0 : i);
            Optional<SymbolicInt> r;
            if (a.isKnown() && b.isKnown()) {
                // the same rule as value inference: no integer division by zero, no negative integer power
                DType d = ctx.dtype("x");
                boolean foldable = foldable(TensorValue.fromLongs(d, Shape.scalar(), a.value()),
                        TensorValue.fromLongs(d, Shape.scalar(), b.value()));
                r = foldable ? Optional.of(SymbolicInt.known(applyInt(a.value(), b.value()))) : Optional.empty();
            } else {
                r = applySymbolic(a, b);
            }
            if (r.isEmpty()) {
                return Optional.empty();
            }
            out.add(r.get());
        }
        return Optional.of(out);
    }

    /** True when {@code v} is an integer tensor holding a zero (a divisor that cannot be folded). */
    protected static boolean hasIntegerZero(TensorValue v) {
        if (v.dtype().isFloat()) {
            return false;
        }
        for (long i = 0; i < v.elementCount(); i++) {
            if (v.getLong(i) == 0) {
                return true;
            }
        }
        return false;
    }
}
