package dev.mil4j.frontend.pytorch.translate;

import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.frontend.pytorch.TorchTranslationContext;
import dev.mil4j.frontend.pytorch.graph.TorchValue;
import java.util.List;
import java.util.Optional;

/**
 * Operands of binary ops with PyTorch's type promotion, so that MIL's same-dtype rule holds: a Python number takes
 * the dtype of the tensor it meets (a float number makes an integer tensor fp32); two tensors of different dtypes
 * meet at the float one, or at int32 for integers and bools.
 */
final class Operands {
    private Operands() {
    }

    /** Inputs 0 and 1 ({@code self}, {@code other}), promoted. */
    static List<Var> binary(TorchTranslationContext ctx) {
        return binary(ctx, ctx.input(0, "self").orElseThrow(() -> ctx.error("`" + ctx.node().kind()
                + "` needs two inputs")), ctx.input(1, "other").orElseThrow(() -> ctx.error("`"
                + ctx.node().kind() + "` needs two inputs")));
    }

    static List<Var> binary(TorchTranslationContext ctx, TorchValue a, TorchValue b) {
        Optional<Double> an = literal(a);
        Optional<Double> bn = literal(b);
        if (an.isPresent() && bn.isEmpty()) {
            Var y = ctx.var(b);
            DType d = numberType(y, a);
            return List.of(ctx.scalar(an.get(), d), ctx.cast(y, d));
        }
        if (bn.isPresent() && an.isEmpty()) {
            Var x = ctx.var(a);
            DType d = numberType(x, b);
            return List.of(ctx.cast(x, d), ctx.scalar(bn.get(), d));
        }
        return promote(ctx, ctx.var(a), ctx.var(b));
    }

    static List<Var> promote(TorchTranslationContext ctx, Var x, Var y) {
        DType dx = x.tensorType().dtype();
        DType dy = y.tensorType().dtype();
        if (dx == dy) {
            return List.of(x, y);
        }
        DType d;
        if (dx.isFloat() != dy.isFloat()) {
            d = dx.isFloat() ? dx : dy;
        } else if (dx.isFloat()) {
            d = x.tensorType().rank() >= y.tensorType().rank() ? dx : dy;
        } else {
            d = DType.INT32;
        }
        return List.of(ctx.cast(x, d), ctx.cast(y, d));
    }

    /** A var and an input, promoted. */
    static List<Var> binary(TorchTranslationContext ctx, Var x, TorchValue b) {
        Optional<Double> bn = literal(b);
        if (bn.isPresent()) {
            DType d = numberType(x, b);
            return List.of(ctx.cast(x, d), ctx.scalar(bn.get(), d));
        }
        return promote(ctx, x, ctx.var(b));
    }

    /** Both operands as floats (for true division and float-only ops). */
    static List<Var> floats(TorchTranslationContext ctx, List<Var> xy) {
        DType d = xy.get(0).tensorType().dtype();
        if (d.isFloat()) {
            return xy;
        }
        return List.of(ctx.cast(xy.get(0), DType.FP32), ctx.cast(xy.get(1), DType.FP32));
    }

    private static DType numberType(Var tensor, TorchValue number) {
        DType d = tensor.tensorType().dtype();
        if (d.isFloat()) {
            return d;
        }
        return number instanceof TorchValue.Literal l && l.value() instanceof Double ? DType.FP32
                : d == DType.BOOL ? DType.INT32 : d;
    }

    private static Optional<Double> literal(TorchValue v) {
        if (v instanceof TorchValue.Literal l && l.value() instanceof Number n) {
            return Optional.of(n.doubleValue());
        }
        return Optional.empty();
    }
}
