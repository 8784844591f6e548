package dev.mil4j.ops.classify;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.DictType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code classify(probabilities, classes)} (iOS15): the most probable class label and the probability of every
 * label, the outputs of an ML Program classifier.
 *
 * <p>Inputs: {@code probabilities}, fp16 or fp32, one probability per class (its elements in class order, e.g.
 * {@code [1, N]}); {@code classes}, a const rank-1 {@code string} or {@code int64} tensor of the N labels. Outputs:
 * the label, a {@code string} or {@code int64} scalar, and a {@code dict<string|int64, fp64>} from label to
 * probability. MIL.proto holds {@code classes} as a list of scalars inside the op, not as a {@code const} op; the
 * ML Program writer and reader convert between that list and the rank-1 tensor the IR uses.
 */
public final class ClassifyOp extends OpDef {
    /** The op's name. */
    public static final String NAME = "classify";

    public ClassifyOp() {
        super(NAME, Opset.IOS15, InputSpec.builder()
                .tensor("probabilities", DType.FP16, DType.FP32)
                .tensor("classes", DType.STRING, DType.INT64).constant()
                .build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType probabilities = ctx.tensor("probabilities");
        TensorType classes = ctx.tensor("classes");
        if (classes.rank() != 1 || !classes.shape().isStatic()) {
            throw new TypeException("classes", "must be a rank-1 tensor of static length, got " + classes);
        }
        long n = classes.shape().dim(0).size();
        OptionalLong count = probabilities.shape().elementCount();
        if (count.isPresent() && count.getAsLong() != n) {
            throw new TypeException("probabilities", "has " + count.getAsLong() + " elements, but there are " + n
                    + " classes");
        }
        DType label = classes.dtype();
        return List.of(new TensorType(label, Shape.scalar()), DictType.of(label, DType.FP64));
    }

    @Override
    public String summary() {
        return "the most probable class label and a dictionary of every label's probability";
    }
}
