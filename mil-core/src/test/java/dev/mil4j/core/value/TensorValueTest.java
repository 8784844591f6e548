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
}
