package dev.mil4j.interpreter;

import static dev.mil4j.interpreter.KernelTesting.OPS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.registry.RegistrationConflictException;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.kernels.StandardKernels;
import dev.mil4j.ops.StandardOps;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterpreterTest {
    private static final TensorType X_TYPE = new TensorType(DType.FP32, Shape.of(Dim.symbol("B"), Dim.of(3)));

    /** main(x: fp32[B, 3]) = relu(x) + x */
    private static Program reluPlusX() {
        Program p = new Program();
        Function f = p.addFunction("main", Opset.IOS15, Map.of("x", X_TYPE));
        Builder b = Builder.atEnd(f.body(), OPS);
        Var x = f.inputs().get(0);
        Var r = b.op("relu").input("x", x).output();
        f.setOutputs(List.of(b.op("add").input("x", r).input("y", x).name("sum").output()));
        return p;
    }

    @Test
    void runsWithSymbolicDimsResolvedFromTheInputs() {
        TensorValue x = TensorValue.ofFloats(Shape.of(2, 3), -1, 2, -3, 4, 0, 6);
        Map<String, TensorValue> out = Interpreter.standard().run(reluPlusX(), Map.of("x", x));
        assertThat(out).containsOnlyKeys("sum");
        assertThat(out.get("sum").shape()).isEqualTo(Shape.of(2, 3));
        assertThat(out.get("sum").toFloatArray()).containsExactly(-1, 4, -3, 8, 0, 12);
    }

    @Test
    void aMissingInputIsNamed() {
        assertThatThrownBy(() -> Interpreter.standard().run(reluPlusX(), Map.of()))
                .isInstanceOf(InterpreterException.class)
                .hasMessage("input 'x' of function 'main' is missing; give a value of type fp32[B, 3]");
    }

    @Test
    void anUnknownInputIsNamed() {
        TensorValue x = TensorValue.ofFloats(Shape.of(1, 3), 1, 2, 3);
        assertThatThrownBy(() -> Interpreter.standard().run(reluPlusX(), Map.of("x", x, "y", x)))
                .hasMessage("input 'y' is not an input of function 'main'; its inputs are [x]");
    }

    @Test
    void aWrongDtypeOrShapeIsNamed() {
        assertThatThrownBy(() -> Interpreter.standard().run(reluPlusX(),
                Map.of("x", TensorValue.ofInts(Shape.of(1, 3), 1, 2, 3))))
                .hasMessage("input 'x' has type int32[1, 3] but function 'main' expects fp32[B, 3]: the dtype "
                        + "differs (cast the array to fp32)");
        assertThatThrownBy(() -> Interpreter.standard().run(reluPlusX(),
                Map.of("x", TensorValue.ofFloats(Shape.of(3, 1), 1, 2, 3))))
                .hasMessage("input 'x' has type fp32[3, 1] but function 'main' expects fp32[B, 3]: dim 1 is 1, "
                        + "not 3");
        assertThatThrownBy(() -> Interpreter.standard().run(reluPlusX(),
                Map.of("x", TensorValue.ofFloats(Shape.of(3), 1, 2, 3))))
                .hasMessage("input 'x' has type fp32[3] but function 'main' expects fp32[B, 3]: the rank differs "
                        + "(1 vs 2)");
    }

    @Test
    void aSymbolMustHaveOneSizeAcrossInputs() {
        Map<String, ValueType> in = new LinkedHashMap<>();
        in.put("a", X_TYPE);
        in.put("b", X_TYPE);
        Program p = new Program();
        Function f = p.addFunction("main", Opset.IOS15, in);
        Builder b = Builder.atEnd(f.body(), OPS);
        f.setOutputs(List.of(b.op("add").input("x", f.inputs().get(0)).input("y", f.inputs().get(1)).output()));
        Map<String, TensorValue> values = new LinkedHashMap<>();
        values.put("a", TensorValue.ofFloats(Shape.of(1, 3), 1, 2, 3));
        values.put("b", TensorValue.ofFloats(Shape.of(2, 3), 1, 2, 3, 4, 5, 6));
        assertThatThrownBy(() -> Interpreter.standard().run(p, values))
                .hasMessage("input 'b' has type fp32[2, 3] but function 'main' expects fp32[B, 3]: symbol B is 1 in "
                        + "'a' but 2 here (dim 0)");
    }

    /** {@code twice(x)}: a custom op with no standard kernel. */
    static final class TwiceOp extends OpDef {
        TwiceOp() {
            super("twice", Opset.IOS15, InputSpec.builder().tensor("x", DType.FP32).build());
        }

        @Override
        public List<ValueType> inferTypes(InferenceContext ctx) {
            return List.of(ctx.tensor("x"));
        }
    }

    private static Program twiceProgram() {
        OpRegistry ops = StandardOps.newRegistry();
        ops.register(new TwiceOp(), "test-plugin");
        Program p = new Program();
        Function f = p.addFunction("main", Opset.IOS15, Map.of("x", TensorType.of(DType.FP32, 2)));
        Builder b = Builder.atEnd(f.body(), ops);
        Var t = b.op("twice").input("x", f.inputs().get(0)).output();
        f.setOutputs(List.of(b.op("twice").input("x", b.op("relu").input("x", t).output()).output()));
        return p;
    }

    @Test
    void anOpWithoutAKernelIsNamedWithTheFix() {
        assertThatThrownBy(() -> Interpreter.standard().run(twiceProgram(),
                Map.of("x", TensorValue.ofFloats(Shape.of(2), 1, -2))))
                .isInstanceOf(InterpreterException.class)
                .hasMessage("no interpreter kernel for op `twice` (2 uses); register an OpKernel for each in the "
                        + "KernelRegistry (a plugin contributes the kernels of its custom ops)");
    }

    @Test
    void aRegisteredKernelRunsACustomOp() {
        KernelRegistry kernels = StandardKernels.newRegistry();
        kernels.register("twice", ctx -> {
            float[] v = ctx.input("x").toFloatArray();
            for (int i = 0; i < v.length; i++) {
                v[i] *= 2;
            }
            return List.of(TensorValue.ofFloats(ctx.input("x").shape(), v));
        }, "test-plugin");
        Map<String, TensorValue> out = new Interpreter(kernels).run(twiceProgram(),
                Map.of("x", TensorValue.ofFloats(Shape.of(2), 1, -2)));
        assertThat(out.values().iterator().next().toFloatArray()).containsExactly(4, 0);
    }

    @Test
    void aSecondKernelForAnOpNeedsAnExplicitOverride() {
        KernelRegistry kernels = StandardKernels.newRegistry();
        OpKernel negate = ctx -> List.of(TensorValue.ofFloats(ctx.input("x").shape(), -1, -2, -3));
        assertThatThrownBy(() -> kernels.register("relu", negate, "test-plugin"))
                .isInstanceOf(RegistrationConflictException.class)
                .hasMessageContaining("'mil4j-interpreter' and 'test-plugin'");
        kernels.register("relu", negate, "test-plugin", true);
        assertThat(kernels.registration("relu").orElseThrow().replaced()).contains("mil4j-interpreter");
        TensorValue x = TensorValue.ofFloats(Shape.of(1, 3), 1, 2, 3);
        Map<String, TensorValue> out = new Interpreter(kernels).run(reluPlusX(), Map.of("x", x));
        assertThat(out.get("sum").toFloatArray()).containsExactly(0, 0, 0);
    }

    @Test
    void aFailingKernelNamesTheOp() {
        KernelRegistry kernels = StandardKernels.newRegistry();
        kernels.register("relu", ctx -> {
            throw new IllegalArgumentException("boom");
        }, "test-plugin", true);
        TensorValue x = TensorValue.ofFloats(Shape.of(1, 3), 1, 2, 3);
        assertThatThrownBy(() -> new Interpreter(kernels).run(reluPlusX(), Map.of("x", x)))
                .isInstanceOf(InterpreterException.class)
                .hasMessageStartingWith("op `relu_0` (relu) failed: boom")
                .satisfies(e -> assertThat(((InterpreterException) e).opName()).isPresent());
    }

    @Test
    void aKernelResultOfTheWrongTypeIsCaught() {
        KernelRegistry kernels = StandardKernels.newRegistry();
        kernels.register("relu", ctx -> List.of(TensorValue.ofInts(ctx.input("x").shape(), 1, 2, 3)),
                "test-plugin", true);
        TensorValue x = TensorValue.ofFloats(Shape.of(1, 3), 1, 2, 3);
        assertThatThrownBy(() -> new Interpreter(kernels).run(reluPlusX(), Map.of("x", x)))
                .hasMessageContaining("its kernel produced int32[1, 3] for output")
                .hasMessageContaining("the dtype differs");
    }

    @Test
    void everyStandardOpHasAKernel() {
        KernelRegistry kernels = StandardKernels.newRegistry();
        List<String> missing = StandardOps.definitions().stream().map(OpDef::name).distinct()
                .filter(n -> !kernels.contains(n)).sorted().toList();
        assertThat(missing).isEmpty();
    }
}
