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
import java.util.List;

/**
 * {@code non_maximum_suppression}: per batch, the highest-scoring boxes, dropping every box whose intersection over
 * union with an already kept box exceeds {@code iou_threshold}; outputs padded to {@code max_boxes}.
 *
 * <p>iOS15 inputs: {@code boxes}, {@code [n, B, 4]} in center-size form {@code (x, y, width, height)};
 * {@code scores}, {@code [n, B, K]} per class (a box's score is its best class score); {@code iou_threshold} and
 * {@code score_threshold}, const T (boxes scoring below {@code score_threshold} are dropped first);
 * {@code max_boxes}, const int32 (at least 1); {@code per_class_suppression}, const bool, default false: only boxes of
 * the same best class suppress each other. T: fp16, fp32. Outputs: the kept boxes {@code [n, max_boxes, 4]}, their
 * scores {@code [n, max_boxes, K]}, their indices, int32 {@code [n, max_boxes]} (-1 in padding), and how many were
 * kept, int32 {@code [n]}.
 *
 * <p>iOS17 drops {@code score_threshold} and the count output and puts the box axis last: {@code boxes [n, 4, B]},
 * {@code scores [n, K, B]}; outputs {@code [n, 4, max_boxes]}, {@code [n, K, max_boxes]}, {@code [n, max_boxes]}.
 */
public final class NonMaximumSuppressionOp extends OpDef {
    private final boolean boxesLast;

    /** The iOS15 definition. */
    public static NonMaximumSuppressionOp ios15() {
        return new NonMaximumSuppressionOp(Opset.IOS15);
    }

    /** The iOS17 definition: drops {@code score_threshold} and the count output and puts the box axis last. */
    public static NonMaximumSuppressionOp ios17() {
        return new NonMaximumSuppressionOp(Opset.IOS17);
    }

    private NonMaximumSuppressionOp(Opset since) {
        super("non_maximum_suppression", since, spec(since));
        this.boxesLast = since.compareTo(Opset.IOS17) >= 0;
    }

    private static InputSpec spec(Opset since) {
        InputSpec.Builder b = InputSpec.builder()
                .tensor("boxes", "T")
                .tensor("scores", "T")
                .scalar("iou_threshold", "T").constant();
        if (since.compareTo(Opset.IOS17) < 0) {
            b.scalar("score_threshold", "T").constant();
        }
        return b.scalar("max_boxes", DType.INT32).constant()
                .scalar("per_class_suppression", DType.BOOL).constant().defaultValue(TensorValue.scalar(false))
                .domain("T", Domains.FLOATS)
                .build();
    }

    /** Whether this version lays boxes out along the last axis (iOS17) rather than the middle one (iOS15). */
    public boolean boxesLast() {
        return boxesLast;
    }

    @Override
    public String summary() {
        return "non-maximum suppression of scored boxes";
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType boxes = ctx.tensor("boxes");
        TensorType scores = ctx.tensor("scores");
        int coordAxis = boxesLast ? 1 : 2;
        int boxAxis = boxesLast ? 2 : 1;
        String layout = boxesLast ? "[n, 4, B]" : "[n, B, 4]";
        if (boxes.rank() != 3 || !DimMath.isSize(boxes.shape().dim(coordAxis), 4)
                && boxes.shape().dim(coordAxis).isKnown()) {
            throw new TypeException("boxes", "must have shape " + layout + ", got " + boxes.shape());
        }
        if (scores.rank() != 3 || !Shapes.compatible(Shape.of(scores.shape().dim(0), scores.shape().dim(boxAxis)),
                Shape.of(boxes.shape().dim(0), boxes.shape().dim(boxAxis)))) {
            throw new TypeException("scores", "must have shape " + (boxesLast ? "[n, K, B]" : "[n, B, K]")
                    + " with n and B of boxes " + boxes.shape() + ", got " + scores.shape());
        }
        long max = ctx.constLong("max_boxes");
        if (max < 1) {
            throw new TypeException("max_boxes", "must be at least 1, got " + max);
        }
        Dim n = boxes.shape().dim(0);
        Dim m = Dim.of(max);
        Dim k = scores.shape().dim(boxesLast ? 1 : 2);
        List<ValueType> out = new ArrayList<>();
        out.add(boxes.withShape(boxesLast ? Shape.of(n, Dim.of(4), m) : Shape.of(n, m, Dim.of(4))));
        out.add(scores.withShape(boxesLast ? Shape.of(n, k, m) : Shape.of(n, m, k)));
        out.add(new TensorType(DType.INT32, Shape.of(n, m)));
        if (!boxesLast) {
            out.add(new TensorType(DType.INT32, Shape.of(n)));
        }
        return out;
    }
}
