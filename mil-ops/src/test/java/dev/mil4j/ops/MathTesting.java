package dev.mil4j.ops;

import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.op.SimpleInferenceContext;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;

/**
 * Runs the math ops' type and value inference without IR, as the builder does (validate, infer types, infer values).
 * Inputs are given as name/value pairs, each value a {@link ValueType} (unknown) or a {@link TensorValue} (const).
 */
public final class MathTesting {
    public static final OpRegistry REGISTRY = StandardOps.newRegistry();

    private MathTesting() {
    }

    public static OpDef def(String op, Opset opset) {
        return REGISTRY.lookup(op, opset).orElseThrow(() -> new AssertionError("no op " + op + " at " + opset));
    }

    /** The output types at iOS15. */
    public static List<ValueType> types(String op, Object... inputs) {
        return types(Opset.IOS15, op, inputs);
    }

    public static List<ValueType> types(Opset opset, String op, Object... inputs) {
        OpDef def = def(op, opset);
        SimpleInferenceContext ctx = context(def, inputs);
        def.validate(ctx);
        return def.inferTypes(ctx);
    }

    /** The only output type at iOS15, as text. */
    public static String type(String op, Object... inputs) {
        return types(op, inputs).get(0).toString();
    }

    /** The folded output values (empty when the op does not fold), after checking the inferred types match. */
    public static Optional<List<TensorValue>> values(Opset opset, String op, Object... inputs) {
        OpDef def = def(op, opset);
        SimpleInferenceContext ctx = context(def, inputs);
        def.validate(ctx);
        List<ValueType> types = def.inferTypes(ctx);
        Optional<List<TensorValue>> values = def.inferValues(ctx);
        values.ifPresent(vs -> {
            for (int i = 0; i < vs.size(); i++) {
                if (!vs.get(i).type().equals(types.get(i))) {
                    throw new AssertionError("value " + vs.get(i) + " does not have the inferred type " + types.get(i));
                }
            }
        });
        return values;
    }

    /** The only folded output value at iOS15. */
    public static TensorValue fold(String op, Object... inputs) {
        return fold(Opset.IOS15, op, inputs);
    }

    public static TensorValue fold(Opset opset, String op, Object... inputs) {
        return values(opset, op, inputs).orElseThrow(() -> new AssertionError(op + " did not fold")).get(0);
    }

    /** The rendered message of the type error the op reports at iOS15. */
    public static String error(String op, Object... inputs) {
        return error(Opset.IOS15, op, inputs);
    }

    public static String error(Opset opset, String op, Object... inputs) {
        try {
            values(opset, op, inputs);
        } catch (TypeException e) {
            return e.describe(op);
        }
        throw new AssertionError(op + " reported no error");
    }

    public static TensorValue floats(float... v) {
        return TensorValue.ofFloats(Shape.of(v.length), v);
    }

    public static TensorValue floats(Shape shape, float... v) {
        return TensorValue.ofFloats(shape, v);
    }

    public static TensorValue ints(int... v) {
        return TensorValue.ofInts(Shape.of(v.length), v);
    }

    public static TensorValue bools(boolean... v) {
        return TensorValue.ofBools(Shape.of(v.length), v);
    }

    public static TensorValue halfs(float... v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return TensorValue.fromDoubles(DType.FP16, Shape.of(v.length), d);
    }

    private static SimpleInferenceContext context(OpDef def, Object... inputs) {
        SimpleInferenceContext.Builder b = SimpleInferenceContext.of(def);
        for (int i = 0; i < inputs.length; i += 2) {
            String name = (String) inputs[i];
            Object v = inputs[i + 1];
            if (v instanceof TensorValue tv) {
                b.input(name, tv);
            } else {
                b.input(name, (ValueType) v);
            }
        }
        return b.build();
    }
}
