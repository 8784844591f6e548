package dev.mil4j.core.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Fp16ArraysTest {
    @Test
    void agreesWithFromFloatOnEveryExponentAndTheRoundingBoundaries() {
        // every sign and exponent, with the mantissas around fp16's rounding points (the 13 dropped bits at
        // 0, half - 1, half, half + 1, all ones; odd and even kept bits) and at the ends
        int[] mantissas = {0, 1, 0x0fff, 0x1000, 0x1001, 0x1fff, 0x2000, 0x2fff, 0x3000, 0x3001, 0x7fffff, 0x7fe000,
            0x7ff000, 0x7fefff, 0x400000, 0x3ff000, 0x000fff};
        float[] in = new float[2 * 256 * mantissas.length];
        short[] expected = new short[in.length];
        int n = 0;
        for (int sign = 0; sign < 2; sign++) {
            for (int exp = 0; exp < 256; exp++) {
                for (int m : mantissas) {
                    in[n] = Float.intBitsToFloat(sign << 31 | exp << 23 | m);
                    expected[n++] = Fp16.fromFloat(in[n - 1]);
                }
            }
        }
        short[] out = new short[n];
        Fp16Arrays.convert(in, out, n);
        assertThat(out).isEqualTo(expected);
    }

    @Test
    void agreesWithFromFloatOnRandomBits() {
        SplittableRandom random = new SplittableRandom(21);
        int n = 2_000_000;
        float[] in = new float[n];
        short[] expected = new short[n];
        for (int i = 0; i < n; i++) {
            in[i] = Float.intBitsToFloat(random.nextInt());
            expected[i] = Fp16.fromFloat(in[i]);
        }
        short[] out = new short[n];
        Fp16Arrays.convert(in, out, n);
        assertThat(out).isEqualTo(expected);
    }

    @Test
    void convertsWholeBuffersFromTheirPositionsAcrossChunksAndCores() {
        int n = Fp16Arrays.PARALLEL_MIN + Fp16Arrays.CHUNK / 2 + 3; // parallel, with a partial last chunk
        FloatBuffer src = ByteBuffer.allocate(4 * (n + 5)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < n + 5; i++) {
            src.put(i, (float) random.nextGaussian() * 1000f);
        }
        ShortBuffer dst = ByteBuffer.allocate(2 * (n + 2)).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        src.position(5);
        dst.position(2);
        Fp16Arrays.fromFloats(src, dst);
        assertThat(src.position()).isEqualTo(5);
        short[] expected = new short[n + 2];
        for (int i = 0; i < n; i++) {
            expected[2 + i] = Fp16.fromFloat(src.get(5 + i));
        }
        short[] actual = new short[n + 2];
        dst.get(0, actual);
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void refusesAnOutputThatIsTooSmall() {
        assertThatThrownBy(() -> Fp16Arrays.fromFloats(FloatBuffer.allocate(4), ShortBuffer.allocate(3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 floats");
    }

    @Test
    void tellsWhetherEveryFiniteValueFitsFp16AndConvertsAllTheSame() {
        int n = Fp16Arrays.PARALLEL_MIN + 7;
        FloatBuffer big = FloatBuffer.allocate(n);
        ShortBuffer out = ShortBuffer.allocate(n);
        assertThat(Fp16Arrays.fromFloats(big, out)).isTrue();
        big.put(n - 1, 65504f);
        big.put(3, Float.NEGATIVE_INFINITY);
        big.put(4, Float.NaN);
        assertThat(Fp16Arrays.fromFloats(big, out)).isTrue();
        big.put(5, -65505f);
        big.put(n - 2, 2f);
        assertThat(Fp16Arrays.fromFloats(big, out)).isFalse();
        assertThat(out.get(n - 2)).isEqualTo(Fp16.fromFloat(2f)); // converted after the first out-of-range value
        assertThat(out.get(5)).isEqualTo(Fp16.fromFloat(-65505f));
        assertThat(Fp16Arrays.fromFloats(FloatBuffer.wrap(new float[] {1f, 70000f}), ShortBuffer.allocate(2)))
                .isFalse();
        assertThat(Fp16Arrays.fromFloats(FloatBuffer.wrap(new float[] {70000f, 1f}).position(1), ShortBuffer.allocate(1)))
                .isTrue();
    }
}
