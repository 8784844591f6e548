package dev.mil4j.core.value;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import org.junit.jupiter.api.Test;

/** A large cast result lives in a mapped temporary file, not on the heap, and holds the same values. */
class LargeBuffersTest {
    @Test
    void aLargeFp16CastIsOffHeapAndEqualToTheHeapOne() {
        float[] v = new float[1000];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i - 500) / 7f;
        }
        TensorValue x = TensorValue.ofFloats(Shape.of(10, 100), v);
        TensorValue onHeap = x.cast(DType.FP16);
        String old = System.getProperty("mil4j.offHeapBytes");
        System.setProperty("mil4j.offHeapBytes", "1024");
        try {
            TensorValue offHeap = x.cast(DType.FP16);
            assertThat(offHeap.buffer().isDirect()).isTrue();
            assertThat(onHeap.buffer().isDirect()).isFalse();
            assertThat(offHeap).isEqualTo(onHeap);
            assertThat(offHeap.cast(DType.FP32).toFloatArray()).containsExactly(onHeap.cast(DType.FP32)
                    .toFloatArray());
        } finally {
            if (old == null) {
                System.clearProperty("mil4j.offHeapBytes");
            } else {
                System.setProperty("mil4j.offHeapBytes", old);
            }
        }
    }
}
