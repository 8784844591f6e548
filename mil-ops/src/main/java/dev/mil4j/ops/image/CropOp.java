package dev.mil4j.ops.image;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.ops.tensor.DimMath;
import java.util.List;

/**
 * {@code crop(x, crop_height, crop_width)}: {@code x} without {@code crop_height[0]} rows at the top,
 * {@code crop_height[1]} at the bottom, {@code crop_width[0]} columns at the left and {@code crop_width[1]} at the
 * right of its last two dims.
 *
 * <p>Inputs: {@code x: tensor<[*D, H, W], T>}, rank 3 or more; {@code crop_height}, {@code crop_width}: const int32
 * vectors of 2 non-negative amounts. T: fp16, fp32. Output: {@code [*D, H - crop_height[0] - crop_height[1],
 * W - crop_width[0] - crop_width[1]]} (at least 1 each). Folds when {@code x} is const.
 */
public final class CropOp extends PickingOp {
    public CropOp() {
        super("crop", b -> b.tensor("crop_height", DType.INT32).constant()
                .tensor("crop_width", DType.INT32).constant());
    }

    @Override
    public String summary() {
        return "crops the last two dims by fixed amounts";
    }

    private static long[] amounts(InferenceContext ctx, String input) {
        long[] a = ctx.constValue(input).toLongArray();
        if (a.length != 2 || a[0] < 0 || a[1] < 0) {
            throw new TypeException(input, "must hold 2 non-negative amounts (start, end), got "
                    + java.util.Arrays.toString(a));
        }
        return a;
    }

    private static Dim cropped(Dim d, long[] a, String input) {
        if (d.isKnown() && d.size() - a[0] - a[1] < 1) {
            throw new TypeException(input, "crops " + (a[0] + a[1]) + " of a dim of size " + d.size()
                    + "; at least 1 must remain");
        }
        return DimMath.add(d, -(a[0] + a[1]));
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ImageOps.spatialInput(ctx);
        int r = x.rank();
        Shape s = x.shape().withDim(r - 2, cropped(x.shape().dim(r - 2), amounts(ctx, "crop_height"), "crop_height"))
                .withDim(r - 1, cropped(x.shape().dim(r - 1), amounts(ctx, "crop_width"), "crop_width"));
        return List.of(x.withShape(s));
    }

    @Override
    protected Picks.Source source(InferenceContext ctx, Shape in, Shape out) {
        long top = amounts(ctx, "crop_height")[0];
        long left = amounts(ctx, "crop_width")[0];
        int r = out.rank();
        return (o, i) -> {
            System.arraycopy(o, 0, i, 0, r);
            i[r - 2] += top;
            i[r - 1] += left;
            return true;
        };
    }
}
