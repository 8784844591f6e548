package dev.mil4j.interpreter.kernels;

import static dev.mil4j.interpreter.KernelTesting.dims;
import static dev.mil4j.interpreter.KernelTesting.floats;
import static dev.mil4j.interpreter.KernelTesting.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code scaled_dot_product_attention} against hand-computed attention. */
class AttentionKernelsTest {

    private static Map<String, TensorValue> qkv() {
        Map<String, TensorValue> in = new LinkedHashMap<>();
        // one batch, L = 2 queries, S = 2 keys, E = 4: scores q.k / 2
        in.put("query", floats(dims(1, 2, 4), 1, 0, 0, 0, 0, 2, 0, 0));
        in.put("key", floats(dims(1, 2, 4), 2, 0, 0, 0, 0, 1, 0, 0));
        in.put("value", floats(dims(1, 2, 1), 10, 20));
        return in;
    }

    @Test
    void softmaxOfScaledScoresWeighsTheValues() {
        TensorValue out = run("scaled_dot_product_attention", Opset.IOS18, qkv(), Map.of()).get(0);
        assertThat(out.shape()).isEqualTo(Shape.of(1, 2, 1));
        // query 0: scores (1, 0): weights (e, 1) / (e + 1); query 1: scores (0, 1): weights (1, e) / (1 + e)
        double e = Math.E;
        float[] o = out.toFloatArray();
        assertThat(o[0]).isCloseTo((float) ((10 * e + 20) / (e + 1)), within(1e-4f));
        assertThat(o[1]).isCloseTo((float) ((10 + 20 * e) / (e + 1)), within(1e-4f));
    }

    @Test
    void aBoolMaskDropsScoresAndAFloatMaskIsAdded() {
        Map<String, TensorValue> in = qkv();
        in.put("attn_mask", TensorValue.ofBools(Shape.of(2, 2), true, false, true, true));
        float[] bool = run("scaled_dot_product_attention", Opset.IOS18, in, Map.of()).get(0).toFloatArray();
        assertThat(bool[0]).isEqualTo(10f);
        assertThat(bool[1]).isCloseTo((float) ((10 + 20 * Math.E) / (Math.E + 1)), within(1e-4f));

        in.put("attn_mask", floats(dims(2), 0, 1));
        float[] added = run("scaled_dot_product_attention", Opset.IOS18, in, Map.of()).get(0).toFloatArray();
        // query 0 now scores (1, 1): equal weights
        assertThat(added[0]).isCloseTo(15f, within(1e-4f));
    }
}
