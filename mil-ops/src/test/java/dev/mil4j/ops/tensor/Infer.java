package dev.mil4j.ops.tensor;

import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.SimpleInferenceContext;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** Runs validation plus type or value inference without IR, for table-driven tests. */
final class Infer {
    private Infer() {
    }

    static TensorType t(DType dtype, String shape) {
        return new TensorType(dtype, Shape.parse(shape));
    }

    static TensorType f32(String shape) {
        return t(DType.FP32, shape);
    }

    static TensorValue ints(int... v) {
        return TensorValue.vector(v);
    }

    static TensorValue floats(String shape, float... v) {
        return TensorValue.ofFloats(Shape.parse(shape), v);
    }

    static SimpleInferenceContext ctx(OpDef def, UnaryOperator<SimpleInferenceContext.Builder> inputs) {
        return inputs.apply(SimpleInferenceContext.of(def)).build();
    }

    /** The output types as text, e.g. {@code "fp32[B, 3]"}, joined with "; ". */
    static String types(OpDef def, UnaryOperator<SimpleInferenceContext.Builder> inputs) {
        SimpleInferenceContext c = ctx(def, inputs);
        def.validate(c);
        return def.inferTypes(c).stream().map(ValueType::toString).collect(Collectors.joining("; "));
    }

    /** The folded output values as text, joined with "; ", or "none" when the op does not fold. */
    static String values(OpDef def, UnaryOperator<SimpleInferenceContext.Builder> inputs) {
        SimpleInferenceContext c = ctx(def, inputs);
        def.validate(c);
        def.inferTypes(c);
        return def.inferValues(c).map(vs -> vs.stream().map(TensorValue::toString)
                .collect(Collectors.joining("; "))).orElse("none");
    }

    static List<Object> row(Object... cells) {
        return List.of(cells);
    }
}
