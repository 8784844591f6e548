package dev.mil4j.ops.constexpr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PackedBitsTest {
    @Test
    void packsLeastSignificantBitsFirst() {
        // 2-bit elements 3, 2, 1, 0 fill one byte from its low bits: 0b00_01_10_11
        ByteBuffer packed = PackedBits.pack(ByteBuffer.wrap(new byte[] {3, 2, 1, 0, 1}), 2);
        assertThat(packed.array()).containsExactly((byte) 0x1b, (byte) 0x01);
        // 3-bit elements straddle bytes: 5 | 6 << 3 | 7 << 6 = 0x1f5
        assertThat(PackedBits.pack(ByteBuffer.wrap(new byte[] {5, 6, 7}), 3).array())
                .containsExactly((byte) 0xf5, (byte) 0x01);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 6, 8})
    void unpacksWhatItPacks(int bits) {
        byte[] values = new byte[101];
        Random random = new Random(bits);
        for (int i = 0; i < values.length; i++) {
            values[i] = (byte) random.nextInt(1 << bits);
        }
        ByteBuffer packed = PackedBits.pack(ByteBuffer.wrap(values), bits);
        assertThat(packed.remaining()).isEqualTo((int) PackedBits.packedSize(values.length, bits));
        assertThat(PackedBits.unpack(packed, values.length, bits, false).array()).isEqualTo(values);
    }

    @Test
    void signExtendsSignedElements() {
        ByteBuffer packed = PackedBits.pack(ByteBuffer.wrap(new byte[] {-8, 7, -1}), 4);
        assertThat(PackedBits.unpack(packed, 3, 4, true).array()).containsExactly(-8, 7, -1);
    }
}
