package dev.mil4j.core.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import org.junit.jupiter.api.Test;

class TensorFillerTest {
    @Test
    void elementsConvertAsFromDoublesAndFromLongs() {
        double[] doubles = {0.1, -2.7, 65520.0, 1e-8, 300.9};
        long[] longs = {-3, 300, 70000, 1L << 40};
        for (DType d : DType.values()) {
            if (d == DType.STRING) {
                continue;
            }
            TensorFiller f = TensorValue.filler(d, Shape.of(doubles.length));
            for (double v : doubles) {
                f.putDouble(v);
            }
            assertThat(f.build()).as("%s from doubles", d)
                    .isEqualTo(TensorValue.fromDoubles(d, Shape.of(doubles.length), doubles));
            TensorFiller g = TensorValue.filler(d, Shape.of(longs.length));
            for (long v : longs) {
                g.putLong(v);
            }
            assertThat(g.build()).as("%s from longs", d)
                    .isEqualTo(TensorValue.fromLongs(d, Shape.of(longs.length), longs));
        }
    }

    @Test
    void fp16RoundsIntegersTruncateAndBoolIsNonZero() {
        TensorValue half = TensorValue.filler(DType.FP16, Shape.of(2)).putDouble(1.0009766).putDouble(1.00048828125)
                .build();
        assertThat(half.buffer().getShort(0)).isEqualTo((short) 0x3c01);
        assertThat(half.buffer().getShort(2)).isEqualTo((short) 0x3c00); // a tie stays even
        assertThat(TensorValue.filler(DType.INT32, Shape.of(2)).putDouble(-2.7).putDouble(2.7).build().toLongArray())
                .containsExactly(-2, 2);
        assertThat(TensorValue.filler(DType.UINT8, Shape.of(1)).putLong(300).build().getLong(0)).isEqualTo(44);
        TensorValue bools = TensorValue.filler(DType.BOOL, Shape.of(3)).putDouble(0.5).putLong(0).putBoolean(true)
                .build();
        assertThat(bools).isEqualTo(TensorValue.ofBools(Shape.of(3), true, false, true));
        assertThat(TensorValue.filler(DType.FP32, Shape.scalar()).putBoolean(true).build())
                .isEqualTo(TensorValue.scalar(1f));
    }

    @Test
    void storageGrowsPastItsFirstMegabyte() {
        int n = 600_000;
        float[] values = new float[n];
        TensorFiller f = TensorValue.filler(DType.FP32, Shape.of(n / 1000, 1000));
        for (int i = 0; i < n; i++) {
            values[i] = i * 0.25f - 7;
            f.putDouble(values[i]);
        }
        assertThat(f.isFull()).isTrue();
        TensorValue v = f.build();
        assertThat(v).isEqualTo(TensorValue.ofFloats(Shape.of(n / 1000, 1000), values));
        assertThat(v.byteSize()).isEqualTo(4L * n);
    }

    @Test
    void overfillAndUnderfillAreErrors() {
        TensorFiller f = TensorValue.filler(DType.INT32, Shape.of(2)).putLong(1);
        assertThatThrownBy(f::build).isInstanceOf(IllegalStateException.class)
                .hasMessage("int32[2] needs 2 elements, got 1");
        f.putLong(2);
        assertThatThrownBy(() -> f.putLong(3)).isInstanceOf(IllegalStateException.class)
                .hasMessage("int32[2] is full: it holds 2 elements");
        assertThat(f.build().toLongArray()).containsExactly(1, 2);
        assertThatThrownBy(() -> f.putLong(3)).hasMessage("this filler already built its int32[2]");
        assertThatThrownBy(() -> TensorValue.filler(DType.STRING, Shape.of(1)))
                .hasMessage("string tensors are made with ofStrings");
        assertThat(TensorValue.filler(DType.FP32, Shape.of(0)).build().elementCount()).isZero();
    }

    @Test
    void aHugeDeclaredShapeCostsOnlyTheElementsGiven() {
        TensorFiller f = TensorValue.filler(DType.FP32, Shape.of(100_000_000_000L));
        f.putDouble(1).putDouble(2).putDouble(3);
        assertThat(f.count()).isEqualTo(3);
        assertThat(f.size()).isEqualTo(100_000_000_000L);
        assertThatThrownBy(f::build).hasMessage("fp32[100000000000] needs 100000000000 elements, got 3");
    }
}
