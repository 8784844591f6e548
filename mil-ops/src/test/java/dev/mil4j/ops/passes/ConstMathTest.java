package dev.mil4j.ops.passes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConstMathTest {
    /** Transposes keep every element's bits (NaN payloads, int64 beyond 2^53), on shapes that are not whole tiles. */
    @ParameterizedTest
    @CsvSource({"fp32, 33, 70", "fp16, 64, 32", "int64, 5, 3", "int8, 1, 97", "fp64, 40, 1", "int32, 0, 4"})
    void transposeKeepsEachElementsBits(String dtype, int rows, int cols) {
        DType d = DType.fromMilName(dtype).orElseThrow();
        SplittableRandom random = new SplittableRandom(rows * 131L + cols);
        byte[] bytes = new byte[rows * cols * d.byteSize()];
        random.nextBytes(bytes);
        TensorValue m = TensorValue.wrap(d, Shape.of(rows, cols), java.nio.ByteBuffer.wrap(bytes));
        TensorValue t = ConstMath.transpose2d(m);
        assertThat(t.shape()).isEqualTo(Shape.of(cols, rows));
        assertThat(t.dtype()).isEqualTo(d);
        int size = d.byteSize();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                for (int k = 0; k < size; k++) {
                    assertThat(t.buffer().get((c * rows + r) * size + k)).as("element [%d, %d]", r, c)
                            .isEqualTo(m.buffer().get((r * cols + c) * size + k));
                }
            }
        }
        assertThat(ConstMath.transpose2d(t)).isEqualTo(m);
    }
}
