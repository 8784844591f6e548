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
import java.util.ArrayList;
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

    public static MatmulOp ios15() {
        return new MatmulOp(Opset.IOS15, "T");
    }

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
        List<Dim> xs = new ArrayList<>(x.shape().dims());
        List<Dim> ys = new ArrayList<>(y.shape().dims());
        if (xs.size() == 1) {
            xs.add(0, Dim.of(1));
        } else if (tx) {
            swapLast(xs);
        }
        if (ys.size() == 1) {
            ys.add(Dim.of(1));
        } else if (ty) {
            swapLast(ys);
        }
        Dim kx = xs.get(xs.size() - 1);
        Dim ky = ys.get(ys.size() - 2);
        if (kx.isKnown() && ky.isKnown() && kx.size() != ky.size()) {
            throw new TypeException("shapes of x " + x.shape() + " and y " + y.shape() + " do not match for "
                    + "matmul" + (tx || ty ? " (after transposes)" : "") + ": " + kx + " vs " + ky);
        }
        Shape batch = Broadcast.shapes(Shape.of(xs.subList(0, xs.size() - 2)), Shape.of(ys.subList(0, ys.size() - 2)));
        List<Dim> out = new ArrayList<>(batch.dims());
        if (x.rank() > 1) {
            out.add(xs.get(xs.size() - 2));
        }
        if (y.rank() > 1) {
            out.add(ys.get(ys.size() - 1));
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

    private static void swapLast(List<Dim> dims) {
        int r = dims.size();
        Dim last = dims.get(r - 1);
        dims.set(r - 1, dims.get(r - 2));
        dims.set(r - 2, last);
    }

    @Override
    public boolean hasValueInference() {
        return true;
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
