package dev.mil4j.interpreter.kernels;

import static dev.mil4j.interpreter.KernelTesting.INTERPRETER;
import static dev.mil4j.interpreter.KernelTesting.OPS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.ControlFlowOps;
import dev.mil4j.ops.MathOps;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** cond, while_loop and list kernels. */
class ControlFlowKernelsTest {

    @Test
    void condRunsTheChosenBlock() {
        Map<String, ValueType> in = new LinkedHashMap<>();
        in.put("p", TensorType.scalar(DType.BOOL));
        in.put("x", TensorType.of(DType.FP32, 2));
        Program p = new Program();
        Function f = p.addFunction("main", Opset.IOS15, in);
        Builder b = Builder.atEnd(f.body(), OPS);
        Var x = f.inputs().get(1);
        f.setOutputs(ControlFlowOps.cond(b, f.inputs().get(0),
                (inner, args) -> List.of(inner.op("relu").input("x", x).output()),
                (inner, args) -> List.of(x)));
        TensorValue xv = TensorValue.ofFloats(Shape.of(2), -1, 2);
        Map<String, TensorValue> t = new LinkedHashMap<>(Map.of("p", TensorValue.scalar(true), "x", xv));
        assertThat(INTERPRETER.run(p, t).values().iterator().next().toFloatArray()).containsExactly(0, 2);
        t.put("p", TensorValue.scalar(false));
        assertThat(INTERPRETER.run(p, t).values().iterator().next().toFloatArray()).containsExactly(-1, 2);
    }

    @Test
    void whileLoopWritesAListThatIsGatheredAfterwards() {
        // i = 0; ls = []; while i < n: ls[i] = x * i; i += 1; return stack(ls[0], ls[2]), i
        Map<String, ValueType> in = new LinkedHashMap<>();
        in.put("n", TensorType.scalar(DType.INT32));
        in.put("x", TensorType.of(DType.FP32, 2));
        Program p = new Program();
        Function f = p.addFunction("main", Opset.IOS15, in);
        Builder b = Builder.atEnd(f.body(), OPS);
        Var n = f.inputs().get(0);
        Var x = f.inputs().get(1);
        Var list = ControlFlowOps.makeList(b, TensorType.of(DType.FP32, 2), 0, true);
        List<Var> out = ControlFlowOps.whileLoop(b, List.of(b.constant(TensorValue.scalar(0)), list),
                (inner, vars) -> List.of(MathOps.less(inner, vars.get(0), n)),
                (inner, vars) -> {
                    Var scaled = inner.op("mul").input("x", x).input("y", inner.op("cast").input("x", vars.get(0))
                            .input("dtype", TensorValue.scalar("fp32")).output()).output();
                    return List.of(MathOps.add(inner, vars.get(0), inner.constant(TensorValue.scalar(1))),
                            ControlFlowOps.listWrite(inner, vars.get(1), vars.get(0), scaled));
                });
        Var stacked = ControlFlowOps.listGather(b, out.get(1), b.constant(TensorValue.vector(0, 2)));
        Var length = ControlFlowOps.listLength(b, out.get(1));
        f.setOutputs(List.of(stacked, out.get(0), length));
        Map<String, TensorValue> result = INTERPRETER.run(p, Map.of("n", TensorValue.scalar(3),
                "x", TensorValue.ofFloats(Shape.of(2), 1, 10)));
        List<TensorValue> values = List.copyOf(result.values());
        assertThat(values.get(0).shape()).isEqualTo(Shape.of(2, 2));
        assertThat(values.get(0).toFloatArray()).containsExactly(0, 0, 2, 20);
        assertThat(values.get(1).scalarLong()).isEqualTo(3);
        assertThat(values.get(2).scalarLong()).isEqualTo(3);
    }
}
