package dev.mil4j.frontend.pytorch.translate;

import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.pytorch.TorchTranslation;
import dev.mil4j.frontend.pytorch.TorchTranslationContext;
import dev.mil4j.frontend.pytorch.graph.TorchNode;
import dev.mil4j.frontend.pytorch.graph.TorchValue;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.TensorOps;
import java.util.List;
import java.util.Optional;

/**
 * Tensors made from shapes and numbers: {@code zeros}/{@code ones}/{@code full} (and {@code _like}, {@code new_})
 * and {@code arange}, for {@link TensorTranslations}. A torch dtype of
 * {@code None} means the default float (fp32) for zeros and ones, and the fill value's kind for {@code full}
 * (int64, which MIL holds as int32, for an integer).
 */
final class Fills {
    private Fills() {
    }

    /** {@code zeros(size, dtype, layout, device, pin_memory)}. */
    static TorchTranslation filled(double value) {
        return (n, c) -> List.of(fill(c, c.tensor(0, "size"), value, dtype(c, 1, null).orElse(DType.FP32)));
    }

    /** {@code zeros_like(x, dtype, layout, device, pin_memory, memory_format)}. */
    static TorchTranslation filledLike(double value) {
        return (n, c) -> {
            Var x = c.tensor(0, "self");
            return List.of(fill(c, shapeOf(c, x), value, dtype(c, 1, x.tensorType().dtype()).orElseThrow()));
        };
    }

    /** {@code x.new_zeros(size, dtype, ...)}: x's dtype unless another is given. */
    static TorchTranslation newFilled(double value) {
        return (n, c) -> {
            Var x = c.tensor(0, "self");
            return List.of(fill(c, c.tensor(1, "size"), value, dtype(c, 2, x.tensorType().dtype()).orElseThrow()));
        };
    }

    /** The dtype given at {@code position} (or keyword {@code dtype}), else {@code dflt} (empty for "infer"). */
    static Optional<DType> dtype(TorchTranslationContext c, int position, DType dflt) {
        if (c.isPresent(position, "dtype")) {
            return Optional.of(Shapes.dtype(c, c.intValue(position, "dtype")));
        }
        return Optional.ofNullable(dflt);
    }

    static Var shapeOf(TorchTranslationContext c, Var x) {
        return Shapes.vector(c, Shapes.dims(c, x, 0, x.tensorType().rank()));
    }

    static Var fill(TorchTranslationContext c, Var shape, TorchValue value, Optional<DType> dtype) {
        if (c.knownNumber(value).isEmpty()) { // a number the model computes (a loop counter): zeros plus it
            Var x = c.var(value);
            DType d = dtype.orElse(x.tensorType().dtype().isFloat() ? DType.FP32 : DType.INT32);
            return MathOps.add(c.builder(), fill(c, shape, 0, d), c.cast(x, d));
        }
        double v = c.knownNumber(value).orElseThrow();
        boolean integral = value instanceof TorchValue.Literal l && (l.value() instanceof Long
                || l.value() instanceof Boolean);
        return fill(c, shape, v, dtype.orElse(integral ? DType.INT32 : DType.FP32));
    }

    /** {@code fill} in a dtype MIL's fill holds (fp32, fp16, int32, bool), cast to {@code dtype} otherwise. */
    static Var fill(TorchTranslationContext c, Var shape, double value, DType dtype) {
        Var s = c.cast(shape, DType.INT32);
        boolean direct = dtype == DType.FP32 || dtype == DType.FP16 || dtype == DType.INT32 || dtype == DType.BOOL;
        DType made = direct ? dtype : dtype.isFloat() ? DType.FP32 : DType.INT32;
        Var out = MathOps.fill(c.builder(), s, TensorValue.fromDoubles(made, Shape.scalar(), value));
        return c.cast(out, dtype);
    }

    /**
     * {@code arange(end)}, {@code arange(start, end)} or {@code arange(start, end, step)}, each optionally followed by
     * dtype, layout, device and pin_memory. Without a dtype the result is int64 (int32 in MIL) when every bound is
     * an integer, else fp32.
     */
    static List<Var> arange(TorchNode n, TorchTranslationContext c) {
        int count = n.inputs().size();
        if (!n.keywords().containsKey("dtype") && count >= 5) {
            count -= 4;
        }
        if (count < 1 || count > 3) {
            throw c.error("`aten::arange` with " + n.inputs().size() + " positional inputs is not understood");
        }
        List<TorchValue> bounds = n.inputs().subList(0, count);
        TorchValue start = count == 1 ? new TorchValue.Literal(0L) : bounds.get(0);
        TorchValue end = count == 1 ? bounds.get(0) : bounds.get(1);
        TorchValue step = count == 3 ? bounds.get(2) : new TorchValue.Literal(1L);
        boolean integral = true;
        for (TorchValue v : List.of(start, end, step)) {
            integral &= isIntegral(c, v);
        }
        DType work = integral ? DType.INT32 : DType.FP32;
        Optional<DType> given = n.keywords().containsKey("dtype") && c.isPresent(-1, "dtype")
                ? Optional.of(Shapes.dtype(c, c.intValue(-1, "dtype")))
                : n.inputs().size() == count + 4 && c.isPresent(count, "dtype")
                ? Optional.of(Shapes.dtype(c, c.intValue(count, "dtype"))) : Optional.empty();
        Var range = MathOps.range1d(c.builder(), scalar(c, start, work), scalar(c, end, work),
                scalar(c, step, work));
        return List.of(c.cast(range, given.orElse(work)));
    }

    private static boolean isIntegral(TorchTranslationContext c, TorchValue v) {
        if (v instanceof TorchValue.Literal l) {
            return l.value() instanceof Long;
        }
        return !c.var(v).tensorType().dtype().isFloat();
    }

    private static Var scalar(TorchTranslationContext c, TorchValue v, DType dtype) {
        Var x = c.cast(c.var(v), dtype);
        return x.tensorType().rank() == 0 ? x : TensorOps.reshape(c.builder(), x, new int[0]);
    }
}
