package dev.mil4j.ops.linear;

import static dev.mil4j.ops.OpTesting.f32;
import static dev.mil4j.ops.OpTesting.floats;
import static dev.mil4j.ops.OpTesting.iota;
import static dev.mil4j.ops.OpTesting.on;
import static dev.mil4j.ops.OpTesting.t;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.OpTesting;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LinearOpsTest {

    static Stream<Arguments> types() {
        return Stream.of(
                Arguments.of(on(LinearOp.ios15()).in("x", "2x4").c("weight", iota("3x4")), "fp32[2, 3]"),
                Arguments.of(on(LinearOp.ios15()).in("x", "Bx5x4").c("weight", iota("3x4"))
                        .c("bias", iota("3")), "fp32[B, 5, 3]"),
                Arguments.of(on(LinearOp.ios17()).in("x", t(DType.FP16, "4")).c("weight", iota("3x4")),
                        "fp16[3]"),
                Arguments.of(on(MatmulOp.ios15()).in("x", "10x4x3").in("y", "5x10x3x2"), "fp32[5, 10, 4, 2]"),
                Arguments.of(on(MatmulOp.ios15()).in("x", "4").in("y", "10x4x3"), "fp32[10, 3]"),
                Arguments.of(on(MatmulOp.ios15()).in("x", "10x3x4").in("y", "4"), "fp32[10, 3]"),
                Arguments.of(on(MatmulOp.ios15()).in("x", "4").in("y", "4"), "fp32[]"),
                Arguments.of(on(MatmulOp.ios15()).in("x", "3x4").in("y", "5x3").c("transpose_x", true)
                        .c("transpose_y", true), "fp32[4, 5]"),
                Arguments.of(on(MatmulOp.ios15()).in("x", "Bx4xK").in("y", "Kx7"), "fp32[B, 4, 7]"),
                Arguments.of(on(MatmulOp.ios15()).in("x", "Bx1x4x3").in("y", "5x3x2"), "fp32[B, 5, 4, 2]"),
                Arguments.of(on(MatmulOp.ios17()).in("x", t(DType.FP16, "2x3")).c("y", iota("3x4")),
                        "fp16[2, 4]"),
                Arguments.of(on(MatmulOp.ios17()).c("x", iota("2x3")).in("y", t(DType.FP16, "3x4")),
                        "fp16[2, 4]"),
                Arguments.of(on(new EinsumOp()).in("values", "2x3x4x5").in("values", "2x5x4x6")
                        .c("equation", "nchw,nwhu->nchu"), "fp32[2, 3, 4, 6]"),
                Arguments.of(on(new EinsumOp()).in("values", "1x3x1x5").in("values", "Nx5x4x6")
                        .c("equation", "abcd,adce->abce"), "fp32[N, 3, 4, 6]"),
                Arguments.of(on(new EinsumOp()).in("values", "3x4x5").in("values", "5x1x6")
                        .c("equation", "chw,whu->chu"), "fp32[3, 4, 6]"));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("types")
    void infersTypes(OpTesting op, String expected) {
        assertThat(op.type()).hasToString(expected);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(on(LinearOp.ios15()).in("x", "2x5").c("weight", iota("3x4")),
                        "`linear` input `weight` has 4 input features (dim 1), but the last dim of x is 5"),
                Arguments.of(on(LinearOp.ios15()).in("x", "2x4").in("weight", f32("3x4")),
                        "`linear` input `weight` must be const"),
                Arguments.of(on(LinearOp.ios15()).in("x", "2x4").c("weight", iota("3x4")).c("bias", iota("2")),
                        "`linear` input `bias` must have shape [3] (dim 0 of weight), got [2]"),
                Arguments.of(on(LinearOp.ios15()).in("x", "1x2x3x4").c("weight", iota("3x4")),
                        "`linear` input `x` must have rank 1 to 3, got fp32[1, 2, 3, 4]"),
                Arguments.of(on(MatmulOp.ios15()).in("x", "2x3").in("y", "4x5"),
                        "`matmul`: shapes of x [2, 3] and y [4, 5] do not match for matmul: 3 vs 4"),
                Arguments.of(on(MatmulOp.ios15()).in("x", "3").in("y", "3x5").c("transpose_x", true),
                        "`matmul` input `transpose_x` must be false when x is 1-d"),
                Arguments.of(on(MatmulOp.ios15()).in("x", "2x3x4").in("y", "3x4x5"),
                        "`matmul`: shapes [2] and [3] do not broadcast: 2 vs 3"),
                Arguments.of(on(MatmulOp.ios15()).in("x", "2x3").in("y", t(DType.FP16, "3x4")),
                        "`matmul` input `y` has dtype fp16, but `x` has fp32 and both are in type domain T"),
                Arguments.of(on(MatmulOp.ios17()).in("x", t(DType.FP16, "2x3")).in("y", "3x4"),
                        "`matmul` input `y` has dtype fp32, but x has fp16; they may differ only when exactly one "
                                + "of them is const"),
                Arguments.of(on(new EinsumOp()).in("values", "3x4").in("values", "4x5").c("equation", "ij,jk->ik"),
                        "`einsum` input `equation` 'ij,jk->ik' is not supported: Core ML's einsum takes two operands "
                                + "multiplied over axes -3 and -1, as in 'nchw,nwhu->nchu' or 'chw,whu->chu' (any "
                                + "letters); lower other equations to transpose and matmul"),
                Arguments.of(on(new EinsumOp()).in("values", "3x4x5").in("values", "5x4x6")
                        .c("equation", "nchw,nwhu->nchu"),
                        "`einsum` input `values` must both have rank 4 for equation 'nchw,nwhu->nchu', got "
                                + "[3, 4, 5] and [5, 4, 6]"),
                Arguments.of(on(new EinsumOp()).in("values", "3x4x5").in("values", "6x4x6")
                        .c("equation", "chw,whu->chu"),
                        "`einsum` input `values` have contracted dims that differ: 5 (axis -1 of the first) vs 6 "
                                + "(axis -3 of the second)"),
                Arguments.of(on(new EinsumOp()).in("values", "3x4x5").in("values", "5x3x6")
                        .c("equation", "chw,whu->chu"),
                        "`einsum` input `values` have dims 4 and 3 at axis 1, which do not broadcast"),
                Arguments.of(on(new EinsumOp()).in("values", "3x4x5").c("equation", "chw->chw"),
                        "`einsum` input `values` must hold exactly 2 tensors, got 1"));
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("errors")
    void reportsInvalidInputs(OpTesting op, String message) {
        assertThat(op.error()).isEqualTo(message);
    }

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of(on(LinearOp.ios15()).c("x", floats("2x2", 1, 2, 3, 4))
                        .c("weight", floats("3x2", 1, 0, 0, 1, 1, 1)).c("bias", floats("3", 10, 20, 30)),
                        floats("2x3", 11, 22, 33, 13, 24, 37)),
                Arguments.of(on(LinearOp.ios15()).c("x", floats("2", 1, 2))
                        .c("weight", floats("3x2", 1, 0, 0, 1, 1, 1)), floats("3", 1, 2, 3)),
                Arguments.of(on(MatmulOp.ios15()).c("x", iota("2x3")).c("y", iota("3x2")),
                        floats("2x2", 10, 13, 28, 40)),
                Arguments.of(on(MatmulOp.ios15()).c("x", iota("3x2")).c("y", iota("3x2")).c("transpose_x", true),
                        floats("2x2", 20, 26, 26, 35)),
                Arguments.of(on(MatmulOp.ios15()).c("x", iota("2x1x2")).c("y", floats("2x1", 1, 1)),
                        floats("2x1x1", 1, 5)),
                Arguments.of(on(MatmulOp.ios15()).c("x", floats("3", 1, 2, 3)).c("y", floats("3", 4, 5, 6)),
                        floats("", 32)),
                Arguments.of(on(MatmulOp.ios15()).c("x", TensorValue.ofInts(dev.mil4j.core.types.Shape.of(1, 2), 2, 3))
                        .c("y", TensorValue.ofInts(dev.mil4j.core.types.Shape.of(2, 1), 4, 5)),
                        TensorValue.ofInts(dev.mil4j.core.types.Shape.of(1, 1), 23)),
                Arguments.of(on(new EinsumOp()).c("values", floats("1x1x2", 1, 2)).c("values", floats("2x1x1", 3, 4))
                        .c("equation", "chw,whu->chu"), floats("1x1x1", 11)),
                Arguments.of(on(new EinsumOp()).c("values", iota("1x1x2x2")).c("values", floats("1x2x1x1", 1, 10))
                        .c("equation", "nchw,nwhu->nchu"), floats("1x1x2x1", 10, 32)));
    }

    @ParameterizedTest(name = "[{index}] {0} = {1}")
    @MethodSource("values")
    void foldsConstants(OpTesting op, TensorValue expected) {
        assertThat(op.value()).isEqualTo(expected);
    }
}
