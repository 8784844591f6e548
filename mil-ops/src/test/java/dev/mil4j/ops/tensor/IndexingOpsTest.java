package dev.mil4j.ops.tensor;

import static dev.mil4j.core.op.Opset.IOS15;
import static dev.mil4j.core.op.Opset.IOS16;
import static dev.mil4j.core.op.Opset.IOS17;
import static dev.mil4j.ops.OpTesting.floats;
import static dev.mil4j.ops.OpTesting.iota;
import static dev.mil4j.ops.OpTesting.on;
import static dev.mil4j.ops.OpTesting.t;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.SimpleInferenceContext;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.OpTesting;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * gather_nd, scatter_nd, reverse, reverse_sequence, sliding_windows, slice_update and non_maximum_suppression:
 * types (static and symbolic), folded values against hand-computed ones, and the messages of invalid inputs.
 */
class IndexingOpsTest {
    private static final TensorValue M23 = floats("2x3", 1, 2, 3, 4, 5, 6);

    private static TensorValue ints(String shape, int... v) {
        return TensorValue.ofInts(Shape.parse(shape), v);
    }

    private static TensorValue bools(boolean... v) {
        return TensorValue.ofBools(Shape.of(v.length), v);
    }

    static Stream<Arguments> types() {
        return Stream.of(
                Arguments.of(on(GatherNdOp.ios15()).in("x", "Bx5x6").in("indices", t(DType.INT32, "Nx2")),
                        "fp32[N, 6]"),
                Arguments.of(on(GatherNdOp.ios15()).in("x", "4x5x6").in("indices", t(DType.INT32, "2x3x1")),
                        "fp32[2, 3, 5, 6]"),
                Arguments.of(on(GatherNdOp.ios16()).in("x", "Bx5x6").in("indices", t(DType.UINT16, "Bx3x1"))
                        .c("batch_dims", TensorValue.scalar(1)), "fp32[B, 3, 6]"),
                Arguments.of(on(ScatterNdOp.ios15()).in("data", "Bx4").in("indices", t(DType.INT32, "3x1"))
                        .in("updates", "3x4"), "fp32[B, 4]"),
                Arguments.of(on(ReverseOp.ios17()).in("x", t(DType.INT8, "Bx3")), "int8[B, 3]"),
                Arguments.of(on(ReverseSequenceOp.ios15()).in("x", "Bx7x3").in("lengths", t(DType.INT32, "B"))
                        .c("seq_axis", TensorValue.scalar(1)), "fp32[B, 7, 3]"),
                Arguments.of(on(SlidingWindowsOp.ios15()).in("x", "Bx10x3").c("axis", TensorValue.scalar(1))
                        .c("size", TensorValue.scalar(4)).c("stride", TensorValue.scalar(3)), "fp32[B, 3, 4, 3]"),
                Arguments.of(on(SlidingWindowsOp.ios15()).in("x", "Tx3").c("axis", TensorValue.scalar(-2))
                        .c("size", TensorValue.scalar(4)), "fp32[windows_T_4_1, 4, 3]"),
                Arguments.of(on(new SliceUpdateOp()).in("x", "Bx3").in("update", "1x3")
                        .in("begin", t(DType.INT32, "2")).in("end", t(DType.INT32, "2")), "fp32[B, 3]"),
                Arguments.of(on(new SliceUpdateOp()).in("x", "4x6").in("update", "2x3").c("begin", 0, 0)
                        .c("end", 4, 6).c("stride", 2, 2), "fp32[4, 6]"));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("types")
    void infersTypes(OpTesting op, String expected) {
        assertThat(op.type()).hasToString(expected);
    }

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of(on(GatherNdOp.ios15()).c("x", M23).c("indices", ints("2x2", 1, 2, 0, 0)),
                        "[2]", new double[] {6, 1}),
                Arguments.of(on(GatherNdOp.ios15()).c("x", M23).c("indices", ints("1x1", 1)),
                        "[1, 3]", new double[] {4, 5, 6}),
                Arguments.of(on(GatherNdOp.ios15()).c("x", M23).c("indices", ints("1x2", -1, -3)),
                        "[1]", new double[] {4}),
                Arguments.of(on(GatherNdOp.ios15()).c("x", floats("2", 1, 2)).c("indices", ints("3x0")),
                        "[3, 2]", new double[] {1, 2, 1, 2, 1, 2}),
                Arguments.of(on(GatherNdOp.ios16()).c("x", M23).c("indices", ints("2x1", 2, 0))
                        .c("batch_dims", TensorValue.scalar(1)), "[2]", new double[] {3, 4}),
                Arguments.of(on(ScatterNdOp.ios15()).c("data", M23).c("indices", ints("3x2", 0, 1, 1, 2, 0, 1))
                        .c("updates", floats("3", 10, 20, 30)), "[2, 3]", new double[] {1, 42, 3, 4, 5, 26}),
                Arguments.of(on(ScatterNdOp.ios17()).c("data", M23).c("indices", ints("1x1", 1))
                        .c("updates", floats("1x3", 7, 8, 9)).c("mode", "update"), "[2, 3]",
                        new double[] {1, 2, 3, 7, 8, 9}),
                Arguments.of(on(ScatterNdOp.ios15()).c("data", M23).c("indices", ints("2x2", 0, 0, 1, 1))
                        .c("updates", floats("2", 5, 0)).c("mode", "max"), "[2, 3]",
                        new double[] {5, 2, 3, 4, 5, 6}),
                Arguments.of(on(ReverseOp.ios15()).c("x", iota("2x3")), "[2, 3]", new double[] {5, 4, 3, 2, 1, 0}),
                Arguments.of(on(ReverseOp.ios15()).c("x", iota("2x3")).c("axes", 1), "[2, 3]",
                        new double[] {2, 1, 0, 5, 4, 3}),
                Arguments.of(on(ReverseOp.ios17()).c("x", iota("2x3")).c("axes", -2), "[2, 3]",
                        new double[] {3, 4, 5, 0, 1, 2}),
                Arguments.of(on(ReverseSequenceOp.ios15()).c("x", floats("2x4", 1, 2, 3, 4, 5, 6, 7, 8))
                        .c("lengths", 3, 1).c("seq_axis", TensorValue.scalar(1)), "[2, 4]",
                        new double[] {3, 2, 1, 4, 5, 6, 7, 8}),
                Arguments.of(on(ReverseSequenceOp.ios17()).c("x", floats("2x2", 1, 2, 3, 4)).c("lengths", 2, 0)
                        .c("seq_axis", TensorValue.scalar(0)).c("batch_axis", TensorValue.scalar(1)), "[2, 2]",
                        new double[] {3, 2, 1, 4}),
                Arguments.of(on(SlidingWindowsOp.ios15()).c("x", floats("5", 1, 2, 3, 4, 5))
                        .c("axis", TensorValue.scalar(0)).c("size", TensorValue.scalar(2))
                        .c("stride", TensorValue.scalar(2)), "[2, 2]", new double[] {1, 2, 3, 4}),
                Arguments.of(on(SlidingWindowsOp.ios17()).c("x", floats("2x3", 1, 2, 3, 4, 5, 6))
                        .c("axis", TensorValue.scalar(1)).c("size", TensorValue.scalar(2)), "[2, 2, 2]",
                        new double[] {1, 2, 2, 3, 4, 5, 5, 6}),
                Arguments.of(on(new SliceUpdateOp()).c("x", iota("2x3")).c("update", floats("1x2", 10, 20))
                        .c("begin", 1, 1).c("end", 2, 3), "[2, 3]", new double[] {0, 1, 2, 3, 10, 20}),
                Arguments.of(on(new SliceUpdateOp()).c("x", iota("6")).c("update", floats("3", 7, 8, 9))
                        .c("begin", 0).c("end", 6).c("stride", 2), "[6]", new double[] {7, 1, 8, 3, 9, 5}),
                Arguments.of(on(new SliceUpdateOp()).c("x", iota("2x3")).c("update", floats("3", 7, 8, 9))
                        .c("begin", 0, 0).c("end", 1, 3).c("squeeze_mask", bools(true, false)), "[2, 3]",
                        new double[] {7, 8, 9, 3, 4, 5}),
                Arguments.of(on(new SliceUpdateOp()).c("x", iota("5")).c("update", floats("3", 7, 8, 9))
                        .c("begin", -1).c("end", 0).c("stride", -2).c("end_mask", bools(true)), "[5]",
                        new double[] {9, 1, 8, 3, 7}));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("values")
    void foldsToHandComputedValues(OpTesting op, String shape, double[] expected) {
        TensorValue v = op.value();
        assertThat(v.shape()).hasToString(shape);
        assertThat(v.toDoubleArray()).containsExactly(expected);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(on(GatherNdOp.ios15()).in("x", "2x3").in("indices", t(DType.INT32, "2xK")),
                        "`gather_nd` input `indices` must have a known last dim (the index tuple length), got "
                                + "int32[2, K]"),
                Arguments.of(on(GatherNdOp.ios15()).in("x", "2x3").in("indices", t(DType.INT32, "2x3")),
                        "`gather_nd` input `indices` holds tuples of 3 indices, but x [2, 3] has only 2 dims after 0 "
                                + "batch dims"),
                Arguments.of(on(GatherNdOp.ios17()).in("x", "2x3").c("indices", ints("1x2", 2, 0))
                        .c("validate_indices", true),
                        "`gather_nd` input `indices` holds 2 for dim 0, out of range [0, 2)"),
                Arguments.of(on(GatherNdOp.ios16()).in("x", "2x3").in("indices", t(DType.INT32, "2x1"))
                        .c("batch_dims", TensorValue.scalar(2)),
                        "`gather_nd` input `batch_dims` is 2; it must be in [0, rank(indices) - 1] = [0, 1]"),
                Arguments.of(on(ScatterNdOp.ios15()).in("data", "2x3").in("indices", t(DType.INT32, "3x2"))
                        .in("updates", "2"),
                        "`scatter_nd` input `updates` has shape [2], but data [2, 3] and indices [3, 2] need [3]"),
                Arguments.of(on(ScatterNdOp.ios15()).in("data", "2x3").in("indices", t(DType.INT32, "3x2"))
                        .in("updates", "3").c("mode", "replace"),
                        "`scatter_nd` input `mode` is 'replace'; use one of add, div, max, min, mul, sub, update"),
                Arguments.of(on(ReverseOp.ios15()).in("x", "2x3").c("axes", 2),
                        "`reverse` input `axes` is 2, out of range [-2, 2) for rank 2"),
                Arguments.of(on(ReverseOp.ios15()).in("x", "2x3").c("axes", 0, -2),
                        "`reverse` input `axes` repeats axis 0: [0, -2]"),
                Arguments.of(on(ReverseSequenceOp.ios15()).in("x", "2x3").in("lengths", t(DType.INT32, "2")),
                        "`reverse_sequence` input `batch_axis` is dim 0, the same as seq_axis; they must differ"),
                Arguments.of(on(ReverseSequenceOp.ios15()).in("x", "2x4").c("lengths", 5, 1)
                        .c("seq_axis", TensorValue.scalar(1)),
                        "`reverse_sequence` input `lengths` holds 5, out of range [0, 4]"),
                Arguments.of(on(ReverseSequenceOp.ios15()).in("x", "2x4").in("lengths", t(DType.INT32, "3"))
                        .c("seq_axis", TensorValue.scalar(1)),
                        "`reverse_sequence` input `lengths` must be a vector of x.shape[batch_axis] = 2 entries, got "
                                + "int32[3]"),
                Arguments.of(on(SlidingWindowsOp.ios15()).in("x", "5").c("axis", TensorValue.scalar(0))
                        .c("size", TensorValue.scalar(6)),
                        "`sliding_windows` input `size` is 6, larger than dim 0 of x [5]"),
                Arguments.of(on(SlidingWindowsOp.ios15()).in("x", "5").c("axis", TensorValue.scalar(0))
                        .c("size", TensorValue.scalar(2)).c("stride", TensorValue.scalar(0)),
                        "`sliding_windows` input `stride` must be at least 1, got 0"),
                Arguments.of(on(new SliceUpdateOp()).in("x", "2x3").in("update", "2").c("begin", 0, 0).c("end", 1, 3),
                        "`slice_update` input `update` has shape [2], but the slice of x [2, 3] has shape [1, 3]"),
                Arguments.of(on(new SliceUpdateOp()).in("x", "2x3").in("update", "").c("begin", 0, 0).c("end", 1, 1)
                        .c("squeeze_mask", bools(true, true)),
                        "`slice_update` input `update` is a scalar; Core ML needs rank 1 or more (expand_dims it and "
                                + "keep the sliced dim with squeeze_mask false)"),
                Arguments.of(on(NonMaximumSuppressionOp.ios15()).in("boxes", "2x10x5").in("scores", "2x10x3")
                        .c("iou_threshold", TensorValue.scalar(0.5f)).c("score_threshold", TensorValue.scalar(0f))
                        .c("max_boxes", TensorValue.scalar(5)),
                        "`non_maximum_suppression` input `boxes` must have shape [n, B, 4], got [2, 10, 5]"),
                Arguments.of(on(NonMaximumSuppressionOp.ios17()).in("boxes", "2x4x10").in("scores", "2x3x9")
                        .c("iou_threshold", TensorValue.scalar(0.5f)).c("max_boxes", TensorValue.scalar(5)),
                        "`non_maximum_suppression` input `scores` must have shape [n, K, B] with n and B of boxes "
                                + "[2, 4, 10], got [2, 3, 9]"));
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("errors")
    void reportsInvalidInputs(OpTesting op, String message) {
        assertThat(op.error()).isEqualTo(message);
    }

