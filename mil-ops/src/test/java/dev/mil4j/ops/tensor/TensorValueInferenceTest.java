package dev.mil4j.ops.tensor;

import static dev.mil4j.core.op.Opset.IOS15;
import static dev.mil4j.core.op.Opset.IOS16;
import static dev.mil4j.core.op.Opset.IOS17;
import static dev.mil4j.ops.tensor.Infer.f32;
import static dev.mil4j.ops.tensor.Infer.floats;
import static dev.mil4j.ops.tensor.Infer.ints;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.SimpleInferenceContext;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Folded values of the tensor ops, against hand-computed results. */
class TensorValueInferenceTest {
    private static final TensorValue M23 = floats("2x3", 1, 2, 3, 4, 5, 6);

    private static Arguments c(String name, OpDef def, UnaryOperator<SimpleInferenceContext.Builder> in,
            String expected) {
        return Arguments.of(name, def, in, expected);
    }

    private static TensorValue ints2(String shape, int... v) {
        return TensorValue.ofInts(Shape.parse(shape), v);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                c("reshape", ReshapeOp.ios15(), b -> b.input("x", M23).input("shape", ints(3, -1)),
                        "fp32[3, 2] [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]"),
                c("transpose", TransposeOp.ios15(), b -> b.input("x", M23).input("perm", ints(1, 0)),
                        "fp32[3, 2] [1.0, 4.0, 2.0, 5.0, 3.0, 6.0]"),
                c("squeeze", SqueezeOp.ios17(), b -> b.input("x", floats("1x2", 7, 8)), "fp32[2] [7.0, 8.0]"),
                c("expand_dims", ExpandDimsOp.ios15(), b -> b.input("x", ints(4)).input("axes", ints(0)),
                        "int32[1, 1] [4]"),
                c("flatten2d", new Flatten2dOp(), b -> b.input("x", M23).input("axis", TensorValue.scalar(0)),
                        "fp32[1, 6] [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]"),
                c("concat shape vector", new ConcatOp(), b -> b.input("values", ints(2)).input("values", ints(-1, 5))
                        .input("axis", TensorValue.scalar(0)), "int32[3] [2, -1, 5]"),
                c("concat axis 1", new ConcatOp(), b -> b.input("values", M23).input("values", floats("2x1", 9, 10))
                        .input("axis", TensorValue.scalar(1)),
                        "fp32[2, 4] [1.0, 2.0, 3.0, 9.0, 4.0, 5.0, 6.0, 10.0]"),
                c("concat interleave", new ConcatOp(), b -> b.input("values", ints(1, 2)).input("values", ints(3, 4))
                        .input("axis", TensorValue.scalar(0)).input("interleave", TensorValue.scalar(true)),
                        "int32[4] [1, 3, 2, 4]"),
                c("split", new SplitOp(), b -> b.input("x", M23).input("split_sizes", ints(2, 1))
                        .input("axis", TensorValue.scalar(1)),
                        "fp32[2, 2] [1.0, 2.0, 4.0, 5.0]; fp32[2, 1] [3.0, 6.0]"),
                c("stack scalars", new StackOp(), b -> b.input("values", TensorValue.scalar(3))
                        .input("values", TensorValue.scalar(4)).input("axis", TensorValue.scalar(0)),
                        "int32[2] [3, 4]"),
                c("stack axis 1", new StackOp(), b -> b.input("values", ints(1, 2)).input("values", ints(3, 4))
                        .input("axis", TensorValue.scalar(1)), "int32[2, 2] [1, 3, 2, 4]"),
                c("slice_by_index shape[-1:]", SliceByIndexOp.ios15(), b -> b.input("x", ints(2, 3, 4))
                        .input("begin", ints(-1)).input("end", ints(0))
                        .input("end_mask", TensorValue.ofBools(Shape.of(1), true)), "int32[1] [4]"),
                c("slice_by_index squeeze", SliceByIndexOp.ios15(), b -> b.input("x", ints(2, 3, 4))
                        .input("begin", ints(1)).input("end", ints(2))
                        .input("squeeze_mask", TensorValue.ofBools(Shape.of(1), true)), "int32[] [3]"),
                c("slice_by_index reverse", SliceByIndexOp.ios17(), b -> b.input("x", ints(1, 2, 3, 4))
                        .input("begin", ints(0)).input("end", ints(0)).input("stride", ints(-2))
                        .input("begin_mask", TensorValue.ofBools(Shape.of(1), true))
                        .input("end_mask", TensorValue.ofBools(Shape.of(1), true)), "int32[2] [4, 2]"),
                c("slice_by_size", SliceBySizeOp.ios15(), b -> b.input("x", M23).input("begin", ints(1, 1))
                        .input("size", ints(1, -1)), "fp32[1, 2] [5.0, 6.0]"),
                c("gather shape dim", GatherOp.ios15(), b -> b.input("x", ints(2, 3, 4))
                        .input("indices", ints(-1, 0)), "int32[2] [4, 2]"),
                c("gather axis 1", GatherOp.ios16(), b -> b.input("x", M23)
                        .input("indices", TensorValue.scalar(2)).input("axis", TensorValue.scalar(1)),
                        "fp32[2] [3.0, 6.0]"),
                c("gather batch_dims", GatherOp.ios16(), b -> b.input("x", M23).input("indices", ints2("2x1", 0, 2))
                        .input("axis", TensorValue.scalar(1)).input("batch_dims", TensorValue.scalar(1)),
                        "fp32[2, 1] [1.0, 6.0]"),
                c("gather_along_axis", GatherAlongAxisOp.ios15(), b -> b.input("x", M23)
                        .input("indices", ints2("2x1", 2, 0)).input("axis", TensorValue.scalar(1)),
                        "fp32[2, 1] [3.0, 4.0]"),
                c("tile", new TileOp(), b -> b.input("x", ints(1, 2)).input("reps", ints(3)),
                        "int32[6] [1, 2, 1, 2, 1, 2]"),
                c("pad constant", new PadOp(), b -> b.input("x", floats("2", 1, 2)).input("pad", ints(1, 2))
                        .input("constant_val", TensorValue.scalar(9f)), "fp32[5] [9.0, 1.0, 2.0, 9.0, 9.0]"),
                c("pad reflect", new PadOp(), b -> b.input("x", floats("3", 1, 2, 3)).input("pad", ints(2, 1))
                        .input("mode", TensorValue.scalar("reflect")), "fp32[6] [3.0, 2.0, 1.0, 2.0, 3.0, 2.0]"),
                c("pad replicate 2-d", new PadOp(), b -> b.input("x", floats("2x2", 1, 2, 3, 4))
                        .input("pad", ints(0, 1)).input("mode", TensorValue.scalar("replicate")),
                        "fp32[2, 3] [1.0, 2.0, 2.0, 3.0, 4.0, 4.0]"),
                c("topk", TopkOp.ios15(), b -> b.input("x", floats("5", 3, 1, 4, 1, 5))
                        .input("k", TensorValue.scalar(2)), "fp32[2] [5.0, 4.0]; int32[2] [4, 2]"),
                c("topk ascending ties", TopkOp.ios16(), b -> b.input("x", floats("5", 3, 1, 4, 1, 5))
                        .input("k", TensorValue.scalar(3)).input("ascending", TensorValue.scalar(true)),
                        "fp32[3] [1.0, 1.0, 3.0]; int32[3] [1, 3, 0]"),
                c("argsort axis 0", new ArgsortOp(), b -> b.input("x", M23).input("axis", TensorValue.scalar(0)),
                        "int32[2, 3] [1, 1, 1, 0, 0, 0]"),
                c("cumsum", new CumsumOp(), b -> b.input("x", ints(1, 2, 3)), "int32[3] [1, 3, 6]"),
                c("cumsum exclusive reverse", new CumsumOp(), b -> b.input("x", M23).input("axis", TensorValue.scalar(1))
                        .input("exclusive", TensorValue.scalar(true)).input("reverse", TensorValue.scalar(true)),
                        "fp32[2, 3] [5.0, 3.0, 0.0, 11.0, 6.0, 0.0]"),
                c("select", new SelectOp(), b -> b.input("cond", TensorValue.ofBools(Shape.of(2, 1), true, false))
                        .input("a", M23).input("b", TensorValue.scalar(0f)),
                        "fp32[2, 3] [1.0, 2.0, 3.0, 0.0, 0.0, 0.0]"),
                c("non_zero", new NonZeroOp(), b -> b.input("x", floats("2x2", 0, 1, 2, 0)),
                        "int32[2, 2] [0, 1, 1, 0]"),
                c("band_part lower", new BandPartOp(), b -> b.input("x", floats("2x2", 1, 2, 3, 4))
                        .input("upper", TensorValue.scalar(0)), "fp32[2, 2] [1.0, 0.0, 3.0, 4.0]"),
                c("no fold without const x", TransposeOp.ios15(), b -> b.input("x", f32("2x3"))
                        .input("perm", ints(1, 0)), "none"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void foldsConstants(String name, OpDef def, UnaryOperator<SimpleInferenceContext.Builder> in, String expected) {
        assertThat(Infer.values(def, in)).isEqualTo(expected);
    }
}
