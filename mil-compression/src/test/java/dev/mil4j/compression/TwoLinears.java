package dev.mil4j.compression;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.op.SimpleInferenceContext;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.StandardOps;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A test program: {@code x -> linear l1 (weight w1: fp16[64, 64]) -> linear l2 (weight w2: fp16[64, 64])}, with
 * Gaussian weights, and the evaluation of its constexpr ops.
 */
final class TwoLinears {
    static final OpRegistry OPS = StandardOps.newRegistry();

    private TwoLinears() {
    }

    static Program program(Opset opset) {
        Program p = new Program();
        LinkedHashMap<String, ValueType> in = new LinkedHashMap<>();
        in.put("x", TensorType.of(DType.FP16, 1, 64));
        Builder b = Builder.atEnd(p.addFunction("main", opset, in).body(), OPS).folding(false);
        Random random = new Random(5);
        Var x = b.function().inputs().get(0);
        for (int layer = 1; layer <= 2; layer++) {
            double[] w = new double[64 * 64];
            for (int i = 0; i < w.length; i++) {
                w[i] = random.nextGaussian() * 0.1;
            }
            Var weight = b.constant(TensorValue.fromDoubles(DType.FP16, Shape.of(64, 64), w), "w" + layer);
            x = b.op("linear").name("l" + layer).input("x", x).input("weight", weight).output();
        }
        b.function().setOutputs(List.of(x));
        return p;
    }

    static List<Operation> ops(Program p) {
        List<Operation> out = new ArrayList<>();
        p.main().body().operations().forEach(out::add);
        return out;
    }

    /** @return the value of the weight input of the linear named {@code linear}, constexpr ops evaluated */
    static TensorValue weightOf(Program p, String linear) {
        Map<Var, TensorValue> values = new HashMap<>();
        for (Operation op : ops(p)) {
            if (op.def().isConstexpr()) {
                SimpleInferenceContext.Builder ctx = SimpleInferenceContext.of(op.def());
                op.inputs().forEach((name, vars) -> ctx.input(name,
                        vars.get(0).value().orElseGet(() -> values.get(vars.get(0)))));
                List<TensorValue> outs = op.def().inferValues(ctx.build()).orElseThrow();
                for (int i = 0; i < outs.size(); i++) {
                    values.put(op.outputs().get(i), outs.get(i));
                }
            }
        }
        Var w = ops(p).stream().filter(o -> o.name().equals(linear)).findFirst().orElseThrow()
                .requireInput("weight");
        return w.value().orElseGet(() -> values.get(w));
    }

    /** Replaces the values of the const {@code weight} (fp16[64, 64]) by {@code values}, keeping its name. */
    static void setWeight(Program p, String weight, float[] values) {
        Operation old = ops(p).stream().filter(o -> o.name().equals(weight)).findFirst().orElseThrow();
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        Var fresh = Builder.before(old, OPS).folding(false)
                .constant(TensorValue.fromDoubles(DType.FP16, Shape.of(64, 64), d), weight + "_new");
        old.output().replaceAllUsesWith(fresh);
        old.parent().orElseThrow().erase(old);
        fresh.producer().orElseThrow().rename(weight);
    }

    /** @return the type of the op making the weight of the linear named {@code linear} */
    static String producerOf(Program p, String linear) {
        return ops(p).stream().filter(o -> o.name().equals(linear)).findFirst().orElseThrow()
                .requireInput("weight").producer().orElseThrow().type();
    }
}
