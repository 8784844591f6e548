package dev.mil4j.ops.tensor;

import static dev.mil4j.core.op.Opset.IOS15;
import static dev.mil4j.core.op.Opset.IOS16;
import static dev.mil4j.core.op.Opset.IOS17;
import static dev.mil4j.ops.tensor.Infer.f32;
import static dev.mil4j.ops.tensor.Infer.ints;
import static dev.mil4j.ops.tensor.Infer.t;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.SimpleInferenceContext;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.value.TensorValue;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Output types of the tensor ops for typical, broadcast and symbolic inputs. */
class TensorTypeInferenceTest {
    private static Arguments c(String name, OpDef def, UnaryOperator<SimpleInferenceContext.Builder> in,
            String expected) {
        return Arguments.of(name, def, in, expected);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                c("reshape static", ReshapeOp.ios15(), b -> b.input("x", f32("2x3x4")).input("shape", ints(6, -1)),
                        "fp32[6, 4]"),
                c("reshape keeps leftover symbol", ReshapeOp.ios15(),
                        b -> b.input("x", f32("Bx4x3")).input("shape", ints(12, -1)), "fp32[12, B]"),
                c("reshape multiplies symbol", ReshapeOp.ios15(),
                        b -> b.input("x", f32("Bx4")).input("shape", ints(2, -1)), "fp32[2, B_x_2]"),
                c("reshape 0 copies (iOS15)", ReshapeOp.ios15(),
                        b -> b.input("x", f32("Bx4x3")).input("shape", ints(0, -1, 1)), "fp32[B, 12, 1]"),
                c("reshape 0 right-aligned (iOS17)", ReshapeOp.ios17(),
                        b -> b.input("x", f32("2x50")).input("shape", ints(1, 0, -1, 0)), "fp32[1, 1, 2, 50]"),
                c("reshape unknown shape", ReshapeOp.ios15(),
                        b -> b.input("x", f32("Bx4")).input("shape", t(DType.INT32, "2")),
                        "fp32[reshape_d0_0, reshape_d1_1]"),
                c("reshape unmatched symbol", ReshapeOp.ios15(),
                        b -> b.input("x", f32("Bx4")).input("shape", ints(0, 4)), "fp32[B, 4]"),
                c("transpose", TransposeOp.ios15(), b -> b.input("x", f32("Bx3x4")).input("perm", ints(2, 0, -2)),
                        "fp32[4, B, 3]"),
                c("transpose int8 (iOS17)", TransposeOp.ios17(),
                        b -> b.input("x", t(DType.INT8, "2x3")).input("perm", ints(1, 0)), "int8[3, 2]"),
                c("squeeze all", SqueezeOp.ios15(), b -> b.input("x", f32("1xBx1x3")), "fp32[B, 3]"),
                c("squeeze axes", SqueezeOp.ios15(), b -> b.input("x", f32("1xBx1")).input("axes", ints(-1)),
                        "fp32[1, B]"),
                c("expand_dims", ExpandDimsOp.ios15(), b -> b.input("x", f32("Bx3")).input("axes", ints(0, -1)),
                        "fp32[1, B, 3, 1]"),
                c("flatten2d", new Flatten2dOp(), b -> b.input("x", f32("Bx3x4")), "fp32[B, 12]"),
                c("flatten2d axis", new Flatten2dOp(),
                        b -> b.input("x", f32("Bx3x4")).input("axis", TensorValue.scalar(-1)), "fp32[B_x_3, 4]"),
                c("concat", new ConcatOp(), b -> b.input("values", f32("2x3")).input("values", f32("2x5"))
                        .input("axis", TensorValue.scalar(1)), "fp32[2, 8]"),
                c("concat symbolic", new ConcatOp(), b -> b.input("values", f32("Bx3")).input("values", f32("2x3"))
                        .input("axis", TensorValue.scalar(0)), "fp32[B_plus_2, 3]"),
                c("concat interleave", new ConcatOp(), b -> b.input("values", f32("3x2")).input("values", f32("3x2"))
                        .input("axis", TensorValue.scalar(0)).input("interleave", TensorValue.scalar(true)),
                        "fp32[6, 2]"),
                c("split num", new SplitOp(), b -> b.input("x", f32("Sx6")).input("num_splits", TensorValue.scalar(3))
                        .input("axis", TensorValue.scalar(1)), "fp32[S, 2]; fp32[S, 2]; fp32[S, 2]"),
                c("split symbolic", new SplitOp(), b -> b.input("x", f32("Sx6"))
                        .input("num_splits", TensorValue.scalar(2)).input("axis", TensorValue.scalar(0)),
                        "fp32[S_div_2, 6]; fp32[S_div_2, 6]"),
                c("split sizes", new SplitOp(), b -> b.input("x", f32("6")).input("split_sizes", ints(1, 5))
                        .input("axis", TensorValue.scalar(0)), "fp32[1]; fp32[5]"),
                c("stack", new StackOp(), b -> b.input("values", f32("Bx3")).input("values", f32("Bx3"))
                        .input("axis", TensorValue.scalar(-1)), "fp32[B, 3, 2]"),
                c("slice_by_index", SliceByIndexOp.ios15(), b -> b.input("x", f32("10x8")).input("begin", ints(1, 0))
                        .input("end", ints(-1, 8)).input("stride", ints(2, 3)), "fp32[4, 3]"),
                c("slice_by_index masks", SliceByIndexOp.ios15(), b -> b.input("x", f32("Bx8x4"))
                        .input("begin", ints(0, 2, 1)).input("end", ints(0, 0, 0))
                        .input("begin_mask", TensorValue.ofBools(dev.mil4j.core.types.Shape.of(3), true, false, false))
                        .input("end_mask", TensorValue.ofBools(dev.mil4j.core.types.Shape.of(3), true, true, false))
                        .input("squeeze_mask", TensorValue.ofBools(dev.mil4j.core.types.Shape.of(3), false, false,
                                true)), "fp32[B, 6]"),
                c("slice_by_index symbolic bound", SliceByIndexOp.ios15(), b -> b.input("x", f32("S"))
                        .input("begin", ints(1)).input("end", ints(-1)), "fp32[slice_S_1_m1_1]"),
                c("slice_by_size", SliceBySizeOp.ios15(), b -> b.input("x", f32("Bx8")).input("begin", ints(0, 2))
                        .input("size", ints(-1, 3)), "fp32[B, 3]"),
                c("gather", GatherOp.ios15(), b -> b.input("x", f32("Bx5x7")).input("indices", t(DType.INT32, "2x3"))
                        .input("axis", TensorValue.scalar(1)), "fp32[B, 2, 3, 7]"),
                c("gather batch_dims (iOS16)", GatherOp.ios16(), b -> b.input("x", f32("Bx5x7"))
                        .input("indices", t(DType.INT16, "Bx3")).input("axis", TensorValue.scalar(1))
                        .input("batch_dims", TensorValue.scalar(1)), "fp32[B, 3, 7]"),
                c("gather scalar index", GatherOp.ios17(), b -> b.input("x", f32("5"))
                        .input("indices", t(DType.INT32, "")), "fp32[]"),
                c("gather_along_axis", GatherAlongAxisOp.ios15(), b -> b.input("x", f32("Bx5"))
                        .input("indices", t(DType.INT32, "Bx2")).input("axis", TensorValue.scalar(1)), "fp32[B, 2]"),
                c("scatter", ScatterOp.ios15(), b -> b.input("data", f32("5x3")).input("indices", t(DType.INT32, "2"))
                        .input("updates", f32("2x3")), "fp32[5, 3]"),
                c("scatter_along_axis", ScatterAlongAxisOp.ios17(), b -> b.input("data", f32("5x3"))
                        .input("indices", t(DType.INT32, "2x3")).input("updates", f32("2x3"))
                        .input("mode", TensorValue.scalar("update")), "fp32[5, 3]"),
                c("tile", new TileOp(), b -> b.input("x", f32("Bx3")).input("reps", ints(2, 1)), "fp32[B_x_2, 3]"),
                c("pad", new PadOp(), b -> b.input("x", f32("1xHx4")).input("pad", ints(1, 2, 0, 3)),
                        "fp32[1, H_plus_3, 7]"),
                c("topk", TopkOp.ios15(), b -> b.input("x", f32("Bx10")).input("k", TensorValue.scalar(3)),
                        "fp32[B, 3]; int32[B, 3]"),
                c("topk values only (iOS16)", TopkOp.ios16(), b -> b.input("x", f32("Bx10"))
                        .input("return_indices", TensorValue.scalar(false)), "fp32[B, 1]"),
                c("topk uint16 indices (iOS17)", TopkOp.ios17(), b -> b.input("x", t(DType.INT8, "4x10"))
                        .input("k", TensorValue.scalar(-1)).input("output_indices_dtype", TensorValue.scalar("uint16")),
                        "int8[4, 10]; uint16[4, 10]"),
                c("argsort", new ArgsortOp(), b -> b.input("x", f32("Bx4")), "int32[B, 4]"),
                c("cumsum", new CumsumOp(), b -> b.input("x", f32("Bx4")).input("axis", TensorValue.scalar(1)),
                        "fp32[B, 4]"),
                c("select broadcast", new SelectOp(), b -> b.input("cond", t(DType.BOOL, "Bx1"))
                        .input("a", f32("1x4")).input("b", f32("")), "fp32[B, 4]"),
                c("non_zero", new NonZeroOp(), b -> b.input("x", f32("Bx3")), "int32[non_zero_count_0, 2]"),
                c("one_hot", new OneHotOp(), b -> b.input("indices", t(DType.INT32, "B"))
                        .input("one_hot_vector_size", TensorValue.scalar(5)), "int32[B, 5]"),
                c("one_hot axis float", new OneHotOp(), b -> b.input("indices", t(DType.INT32, "B"))
                        .input("one_hot_vector_size", TensorValue.scalar(5)).input("axis", TensorValue.scalar(0))
                        .input("on_value", TensorValue.scalar(1f)).input("off_value", TensorValue.scalar(0f)),
                        "fp32[5, B]"),
                c("band_part", new BandPartOp(), b -> b.input("x", f32("Bx4x4")).input("lower", TensorValue.scalar(0)),
                        "fp32[B, 4, 4]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void infersOutputTypes(String name, OpDef def, UnaryOperator<SimpleInferenceContext.Builder> in,
            String expected) {
        assertThat(Infer.types(def, in)).isEqualTo(expected);
    }
}
