package dev.mil4j.ops.linear;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.Broadcast;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;

/**
 * {@code matmul}: N-d batched matrix product with numpy broadcasting of the batch dims (all but the last two).
 * A 1-d {@code x} is treated as a row {@code [1, K]} and a 1-d {@code y} as a column {@code [K, 1]}, and the
 * inserted dim is removed from the result; two 1-d operands give a scalar (their dot product).
 *
 * <p>Inputs: {@code x: tensor<[*, K1], T>}, {@code y: tensor<[*, K2], T>} (rank 1 or more); {@code transpose_x},
 * {@code transpose_y: const bool} (default false: swap the last two dims first; {@code transpose_x} is an error for
 * a 1-d {@code x} and {@code transpose_y} has no effect on a 1-d {@code y}). T: fp16, fp32, int32.
 *
 * <p>Output: {@code tensor<[broadcast(batch), M, N], T>}. Folds when both operands are const.
 *
 * <p>Versions: iOS15; iOS17 gives {@code y} its own domain {@code U}: when exactly one operand is const the
 * dtypes may differ and the output takes the non-const one's dtype; otherwise they must match.
 */
public final class MatmulOp extends OpDef {

    private MatmulOp(Opset since, String yVar) {
        super("matmul", since, spec(yVar));
    }

    /** The iOS15 definition. */
    public static MatmulOp ios15() {
        return new MatmulOp(Opset.IOS15, "T");
    }

    /** The iOS17 definition: {@code y} has its own domain {@code U}. */
    public static MatmulOp ios17() {
        return new MatmulOp(Opset.IOS17, "U");
    }

    private static InputSpec spec(String yVar) {
        InputSpec.Builder b = InputSpec.builder()
                .tensor("x", "T")
                .tensor("y", yVar)
                .scalar("transpose_x", DType.BOOL).constant().defaultValue(TensorValue.scalar(false))
                .scalar("transpose_y", DType.BOOL).constant().defaultValue(TensorValue.scalar(false))
                .domain("T", DType.FP16, DType.FP32, DType.INT32);
        if (!yVar.equals("T")) {
            b.domain(yVar, DType.FP16, DType.FP32, DType.INT32);
        }
        return b.build();
    }

    @Override
    public String summary() {
        return "batched matrix product with numpy broadcasting";
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        TensorType y = ctx.tensor("y");
        DType dtype = outputDtype(ctx, x, y);
        boolean tx = ctx.constBoolean("transpose_x");
        boolean ty = ctx.constBoolean("transpose_y");
        if (x.rank() < 1) {
            throw new TypeException("x", "must have rank 1 or more, got a scalar");
        }
        if (y.rank() < 1) {
            throw new TypeException("y", "must have rank 1 or more, got a scalar");
        }
        if (x.rank() == 1 && tx) {
            throw new TypeException("transpose_x", "must be false when x is 1-d");
        }
        // x [..., M, K] @ y [..., K, N]; a 1-d x is [K] (no M in the output), a 1-d y is [K] (no N)
        Shape xs = x.shape();
        Shape ys = y.shape();
        int xr = xs.rank();
        int yr = ys.rank();
        Dim m = xr == 1 ? null : xs.dim(tx ? xr - 1 : xr - 2);
        Dim kx = xr == 1 ? xs.dim(0) : xs.dim(tx ? xr - 2 : xr - 1);
        Dim ky = yr == 1 ? ys.dim(0) : ys.dim(ty ? yr - 1 : yr - 2);
        Dim n = yr == 1 ? null : ys.dim(ty ? yr - 2 : yr - 1);
        if (kx.isKnown() && ky.isKnown() && kx.size() != ky.size()) {
            throw new TypeException("shapes of x " + xs + " and y " + ys + " do not match for "
                    + "matmul" + (tx || ty ? " (after transposes)" : "") + ": " + kx + " vs " + ky);
        }
        Shape batch = Broadcast.shapes(xs.slice(0, Math.max(xr - 2, 0)), ys.slice(0, Math.max(yr - 2, 0)));
        Dim[] out = new Dim[batch.rank() + (m == null ? 0 : 1) + (n == null ? 0 : 1)];
        int i = 0;
        for (; i < batch.rank(); i++) {
            out[i] = batch.dim(i);
        }
        if (m != null) {
            out[i++] = m;
        }
        if (n != null) {
            out[i] = n;
        }
        return List.of(new TensorType(dtype, Shape.of(out)));
    }

    private DType outputDtype(InferenceContext ctx, TensorType x, TensorType y) {
        if (x.dtype() == y.dtype()) {
            return x.dtype();
        }
        boolean xConst = ctx.value("x").isPresent();
        boolean yConst = ctx.value("y").isPresent();
        if (xConst == yConst) {
            throw new TypeException("y", "has dtype " + y.dtype() + ", but x has " + x.dtype() + "; they may differ "
                    + "only when exactly one of them is const");
        }
        return xConst ? y.dtype() : x.dtype();
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        Optional<TensorValue> x = ctx.value("x");
        Optional<TensorValue> y = ctx.value("y");
        if (x.isEmpty() || y.isEmpty()) {
            return Optional.empty();
        }
        TensorType outType = (TensorType) inferTypes(ctx).get(0);
        TensorValue xv = x.get();
        TensorValue yv = y.get();
        if (xv.shape().rank() == 1) {
            xv = xv.reshape(Shape.of(1, xv.elementCount()));
        }
        if (yv.shape().rank() == 1) {
            yv = yv.reshape(Shape.of(yv.elementCount(), 1));
        }
        boolean tx = ctx.constBoolean("transpose_x");
        boolean ty = ctx.constBoolean("transpose_y") && y.get().shape().rank() > 1;
        TensorValue product = BatchedMatmul.multiply(xv, tx, yv, ty, outType.dtype());
        return Optional.of(List.of(product.reshape(outType.shape())));
    }
}
