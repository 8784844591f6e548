package dev.mil4j.ops.image;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import java.util.List;

/**
 * {@code resize_nearest_neighbor(x, target_size_height, target_size_width)}: the last two dims of {@code x} resized
 * to the target sizes by nearest-neighbor sampling: output row {@code i} of {@code H2} reads input row
 * {@code floor(i * H1 / H2)}, likewise for columns (TensorFlow's {@code ResizeNearestNeighbor} without corner
 * alignment or half-pixel centers).
 *
 * <p>Inputs: {@code x: tensor<[*D, H1, W1], T>}, rank 3 or more; {@code target_size_height},
 * {@code target_size_width}: const int32, at least 1. T: fp16, fp32. Output: {@code [*D, target_size_height,
 * target_size_width]}. Folds when {@code x} is const.
 */
public final class ResizeNearestNeighborOp extends PickingOp {
    public ResizeNearestNeighborOp() {
        super("resize_nearest_neighbor", b -> b.scalar("target_size_height", DType.INT32).constant()
                .scalar("target_size_width", DType.INT32).constant());
    }

    @Override
    public String summary() {
        return "resizes the last two dims to target sizes by nearest neighbor";
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ImageOps.spatialInput(ctx);
        int r = x.rank();
        return List.of(x.withShape(x.shape().withDim(r - 2, ImageOps.size(ctx, "target_size_height"))
                .withDim(r - 1, ImageOps.size(ctx, "target_size_width"))));
    }

    @Override
    protected Picks.Source source(InferenceContext ctx, Shape in, Shape out) {
        int r = out.rank();
        long h1 = in.dim(r - 2).size();
        long w1 = in.dim(r - 1).size();
        long h2 = out.dim(r - 2).size();
        long w2 = out.dim(r - 1).size();
        return (o, i) -> {
            System.arraycopy(o, 0, i, 0, r);
            i[r - 2] = o[r - 2] * h1 / h2;
            i[r - 1] = o[r - 1] * w1 / w2;
            return true;
        };
    }
}
