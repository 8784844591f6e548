package dev.mil4j.interpreter;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.StandardOps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs one op of the standard set in the interpreter: tensors as function inputs, parameters as consts. */
public final class KernelTesting {
    public static final OpRegistry OPS = StandardOps.newRegistry();
    public static final Interpreter INTERPRETER = Interpreter.standard();

    private KernelTesting() {
    }

    /** Runs {@code op} on run-time inputs {@code runtime} and const inputs {@code consts}; returns its outputs. */
    public static List<TensorValue> run(String op, Map<String, TensorValue> runtime, Map<String, TensorValue> consts) {
        return run(op, Opset.IOS15, runtime, consts);
    }

    public static List<TensorValue> run(String op, Opset opset, Map<String, TensorValue> runtime,
            Map<String, TensorValue> consts) {
        Map<String, ValueType> types = new LinkedHashMap<>();
        runtime.forEach((k, v) -> types.put(k, v.type()));
        Program p = new Program();
        Function f = p.addFunction("main", opset, types);
        Builder b = Builder.atEnd(f.body(), OPS).folding(false);
        Builder.OpBuilder ob = b.op(op);
        for (Var in : f.inputs()) {
            ob.input(in.name(), in);
        }
        consts.forEach(ob::input);
        List<Var> outs = ob.outputs();
        f.setOutputs(outs);
        Map<String, TensorValue> result = INTERPRETER.run(p, runtime);
        return new ArrayList<>(result.values());
    }

    /** Runs {@code op} with the variadic input {@code name} bound to run-time tensors {@code values}. */
    public static TensorValue variadic(String op, String name, List<TensorValue> values,
            Map<String, TensorValue> consts) {
        Map<String, ValueType> types = new LinkedHashMap<>();
        Map<String, TensorValue> inputs = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            types.put("v" + i, values.get(i).type());
            inputs.put("v" + i, values.get(i));
        }
        Program p = new Program();
        Function f = p.addFunction("main", Opset.IOS15, types);
        Builder b = Builder.atEnd(f.body(), OPS).folding(false);
        Builder.OpBuilder ob = b.op(op).inputs(name, f.inputs());
        consts.forEach(ob::input);
        f.setOutputs(ob.outputs());
        return INTERPRETER.run(p, inputs).values().iterator().next();
    }

    /** Runs a one-output op with one run-time input {@code x}. */
    public static TensorValue unary(String op, TensorValue x, Map<String, TensorValue> consts) {
        return run(op, Map.of("x", x), consts).get(0);
    }

    public static TensorValue floats(long[] shape, float... values) {
        return TensorValue.ofFloats(Shape.of(shape), values);
    }

    public static long[] dims(long... d) {
        return d;
    }
}
