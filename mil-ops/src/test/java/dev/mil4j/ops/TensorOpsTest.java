package dev.mil4j.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The typed helpers through the builder: folding of shape arithmetic, and the messages of invalid inputs. */
class TensorOpsTest {
    private static final OpRegistry REGISTRY = StandardOps.newRegistry();

    private static Function function(Opset opset, Map<String, ValueType> inputs) {
        return new Program().addFunction("main", opset, inputs);
    }

    private static Builder builder(Function f) {
        return Builder.atEnd(f.body(), REGISTRY);
    }

    @Test
    void shapeArithmeticFoldsToConstants() {
        Function f = function(Opset.IOS15, Map.of("x", TensorType.of(DType.FP32, 2, 3, 4)));
        Builder b = builder(f);
        Var shape = b.constant(TensorValue.vector(2, 3, 4));
        Var last = TensorOps.sliceByIndex(b, shape, new int[] {2}, new int[] {3});
        Var lead = TensorOps.gather(b, shape, b.constant(TensorValue.vector(0)), 0);
        Var target = TensorOps.concat(b, List.of(lead, b.constant(TensorValue.vector(-1)), last), 0);
        assertThat(target.value()).contains(TensorValue.vector(2, -1, 4));
        Var y = TensorOps.reshape(b, f.inputs().get(0), target);
        assertThat(y.type()).hasToString("fp32[2, 3, 4]");
        assertThat(y.producer().orElseThrow().type()).isEqualTo("reshape");
    }

    @Test
    void helpersBuildTypedOutputs() {
        Map<String, ValueType> in = new LinkedHashMap<>();
        in.put("x", new TensorType(DType.FP32, Shape.parse("Bx8")));
        Function f = function(Opset.IOS16, in);
        Builder b = builder(f);
        Var x = f.inputs().get(0);
        TensorOps.TopK top = TensorOps.topk(b, x, 3, -1, false);
        assertThat(List.of(top.values().type(), top.indices().type()).toString())
                .isEqualTo("[fp32[B, 3], int32[B, 3]]");
        assertThat(TensorOps.split(b, x, 2, 1)).extracting(v -> v.type().toString())
                .containsExactly("fp32[B, 4]", "fp32[B, 4]");
        assertThat(TensorOps.transpose(b, TensorOps.expandDims(b, x, 0), 2, 1, 0).type()).hasToString("fp32[8, B, 1]");
        assertThat(TensorOps.pad(b, x, new int[] {1, 1}, "reflect").type()).hasToString("fp32[B, 10]");
    }

    static Stream<Arguments> invalid() {
        BiFunction<Builder, Var, Object> reshape = (b, x) -> TensorOps.reshape(b, x, 5, -1);
        BiFunction<Builder, Var, Object> perm = (b, x) -> TensorOps.transpose(b, x, 0, 0);
        BiFunction<Builder, Var, Object> squeeze = (b, x) -> TensorOps.squeeze(b, x, 1);
        BiFunction<Builder, Var, Object> topk = (b, x) -> TensorOps.topk(b, x, 9, -1, false);
        BiFunction<Builder, Var, Object> concat = (b, x) -> TensorOps.concat(b,
                List.of(x, b.constant(TensorValue.ofFloats(Shape.of(3, 3), new float[9]))), 0);
        BiFunction<Builder, Var, Object> split = (b, x) -> TensorOps.split(b, x, 3, 1);
        BiFunction<Builder, Var, Object> tile = (b, x) -> TensorOps.tile(b, x, 1, 0);
        BiFunction<Builder, Var, Object> padMode = (b, x) -> TensorOps.pad(b, x, new int[] {0, 1}, "mirror");
        BiFunction<Builder, Var, Object> gatherAxis = (b, x) -> TensorOps.gather(b, x,
                b.constant(TensorValue.vector(0)), 2);
        return Stream.of(
                Arguments.of(reshape, "`reshape` input `shape` is [5, -1], but x [2, 4] has 8 elements, which the "
                        + "other dims (5) do not divide"),
                Arguments.of(perm, "`transpose` input `perm` repeats axis 0: [0, 0]"),
                Arguments.of(squeeze, "`squeeze` input `axes` names axis 1, but that dim of x [2, 4] is 4, not 1"),
                Arguments.of(topk, "`topk` input `k` is 9, larger than the axis dim of x (4)"),
                Arguments.of(concat, "`concat` input `values` do not fit together: value 0 is [2, 4], value 1 is "
                        + "[3, 3] (only the axis dim may differ)"),
                Arguments.of(split, "`split` input `num_splits` is 3, which does not divide dim 1 of x [2, 4]"),
                Arguments.of(tile, "`tile` input `reps` must be positive, got [1, 0]"),
                Arguments.of(padMode, "`pad` input `mode` is 'mirror'; use constant, reflect or replicate"),
                Arguments.of(gatherAxis, "`gather` input `axis` is 2, out of range [-2, 2) for rank 2"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void invalidInputsNameTheOpAndInput(BiFunction<Builder, Var, Object> build, String message) {
        Function f = function(Opset.IOS15, Map.of("x", TensorType.of(DType.FP32, 2, 4)));
        Builder b = builder(f);
        assertThatThrownBy(() -> build.apply(b, f.inputs().get(0)))
                .isInstanceOf(ConversionException.class)
                .hasMessageStartingWith("error: " + message + "\n");
    }

    @Test
    void newerInputsAreUnknownInOlderOpsets() {
        Function f = function(Opset.IOS15, Map.of("x", TensorType.of(DType.FP32, 2, 4)));
        Builder b = builder(f);
        assertThatThrownBy(() -> b.op("topk").input("x", f.inputs().get(0))
                .input("return_indices", TensorValue.scalar(false)).outputs())
                .hasMessageStartingWith("error: `topk` input `return_indices` is not an input of `topk`; its inputs "
                        + "are x, k, axis, ascending");
    }

    @Test
    void iOS17WidensTheReshapeTypeDomain() {
        Function old = function(Opset.IOS16, Map.of("x", TensorType.of(DType.INT8, 2, 4)));
        assertThatThrownBy(() -> TensorOps.reshape(builder(old), old.inputs().get(0), 8))
                .hasMessageStartingWith("error: `reshape` input `x` has dtype int8, but type domain T allows only "
                        + "bool, int32, fp16, fp32");
        Function f = function(Opset.IOS17, Map.of("x", TensorType.of(DType.INT8, 2, 4)));
        assertThat(TensorOps.reshape(builder(f), f.inputs().get(0), 8).type()).hasToString("int8[8]");
    }
}
