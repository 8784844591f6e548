package dev.mil4j.core.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class TensorValueTest {
    @Test
    void fp16ConversionRoundsToNearestEven() {
        assertThat(Fp16.fromFloat(1.0f)).isEqualTo((short) 0x3c00);
        assertThat(Fp16.fromFloat(-2.0f)).isEqualTo((short) 0xc000);
        assertThat(Fp16.fromFloat(65504f)).isEqualTo((short) 0x7bff);
        assertThat(Fp16.fromFloat(65520f)).isEqualTo((short) 0x7c00); // rounds up to infinity
        assertThat(Fp16.fromFloat(1f / 3)).isEqualTo((short) 0x3555);
        assertThat(Fp16.fromFloat(5.9604645e-8f)).isEqualTo((short) 0x0001); // smallest subnormal
        assertThat(Fp16.fromFloat(2.9802322e-8f)).isEqualTo((short) 0x0000); // tie to even: zero
        assertThat(Fp16.fromFloat(1.0009766f)).isEqualTo((short) 0x3c01);
        assertThat(Fp16.fromFloat(1.00048828125f)).isEqualTo((short) 0x3c00); // exact tie, even stays
        assertThat(Float.isNaN(Fp16.toFloat(Fp16.fromFloat(Float.NaN)))).isTrue();
        for (int bits = 0; bits < 0x10000; bits++) {
            float f = Fp16.toFloat((short) bits);
            if (!Float.isNaN(f)) {
                assertThat(Fp16.fromFloat(f)).as("bits %04x", bits).isEqualTo((short) bits);
            }
        }
    }

    @Test
    void valuesAreCompactAndCompareByContent() {
        TensorValue a = TensorValue.ofFloats(Shape.of(2, 2), 1, 2, 3, 4);
        TensorValue b = TensorValue.fromDoubles(DType.FP32, Shape.of(2, 2), 1, 2, 3, 4);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.byteSize()).isEqualTo(16);
        assertThat(a.getDouble(3)).isEqualTo(4.0);
        assertThat(a.reshape(Shape.of(4))).isNotEqualTo(a);
        assertThat(a.cast(DType.FP16).buffer().getShort(2)).isEqualTo((short) 0x4000);
        assertThat(a.cast(DType.INT32).toIntArray()).containsExactly(1, 2, 3, 4);
        assertThat(TensorValue.fromLongs(DType.UINT8, Shape.of(2), 255, 7).toLongArray()).containsExactly(255, 7);
        assertThat(TensorValue.ofStrings(Shape.of(2), "a", "b")).hasToString("string[2] [\"a\", \"b\"]");
        assertThatThrownBy(() -> TensorValue.ofFloats(Shape.of(3), 1, 2)).hasMessage("2 values do not fill shape [3]");
    }

    @Test
    void wrapIsAViewWithoutCopy() {
        ByteBuffer big = ByteBuffer.allocateDirect(64).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 16; i++) {
            big.putFloat(i * 4, i);
        }
        TensorValue v = TensorValue.wrap(DType.FP32, Shape.of(2, 2), big.slice(16, 16));
        assertThat(v.toFloatArray()).containsExactly(4, 5, 6, 7);
        big.putFloat(16, 42); // a view: the caller promised not to do this, but it shows there is no copy
        assertThat(v.getDouble(0)).isEqualTo(42);
        assertThatThrownBy(() -> TensorValue.wrap(DType.FP32, Shape.of(3), big.slice(0, 8)))
                .hasMessage("a fp32[3] constant needs 12 bytes, got 8");
    }

    /** Casts between float dtypes round each element as the scalar conversions do, whatever the path taken. */
    @Test
    void floatCastsRoundEachElementLikeTheScalarConversions() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        float[] values = new float[4099];
        for (int i = 0; i < values.length; i++) {
            values[i] = Float.intBitsToFloat(random.nextInt()); // every exponent: subnormals, huge, inf, NaN
        }
        values[0] = 65520f;
        values[1] = -0f;
        values[2] = Float.NaN;
        TensorValue fp32 = TensorValue.ofFloats(Shape.of(values.length), values);
        TensorValue fp16 = fp32.cast(DType.FP16);
        TensorValue fp64 = fp32.cast(DType.FP64);
        TensorValue back = fp16.cast(DType.FP32);
        for (int i = 0; i < values.length; i++) {
            short half = Fp16.fromFloat(values[i]);
            assertThat(fp16.buffer().getShort(2 * i)).as("fp16 of %s", values[i]).isEqualTo(half);
            assertThat(Float.floatToIntBits(back.buffer().getFloat(4 * i))).as("fp32 of fp16 bits %04x", half)
                    .isEqualTo(Float.floatToIntBits(Fp16.toFloat(half)));
            assertThat(Double.doubleToLongBits(fp64.getDouble(i))).isEqualTo(Double.doubleToLongBits(values[i]));
        }
        assertThat(fp64.cast(DType.FP16)).isEqualTo(fp16);
        assertThat(fp16.shape()).isEqualTo(fp32.shape());
    }

    /**
     * fp16 rounding is to nearest, ties to even, checked against the definition for floats of every exponent (a
     * sixteen-millionth sample of all floats): no neighbour of the result is nearer, and a tie leaves an even result.
     */
    @Test
    void fp16RoundingIsNearestEvenAcrossAllFloats() {
        long checked = 0;
        for (long bits = 0; bits <= 0xffffffffL; bits += 251) {
            float f = Float.intBitsToFloat((int) bits);
            short h = Fp16.fromFloat(f);
            String wrong = fp16RoundingError(f, h);
            if (wrong != null) {
                org.assertj.core.api.Assertions.fail("%s -> %04x: %s", f, h & 0xffff, wrong);
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(17_000_000L);
    }

    /** Why {@code h} is not {@code f} rounded to fp16, nearest even; null when it is. */
    private static String fp16RoundingError(float f, short h) {
        if (Float.isNaN(f)) {
            return Float.isNaN(Fp16.toFloat(h)) ? null : "NaN became a number";
        }
        if ((h & 0x8000) != ((Float.floatToRawIntBits(f) >>> 16) & 0x8000)) {
            return "the sign changed";
        }
        double x = Math.abs((double) f);
        int mag = h & 0x7fff;
        if (x >= 65520) {
            return mag == 0x7c00 ? null : "should overflow to infinity";
        }
        if (mag >= 0x7c00) {
            return "should be finite";
        }
        double d = Math.abs(Fp16.toFloat((short) mag) - x);
        double below = mag == 0 ? Double.MAX_VALUE : Math.abs(Fp16.toFloat((short) (mag - 1)) - x);
        double above = mag == 0x7bff ? Math.abs(65536 - x) : Math.abs(Fp16.toFloat((short) (mag + 1)) - x);
        if (d > below || d > above) {
            return "a neighbour is nearer";
        }
        if ((d == below || d == above) && (mag & 1) != 0) {
            return "a tie should go to the even neighbour";
        }
        return null;
    }
}