    private static String types(OpDef def, SimpleInferenceContext.Builder in) {
        SimpleInferenceContext c = in.build();
        def.validate(c);
        return def.inferTypes(c).stream().map(ValueType::toString).collect(Collectors.joining("; "));
    }

    @Test
    void nonMaximumSuppressionOutputsArePaddedToMaxBoxes() {
        OpDef v15 = NonMaximumSuppressionOp.ios15();
        assertThat(types(v15, SimpleInferenceContext.of(v15).input("boxes", t(DType.FP16, "Nx10x4"))
                .input("scores", t(DType.FP16, "Nx10x3")).input("iou_threshold", TensorValue.ofHalfBits(Shape.parse(""),
                        (short) 0x3800)).input("score_threshold", TensorValue.ofHalfBits(Shape.parse(""), (short) 0))
                .input("max_boxes", TensorValue.scalar(5))))
                .isEqualTo("fp16[N, 5, 4]; fp16[N, 5, 3]; int32[N, 5]; int32[N]");
        OpDef v17 = NonMaximumSuppressionOp.ios17();
        assertThat(types(v17, SimpleInferenceContext.of(v17).input("boxes", t(DType.FP32, "2x4x10"))
                .input("scores", t(DType.FP32, "2x3x10")).input("iou_threshold", TensorValue.scalar(0.5f))
                .input("max_boxes", TensorValue.scalar(5)).input("per_class_suppression", TensorValue.scalar(true))))
                .isEqualTo("fp32[2, 4, 5]; fp32[2, 3, 5]; int32[2, 5]");
    }
}
