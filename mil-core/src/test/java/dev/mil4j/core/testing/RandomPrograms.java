package dev.mil4j.core.testing;

import dev.mil4j.core.diag.Location;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds random valid programs over {@link TestOps} from a seed: fp32 tensors whose shapes all broadcast to
 * {@code [B, 3, 4]}, constants, elementwise ops (some repeated, for CSE), relu, topk, cond with nested blocks, odd
 * names that need quoting, and source locations. The same seed always gives the same program.
 */
public final class RandomPrograms {
    private static final Shape[] SHAPES = {
        Shape.of(Dim.symbol("B"), Dim.of(3), Dim.of(4)), Shape.of(3, 4), Shape.of(1, 4), Shape.of(4),
        Shape.of(3, 1), Shape.scalar(),
    };
    private static final String[] ODD_NAMES = {"dense/Relu:0", "1st", "a b", "x.y", "quote\"d"};

    private RandomPrograms() {
    }

    public static Program generate(long seed, OpRegistry registry) {
        Random r = new Random(seed);
        Map<String, ValueType> inputs = new LinkedHashMap<>();
        inputs.put("p", TensorType.scalar(DType.BOOL));
        int tensorInputs = 1 + r.nextInt(3);
        for (int i = 0; i < tensorInputs; i++) {
            inputs.put(r.nextInt(5) == 0 ? ODD_NAMES[r.nextInt(ODD_NAMES.length)] + i : "x" + i,
                    new TensorType(DType.FP32, SHAPES[r.nextInt(SHAPES.length)]));
        }
        Program program = new Program();
        program.setAttribute("seed", Long.toString(seed));
        Function f = program.addFunction("main", Opset.IOS15, inputs);
        Var pred = f.inputs().get(0);
        List<Var> pool = new ArrayList<>(f.inputs().subList(1, f.inputs().size()));
        Builder b = Builder.atEnd(f.body(), registry);
        int ops = 3 + r.nextInt(30);
        for (int i = 0; i < ops; i++) {
            b.at(r.nextInt(3) == 0 ? new Location("torch", "aten::op" + i, "model.layer" + i, "code/m.py", i + 1)
                    : Location.UNKNOWN);
            int kind = r.nextInt(10);
            Var x = pool.get(r.nextInt(pool.size()));
            Var y = pool.get(r.nextInt(pool.size()));
            if (kind < 2) {
                pool.add(b.constant(randomConst(r)));
            } else if (kind < 5) {
                pool.add(b.op(r.nextBoolean() ? "add" : "mul").input("x", x).input("y", y).output());
            } else if (kind == 5) {
                // the same computation twice: a CSE opportunity
                pool.add(b.op("add").input("x", x).input("y", y).output());
                pool.add(b.op("add").input("x", x).input("y", y).output());
            } else if (kind < 8) {
                Builder.OpBuilder relu = b.op("relu").input("x", x);
                if (r.nextInt(4) == 0) {
                    relu.name(ODD_NAMES[r.nextInt(ODD_NAMES.length)]);
                }
                pool.add(relu.output());
            } else if (kind == 8 && x.tensorType().rank() > 0) {
                Dim last = x.tensorType().shape().dimAt(-1);
                int k = (int) last.size(); // a full sort keeps the shape within the broadcast family
                List<Var> topk = b.op("topk").input("x", x).input("k", TensorValue.scalar(k)).outputs();
                pool.add(topk.get(0));
            } else {
                pool.add(b.op("cond").input("pred", pred)
                        .block(Map.of(), (inner, args) -> List.of(inner.op("relu").input("x", x).output()))
                        .block(Map.of(), (inner, args) -> List.of(x))
                        .output());
            }
        }
        List<Var> outputs = new ArrayList<>();
        int outs = 1 + r.nextInt(3);
        for (int i = 0; i < outs; i++) {
            Var v = pool.get(pool.size() - 1 - r.nextInt(Math.min(pool.size(), 6)));
            if (!outputs.contains(v)) {
                outputs.add(v);
            }
        }
        f.setOutputs(outputs);
        return program;
    }

    private static TensorValue randomConst(Random r) {
        Shape s = SHAPES[1 + r.nextInt(SHAPES.length - 1)];
        float[] v = new float[(int) s.elementCount().orElseThrow()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextInt(8) == 0 ? 0.5f : (float) Math.round(r.nextGaussian() * 1000) / 100f;
        }
        return TensorValue.ofFloats(s, v);
    }
}
