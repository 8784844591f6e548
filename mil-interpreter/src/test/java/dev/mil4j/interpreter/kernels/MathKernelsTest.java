package dev.mil4j.interpreter.kernels;

import static dev.mil4j.interpreter.KernelTesting.dims;
import static dev.mil4j.interpreter.KernelTesting.floats;
import static dev.mil4j.interpreter.KernelTesting.run;
import static dev.mil4j.interpreter.KernelTesting.unary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.Fp16;
import dev.mil4j.core.value.TensorValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Elementwise, activation, reduction and basic kernels against hand-computed values. */
class MathKernelsTest {

    private static Map<String, TensorValue> xy(TensorValue x, TensorValue y) {
        Map<String, TensorValue> m = new LinkedHashMap<>();
        m.put("x", x);
        m.put("y", y);
        return m;
    }

    @Test
    void addBroadcastsNumpyStyle() {
        TensorValue out = run("add", xy(floats(dims(2, 1), 1, 2), floats(dims(3), 10, 20, 30)), Map.of()).get(0);
        assertThat(out.shape()).isEqualTo(Shape.of(2, 3));
        assertThat(out.toFloatArray()).containsExactly(11, 21, 31, 12, 22, 32);
    }

    @Test
    void fp16ResultsAreRoundedToFp16() {
        TensorValue x = TensorValue.ofHalfBits(Shape.of(1), Fp16.fromFloat(0.1f));
        TensorValue y = TensorValue.ofHalfBits(Shape.of(1), Fp16.fromFloat(3f));
        TensorValue out = run("mul", xy(x, y), Map.of()).get(0);
        assertThat(out.dtype()).isEqualTo(DType.FP16);
        // fp16(0.1) = 0.0999755859375; times 3 = 0.2999267578125, halfway between two fp16s: rounds to even
        assertThat(out.toFloatArray()).containsExactly(0.2998046875f);
    }

    @Test
    void integerArithmeticIsExact() {
        TensorValue a = TensorValue.ofInts(Shape.of(2), 7, -7);
        TensorValue b = TensorValue.ofInts(Shape.of(2), 2, 2);
        assertThat(run("add", xy(a, b), Map.of()).get(0).toIntArray()).containsExactly(9, -5);
        assertThat(run("floor_div", xy(a, b), Map.of()).get(0).toIntArray()).containsExactly(3, -4);
        assertThat(run("mod", xy(a, b), Map.of()).get(0).toIntArray()).containsExactly(1, 1);
    }

    @Test
    void comparisonsAndLogicalOpsGiveBools() {
        TensorValue less = run("less", xy(floats(dims(2), 1, 5), floats(dims(2), 3, 3)), Map.of()).get(0);
        assertThat(less.dtype()).isEqualTo(DType.BOOL);
        assertThat(less.toIntArray()).containsExactly(1, 0);
        TensorValue and = run("logical_and", xy(TensorValue.ofBools(Shape.of(2), true, true),
                TensorValue.ofBools(Shape.of(2), true, false)), Map.of()).get(0);
        assertThat(and.toIntArray()).containsExactly(1, 0);
    }

    @Test
    void unaryOpsAndActivations() {
        TensorValue x = floats(dims(3), -1, 0, 2);
        assertThat(unary("relu", x, Map.of()).toFloatArray()).containsExactly(0, 0, 2);
        assertThat(unary("sigmoid", x, Map.of()).toFloatArray())
                .containsExactly(new float[] {0.26894142f, 0.5f, 0.880797f}, within(1e-6f));
        assertThat(unary("tanh", x, Map.of()).toFloatArray())
                .containsExactly(new float[] {-0.7615942f, 0f, 0.9640276f}, within(1e-6f));
        assertThat(unary("abs", x, Map.of()).toFloatArray()).containsExactly(1, 0, 2);
        assertThat(unary("leaky_relu", x, Map.of("alpha", TensorValue.scalar(0.1f))).toFloatArray())
                .containsExactly(new float[] {-0.1f, 0, 2}, within(1e-7f));
        assertThat(unary("relu6", floats(dims(2), 7, 3), Map.of()).toFloatArray()).containsExactly(6, 3);
        assertThat(unary("exp", floats(dims(1), 1), Map.of()).toFloatArray())
                .containsExactly(new float[] {(float) Math.E}, within(1e-6f));
    }

    @Test
    void softmaxAlongAnAxis() {
        TensorValue out = unary("softmax", floats(dims(2, 3), 1, 2, 3, 0, 0, 0), Map.of("axis",
                TensorValue.scalar(1)));
        assertThat(out.toFloatArray()).containsExactly(new float[] {0.09003057f, 0.24472847f, 0.66524096f,
            1 / 3f, 1 / 3f, 1 / 3f}, within(1e-6f));
    }

    @Test
    void reductions() {
        TensorValue x = floats(dims(2, 3), 1, 2, 3, 4, 5, 6);
        TensorValue sum = unary("reduce_sum", x, Map.of("axes", TensorValue.vector(1),
                "keep_dims", TensorValue.scalar(false)));
        assertThat(sum.shape()).isEqualTo(Shape.of(2));
        assertThat(sum.toFloatArray()).containsExactly(6, 15);
        TensorValue max = unary("reduce_max", x, Map.of("axes", TensorValue.vector(0),
                "keep_dims", TensorValue.scalar(true)));
        assertThat(max.shape()).isEqualTo(Shape.of(1, 3));
        assertThat(max.toFloatArray()).containsExactly(4, 5, 6);
        TensorValue mean = unary("reduce_mean", x, Map.of());
        assertThat(mean.toFloatArray()).containsExactly(3.5f);
        TensorValue arg = unary("reduce_argmax", floats(dims(2, 3), 1, 9, 3, 7, 5, 6), Map.of("axis",
                TensorValue.scalar(1)));
        assertThat(arg.dtype()).isEqualTo(DType.INT32);
        assertThat(arg.toIntArray()).containsExactly(1, 0);
    }

    @Test
    void basicOps() {
        TensorValue cast = unary("cast", floats(dims(2), 1.7f, -1.7f), Map.of("dtype", TensorValue.scalar("int32")));
        assertThat(cast.dtype()).isEqualTo(DType.INT32);
        assertThat(cast.toIntArray()).containsExactly(1, -1);
        TensorValue shape = unary("shape", floats(dims(2, 3), 1, 2, 3, 4, 5, 6), Map.of());
        assertThat(shape.toIntArray()).containsExactly(2, 3);
        TensorValue fill = run("fill", Map.of("shape", TensorValue.vector(2, 2)),
                Map.of("value", TensorValue.scalar(7f))).get(0);
        assertThat(fill.shape()).isEqualTo(Shape.of(2, 2));
        assertThat(fill.toFloatArray()).containsExactly(7, 7, 7, 7);
        Map<String, TensorValue> range = new LinkedHashMap<>();
        range.put("end", TensorValue.scalar(6));
        range.put("start", TensorValue.scalar(1));
        range.put("step", TensorValue.scalar(2));
        List<TensorValue> r = run("range_1d", range, Map.of());
        assertThat(r.get(0).toIntArray()).containsExactly(1, 3, 5);
    }
}
