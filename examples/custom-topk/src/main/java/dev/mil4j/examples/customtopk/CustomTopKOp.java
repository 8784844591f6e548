package dev.mil4j.examples.customtopk;

import dev.mil4j.core.op.Binding;
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
import java.util.List;
import java.util.Optional;

/**
 * {@code custom_topk(x, k, axis, sorted)}: the {@code k} largest values of {@code x} along {@code axis} and their
 * int32 indices, computed on the device by the Core ML custom layer {@code CustomTopK} (the app implements it as an
 * {@code MLCustomLayer}; {@code mil4j custom-layer-stub custom_topk} writes the skeleton).
 *
 * <ul>
 *   <li>{@code x}: fp16 or fp32 tensor</li>
 *   <li>{@code k}: const int32 scalar, default 1</li>
 *   <li>{@code axis}: const int32 scalar, default -1</li>
 *   <li>{@code sorted}: const bool scalar, default false</li>
 * </ul>
 * Outputs: values of x's type and int32 indices, both of x's shape with the axis dim replaced by {@code k}.
 */
public final class CustomTopKOp extends OpDef {
    public static final String NAME = "custom_topk";
    public static final Binding BINDING = new Binding("CustomTopK", List.of("x"), List.of("k", "axis", "sorted"),
            "Top K Custom layer");

    public CustomTopKOp() {
        super(NAME, Opset.IOS15, InputSpec.builder()
                .tensor("x", "T")
                .scalar("k", DType.INT32).constant().defaultValue(TensorValue.scalar(1))
                .scalar("axis", DType.INT32).constant().defaultValue(TensorValue.scalar(-1))
                .scalar("sorted", DType.BOOL).constant().defaultValue(TensorValue.scalar(false))
                .domain("T", DType.FP16, DType.FP32)
                .build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        if (x.rank() == 0) {
            throw new TypeException("x", "must have at least one dimension, got a scalar");
        }
        long k = ctx.constLong("k");
        long axisValue = ctx.constLong("axis");
        if (axisValue < -x.rank() || axisValue >= x.rank()) {
            throw new TypeException("axis", "is " + axisValue + ", out of range for x of rank " + x.rank());
        }
        int axis = x.shape().normalizeAxis(axisValue);
        if (k < 1) {
            throw new TypeException("k", "must be at least 1, got " + k);
        }
        Dim d = x.shape().dim(axis);
        if (d.isKnown() && k > d.size()) {
            throw new TypeException("k", "is " + k + ", larger than dim " + axis + " of x (" + d.size() + ")");
        }
        Shape out = x.shape().withDim(axis, Dim.of(k));
        return List.of(x.withShape(out), new TensorType(DType.INT32, out));
    }

    @Override
    public Optional<Binding> binding() {
        return Optional.of(BINDING);
    }

    @Override
    public String summary() {
        return "top k values and indices, as the Core ML custom layer CustomTopK";
    }
}
