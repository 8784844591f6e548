package dev.mil4j.ops.reduction;

import static dev.mil4j.ops.MathTesting.error;
import static dev.mil4j.ops.MathTesting.floats;
import static dev.mil4j.ops.MathTesting.fold;
import static dev.mil4j.ops.MathTesting.ints;
import static dev.mil4j.ops.MathTesting.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReductionOpsTest {
    /** [[1, -2, 3], [4, 5, -6]]. */
    private static final TensorValue X = floats(Shape.of(2, 3), 1, -2, 3, 4, 5, -6);
    private static final TensorType SYMBOLIC = TensorType.of(DType.FP32, Dim.symbol("B"), Dim.of(3), Dim.of(4));

    static Stream<Arguments> folds() {
        return Stream.of(
                arguments("reduce_sum", new double[] {2, 3}, new double[] {5, 3, -3}, 5),
                arguments("reduce_mean", new double[] {2.0 / 3, 1}, new double[] {2.5, 1.5, -1.5}, 5.0 / 6),
                arguments("reduce_max", new double[] {3, 5}, new double[] {4, 5, 3}, 5),
                arguments("reduce_min", new double[] {-2, -6}, new double[] {1, -2, -6}, -6),
                arguments("reduce_prod", new double[] {-6, -120}, new double[] {4, -10, -18}, 720),
                arguments("reduce_l1_norm", new double[] {6, 15}, new double[] {5, 7, 9}, 21),
                arguments("reduce_l2_norm", new double[] {Math.sqrt(14), Math.sqrt(77)},
                        new double[] {Math.sqrt(17), Math.sqrt(29), Math.sqrt(45)}, Math.sqrt(91)),
                arguments("reduce_sum_square", new double[] {14, 77}, new double[] {17, 29, 45}, 91),
                arguments("reduce_log_sum", new double[] {Math.log(2), Math.log(3)},
                        new double[] {Math.log(5), Math.log(3), Double.NaN}, Math.log(5)),
                arguments("reduce_log_sum_exp",
                        new double[] {Math.log(Math.E + Math.exp(-2) + Math.exp(3)),
                                Math.log(Math.exp(4) + Math.exp(5) + Math.exp(-6))},
                        new double[] {Math.log(Math.E + Math.exp(4)), Math.log(Math.exp(-2) + Math.exp(5)),
                                Math.log(Math.exp(3) + Math.exp(-6))},
                        Math.log(Math.E + Math.exp(-2) + Math.exp(3) + Math.exp(4) + Math.exp(5) + Math.exp(-6))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("folds")
    void foldsOverAxes(String op, double[] lastAxis, double[] firstAxisKept, double all) {
        TensorValue rows = fold(op, "x", X, "axes", TensorValue.vector(-1));
        assertThat(rows.shape()).isEqualTo(Shape.of(2));
        assertThat(rows.toDoubleArray()).containsExactly(lastAxis, within(1e-5));
        TensorValue cols = fold(op, "x", X, "axes", TensorValue.vector(0), "keep_dims", TensorValue.scalar(true));
        assertThat(cols.shape()).isEqualTo(Shape.of(1, 3));
        assertThat(cols.toDoubleArray()).containsExactly(firstAxisKept, within(1e-5));
        TensorValue total = fold(op, "x", X);
        assertThat(total.shape()).isEqualTo(Shape.scalar());
        assertThat(total.scalarDouble()).isCloseTo(all, within(1e-4));
    }

    @Test
    void integerReductionsTruncate() {
        assertThat(fold("reduce_mean", "x", ints(1, 2), "axes", TensorValue.vector(0)))
                .isEqualTo(TensorValue.scalar(1));
        assertThat(fold("reduce_sum", "x", ints(1, 2, 4))).isEqualTo(TensorValue.scalar(7));
    }

    @Test
    void infersReducedShapes() {
        assertThat(type("reduce_sum", "x", SYMBOLIC, "axes", TensorValue.vector(1))).isEqualTo("fp32[B, 4]");
        assertThat(type("reduce_max", "x", SYMBOLIC, "axes", TensorValue.vector(-1, 1), "keep_dims",
                TensorValue.scalar(true))).isEqualTo("fp32[B, 1, 1]");
        assertThat(type("reduce_mean", "x", SYMBOLIC)).isEqualTo("fp32[]");
        assertThat(type("reduce_prod", "x", SYMBOLIC, "keep_dims", TensorValue.scalar(true)))
                .isEqualTo("fp32[1, 1, 1]");
    }

    @Test
    void reportsBadAxes() {
        assertThat(error("reduce_sum", "x", SYMBOLIC, "axes", TensorValue.vector(3)))
                .isEqualTo("`reduce_sum` input `axes` holds axis 3, out of range for rank 3 of `x`");
        assertThat(error("reduce_sum", "x", SYMBOLIC, "axes", TensorValue.vector(1, -2)))
                .isEqualTo("`reduce_sum` input `axes` holds axis 1 twice");
        assertThat(error("reduce_sum", "x", SYMBOLIC, "axes", TensorType.of(DType.INT32, 1)))
                .isEqualTo("`reduce_sum` input `axes` must be const");
        assertThat(error("reduce_sum", "x", TensorType.of(DType.BOOL, 2)))
                .isEqualTo("`reduce_sum` input `x` has dtype bool, but type domain T allows only int32, fp16, fp32");
    }

    @Test
    void argReductionsReturnIndices() {
        assertThat(fold("reduce_argmax", "x", X)).isEqualTo(ints(2, 1));
        assertThat(fold("reduce_argmin", "x", X, "axis", TensorValue.scalar(0), "keep_dims", TensorValue.scalar(true)))
                .isEqualTo(TensorValue.ofInts(Shape.of(1, 3), 0, 0, 1));
        assertThat(fold("reduce_argmax", "x", floats(1, 3, 3))).isEqualTo(TensorValue.scalar(1));
        assertThat(fold("reduce_argmax", "x", floats(1, Float.NaN, 3))).isEqualTo(TensorValue.scalar(1));
        assertThat(type("reduce_argmax", "x", SYMBOLIC, "axis", TensorValue.scalar(1))).isEqualTo("int32[B, 4]");
        assertThat(error("reduce_argmax", "x", TensorType.scalar(DType.FP32)))
                .isEqualTo("`reduce_argmax` input `x` must have rank 1 or more, got a scalar");
        assertThat(error("reduce_argmin", "x", SYMBOLIC, "axis", TensorValue.scalar(-4)))
                .isEqualTo("`reduce_argmin` input `axis` is -4, out of range for rank 3 of `x`");
    }

    @Test
    void ios17ArgReductionsTakeAnOutputDtype() {
        assertThat(fold(Opset.IOS17, "reduce_argmax", "x", X, "output_dtype", TensorValue.scalar("uint16")))
                .isEqualTo(TensorValue.fromLongs(DType.UINT16, Shape.of(2), 2, 1));
        assertThat(fold(Opset.IOS17, "reduce_argmin", "x", X).dtype()).isEqualTo(DType.INT32);
        assertThat(error(Opset.IOS17, "reduce_argmax", "x", X, "output_dtype", TensorValue.scalar("int64")))
                .isEqualTo("`reduce_argmax` input `output_dtype` is \"int64\", but must be one of int32, uint16");
        assertThat(error("reduce_argmax", "x", X, "output_dtype", TensorValue.scalar("int32")))
                .startsWith("`reduce_argmax` input `output_dtype` is not an input of `reduce_argmax`");
    }
}
