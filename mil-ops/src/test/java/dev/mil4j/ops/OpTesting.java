package dev.mil4j.ops;

import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.SimpleInferenceContext;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;

/** Runs an op's validation and inference without IR, for table-driven op tests. */
public final class OpTesting {
    private final OpDef def;
    private final SimpleInferenceContext.Builder ctx;

    private OpTesting(OpDef def) {
        this.def = def;
        this.ctx = SimpleInferenceContext.of(def);
    }

    public static OpTesting on(OpDef def) {
        return new OpTesting(def);
    }

    /** A tensor type from the compact form, e.g. {@code t(FP32, "1x3xHxW")}; "" is a scalar. */
    public static TensorType t(DType dtype, String shape) {
        return new TensorType(dtype, Shape.parse(shape));
    }

    public static TensorType f32(String shape) {
        return t(DType.FP32, shape);
    }

    /** An fp32 const of the given shape filled with 0, 1, 2, ... */
    public static TensorValue iota(String shape) {
        Shape s = Shape.parse(shape);
        double[] v = new double[(int) s.elementCount().orElseThrow()];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        return TensorValue.fromDoubles(DType.FP32, s, v);
    }

    public static TensorValue floats(String shape, double... values) {
        return TensorValue.fromDoubles(DType.FP32, Shape.parse(shape), values);
    }

    /** A non-const input. */
    public OpTesting in(String name, ValueType type) {
        ctx.input(name, type);
        return this;
    }

    /** A non-const fp32 input of the given compact shape. */
    public OpTesting in(String name, String shape) {
        return in(name, f32(shape));
    }

    /** A const input. */
    public OpTesting c(String name, TensorValue value) {
        ctx.input(name, value);
        return this;
    }

    public OpTesting c(String name, int... vector) {
        return c(name, TensorValue.vector(vector));
    }

    public OpTesting c(String name, String scalar) {
        return c(name, TensorValue.scalar(scalar));
    }

    public OpTesting c(String name, boolean scalar) {
        return c(name, TensorValue.scalar(scalar));
    }

    /** Validates and infers; the only output type. */
    public TensorType type() {
        SimpleInferenceContext c = ctx.build();
        def.validate(c);
        List<ValueType> out = def.inferTypes(c);
        if (out.size() != 1) {
            throw new AssertionError("expected one output, got " + out);
        }
        return (TensorType) out.get(0);
    }

    /** The rendered message of the type error this inference raises, e.g. "`conv` input `x` ...". */
    public String error() {
        try {
            TensorType t = type();
            throw new AssertionError("expected a type error, got " + t);
        } catch (TypeException e) {
            return e.describe(def.name());
        }
    }

    /** Validates, infers types, then folds; the only output value. */
    public TensorValue value() {
        type();
        return def.inferValues(ctx.build()).orElseThrow(() -> new AssertionError("did not fold")).get(0);
    }

    @Override
    public String toString() {
        return def.toString();
    }
}
