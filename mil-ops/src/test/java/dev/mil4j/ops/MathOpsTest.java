package dev.mil4j.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MathOpsTest {
    private static Function function(Opset opset, TensorType x) {
        return new Program().addFunction("main", opset, Map.of("x", x));
    }

    @Test
    void buildsAVerifiableProgramWithSymbolicShapes() {
        Function f = function(Opset.IOS15, TensorType.of(DType.FP32, Dim.symbol("B"), Dim.of(4)));
        Builder b = Builder.atEnd(f.body(), MathTesting.REGISTRY);
        Var x = f.inputs().get(0);
        Var bias = b.constant(TensorValue.ofFloats(Shape.of(4), 1, 2, 3, 4));
        Var y = ActivationOps.relu(b, MathOps.add(b, x, bias));
        Var m = ReductionOps.reduceMean(b, y, new int[] {-1}, true);
        Var s = ActivationOps.softmax(b, MathOps.clip(b, m, 0, 6), 0);
        Var n = MathOps.logicalNot(b, MathOps.greater(b, s, MathOps.rsqrt(b, s, 1e-6)));
        Var i = ReductionOps.reduceArgmax(b, MathOps.cast(b, n, DType.FP16), -1, false);
        f.setOutputs(List.of(s, i));
        assertThat(m.type()).hasToString("fp32[B, 1]");
        assertThat(i.type()).hasToString("int32[B]");
        assertThat(Verifier.verify(f)).isEmpty();
    }

    @Test
    void foldsConstChainsAndShapesIntoConsts() {
        Function f = function(Opset.IOS15, TensorType.of(DType.FP32, 2, 3));
        Builder b = Builder.atEnd(f.body(), MathTesting.REGISTRY);
        Var shape = MathOps.shape(b, f.inputs().get(0));
        Var ones = MathOps.fill(b, shape, TensorValue.scalar(1f));
        Var total = ReductionOps.reduceSum(b, ones, new int[] {0, 1}, false);
        assertThat(total.value()).contains(TensorValue.scalar(6f));
        assertThat(total.producer().orElseThrow().type()).isEqualTo("const");
        Var r = MathOps.range1d(b, b.constant(TensorValue.scalar(0)), b.constant(TensorValue.scalar(3)),
                b.constant(TensorValue.scalar(1)));
        assertThat(r.value()).contains(TensorValue.vector(0, 1, 2));
    }

    @Test
    void ios17FunctionsUseTheIos17Definitions() {
        Function f = function(Opset.IOS17, TensorType.of(DType.FP16, 2));
        Builder b = Builder.atEnd(f.body(), MathTesting.REGISTRY);
        Var x = f.inputs().get(0);
        Var y = b.op("leaky_relu").input("x", x).input("alpha", TensorValue.scalar(0.1f)).output();
        assertThat(y.type()).hasToString("fp16[2]");
        assertThat(MathOps.cast(b, x, DType.UINT8).type()).hasToString("uint8[2]");
    }

    @Test
    void errorsNameTheOpAndInput() {
        Function f = function(Opset.IOS15, TensorType.of(DType.FP32, 2));
        Builder b = Builder.atEnd(f.body(), MathTesting.REGISTRY);
        Var x = f.inputs().get(0);
        assertThatThrownBy(() -> b.op("gelu").input("x", x).input("mode", TensorValue.scalar("exact")).name("g")
                .output())
                .isInstanceOf(ConversionException.class)
                .hasMessageStartingWith("error: `gelu` input `mode` is \"exact\", but must be one of EXACT, "
                        + "TANH_APPROXIMATION, SIGMOID_APPROXIMATION\n  at op `g` (gelu)");
        assertThatThrownBy(() -> MathOps.cast(b, x, DType.INT64))
                .hasMessageStartingWith("error: `cast` input `dtype` is \"int64\", but must be one of bool, int32, "
                        + "fp16, fp32");
    }
}
