package dev.mil4j.core.ir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Location;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.testing.TestOps;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.core.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuilderTest {
    private final OpRegistry registry = TestOps.registry();

    private Program lastProgram;

    private Function function(Map<String, ValueType> inputs) {
        lastProgram = new Program();
        return lastProgram.addFunction("main", Opset.IOS15, inputs);
    }

    @Test
    void infersTypesWithSymbolicBroadcasting() {
        Map<String, ValueType> in = new LinkedHashMap<>();
        in.put("x", TensorType.of(DType.FP32, Dim.symbol("B"), Dim.of(1), Dim.of(4)));
        in.put("y", TensorType.of(DType.FP32, 3, 1));
        Function f = function(in);
        Builder b = Builder.atEnd(f.body(), registry);
        Var z = b.op("add").input("x", f.inputs().get(0)).input("y", f.inputs().get(1)).output();
        assertThat(z.type()).hasToString("fp32[B, 3, 4]");
        assertThat(f.inputs().get(0).users()).containsExactly(z.producer().orElseThrow());
    }

    @Test
    void foldsWhenAllInputsAreConstant() {
        Function f = function(Map.of());
        Builder b = Builder.atEnd(f.body(), registry);
        Var a = b.constant(TensorValue.ofFloats(Shape.of(2), 1, 2));
        Var c = b.constant(TensorValue.ofFloats(Shape.of(2), 10, 20));
        Var sum = b.op("add").input("x", a).input("y", c).output();
        assertThat(sum.value()).contains(TensorValue.ofFloats(Shape.of(2), 11, 22));
        assertThat(sum.producer().orElseThrow().type()).isEqualTo("const");
    }

    @Test
    void missingInputIsReportedWithOpAndLocation() {
        Function f = function(Map.of("x", TensorType.of(DType.FP32, 2)));
        Builder b = Builder.atEnd(f.body(), registry).at(Location.of("torch", "aten::add"));
        assertThatThrownBy(() -> b.op("add").input("x", f.inputs().get(0)).name("sum").output())
                .isInstanceOf(ConversionException.class)
                .hasMessage("error: `add` input `y` is required but missing\n"
                        + "  at op `sum` (add), from torch node `aten::add`");
    }

    @Test
    void dtypeOutsideTheDomainIsReported() {
        Function f = function(Map.of("x", TensorType.of(DType.INT32, 2)));
        Builder b = Builder.atEnd(f.body(), registry);
        assertThatThrownBy(() -> b.op("relu").input("x", f.inputs().get(0)).name("r").output())
                .hasMessageStartingWith("error: `relu` input `x` has dtype int32, but type domain T allows only "
                        + "fp16, fp32");
    }

    @Test
    void typeVariableMustAgreeAcrossInputs() {
        Map<String, ValueType> in = new LinkedHashMap<>();
        in.put("x", TensorType.of(DType.FP32, 2));
        in.put("y", TensorType.of(DType.FP16, 2));
        Function f = function(in);
        Builder b = Builder.atEnd(f.body(), registry);
        assertThatThrownBy(() -> b.op("add").input("x", f.inputs().get(0)).input("y", f.inputs().get(1)).output())
                .hasMessageStartingWith("error: `add` input `y` has dtype fp16, but `x` has fp32 and both are in "
                        + "type domain T");
    }

    @Test
    void constInputMustBeConst() {
        Map<String, ValueType> in = new LinkedHashMap<>();
        in.put("x", TensorType.of(DType.FP32, 2, 8));
        in.put("k", TensorType.scalar(DType.INT32));
        Function f = function(in);
        Builder b = Builder.atEnd(f.body(), registry);
        assertThatThrownBy(() -> b.op("topk").input("x", f.inputs().get(0)).input("k", f.inputs().get(1))
                .name("top").outputs())
                .hasMessageStartingWith("error: `topk` input `k` must be const\n  at op `top` (topk)");
    }

    @Test
    void unknownInputListsTheKnownOnes() {
        Function f = function(Map.of("x", TensorType.of(DType.FP32, 2)));
        Builder b = Builder.atEnd(f.body(), registry);
        assertThatThrownBy(() -> b.op("relu").input("x", f.inputs().get(0)).input("alpha", f.inputs().get(0))
                .output())
                .hasMessageStartingWith("error: `relu` input `alpha` is not an input of `relu`; its inputs are x");
    }

    @Test
    void defaultsApplyAndOpSpecificChecksNameTheInput() {
        Function f = function(Map.of("x", TensorType.of(DType.FP32, 2, 8)));
        Builder b = Builder.atEnd(f.body(), registry);
        List<Var> out = b.op("topk").input("x", f.inputs().get(0)).input("k", TensorValue.scalar(3)).outputs();
        assertThat(out).extracting(v -> v.type().toString()).containsExactly("fp32[2, 3]", "int32[2, 3]");
        assertThatThrownBy(() -> b.op("topk").input("x", f.inputs().get(0)).input("k", TensorValue.scalar(9))
                .outputs())
                .hasMessageStartingWith("error: `topk` input `k` is 9, larger than dim 1 of x (8)");
    }

    @Test
    void unknownOpIsReported() {
        Function f = function(Map.of());
        assertThatThrownBy(() -> Builder.atEnd(f.body(), registry).op("frobnicate"))
                .hasMessageContaining("unknown op `frobnicate`");
    }

    @Test
    void namesAreUniqueWithinAFunction() {
        Function f = function(Map.of("x", TensorType.of(DType.FP32, 2)));
        Builder b = Builder.atEnd(f.body(), registry);
        Var r1 = b.op("relu").input("x", f.inputs().get(0)).name("x").output();
        Var r2 = b.op("relu").input("x", r1).output();
        Var r3 = b.op("relu").input("x", r2).output();
        assertThat(List.of(r1.name(), r2.name(), r3.name())).containsExactly("x_0", "relu_0", "relu_1");
    }

    @Test
    void nestedBlocksSeeOuterVars() {
        Map<String, ValueType> in = new LinkedHashMap<>();
        in.put("p", TensorType.scalar(DType.BOOL));
        in.put("x", TensorType.of(DType.FP32, 2));
        Function f = function(in);
        Var x = f.inputs().get(1);
        Builder b = Builder.atEnd(f.body(), registry);
        Var r = b.op("cond").input("pred", f.inputs().get(0))
                .block(Map.of(), (inner, args) -> List.of(inner.op("relu").input("x", x).output()))
                .block(Map.of(), (inner, args) -> List.of(x))
                .output();
        f.setOutputs(List.of(r));
        assertThat(r.type()).isEqualTo(TensorType.of(DType.FP32, 2));
        assertThat(Verifier.verify(f)).isEmpty();
        assertThat(x.useCount()).isEqualTo(2);
    }

    @Test
    void freshSymbolsAreUniqueAndSurviveVerificationAndText() {
        Function f = function(Map.of("x", TensorType.of(DType.FP32, 3, 4)));
        Builder b = Builder.atEnd(f.body(), registry);
        Var a = b.op("non_zero").input("x", f.inputs().get(0)).output();
        Var c = b.op("non_zero").input("x", f.inputs().get(0)).output();
        assertThat(a.type()).hasToString("int32[non_zero_count_0, 2]");
        assertThat(c.type()).hasToString("int32[non_zero_count_1, 2]");
        f.setOutputs(List.of(a, c));
        assertThat(Verifier.verify(f)).isEmpty();
        String text = dev.mil4j.core.text.MilPrinter.print(lastProgram);
        assertThat(dev.mil4j.core.text.MilPrinter.print(dev.mil4j.core.text.MilParser.parse(text, registry)))
                .isEqualTo(text);
    }
}
