package dev.mil4j.interpreter.npy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.Fp16;
import dev.mil4j.core.value.TensorValue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NpyTest {
    static final Path FIXTURES = TestData.path("torch");

    static Stream<TensorValue> values() {
        return Stream.of(
                TensorValue.ofFloats(Shape.of(2, 3), 1, -2, 3.5f, 0, Float.NaN, 6),
                TensorValue.ofHalfBits(Shape.of(2), Fp16.fromFloat(1.5f), Fp16.fromFloat(-0.25f)),
                TensorValue.ofDoubles(Shape.of(1), Math.PI),
                TensorValue.ofInts(Shape.of(3), 1, -1, Integer.MAX_VALUE),
                TensorValue.ofLongs(Shape.of(1, 1), Long.MIN_VALUE),
                TensorValue.ofBools(Shape.of(2), true, false),
                TensorValue.fromLongs(DType.UINT8, Shape.of(2), 0, 255),
                TensorValue.fromLongs(DType.INT8, Shape.of(2), -128, 127),
                TensorValue.scalar(7f),
                TensorValue.ofFloats(Shape.of(0, 4)));
    }

    @ParameterizedTest
    @MethodSource("values")
    void roundTrips(TensorValue v, @TempDir Path dir) throws IOException {
        Path file = dir.resolve("a.npy");
        Npy.write(file, v);
        byte[] bytes = Files.readAllBytes(file);
        int headerEnd = 10 + ((bytes[8] & 0xff) | (bytes[9] & 0xff) << 8);
        assertThat(headerEnd % 64).isZero();
        assertThat(bytes[headerEnd - 1]).isEqualTo((byte) '\n');
        assertThat(Npy.read(file)).isEqualTo(v);
    }

    @Test
    void writesTheHeaderNumpyWrites() {
        byte[] bytes = Npy.toBytes(TensorValue.ofFloats(Shape.of(3), 1, 2, 3));
        String header = new String(bytes, 10, 118, StandardCharsets.ISO_8859_1);
        assertThat(header).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }").endsWith("\n");
        assertThat(bytes).hasSize(128 + 12);
    }

    static Stream<Arguments> fixtures() throws IOException {
        // MANIFEST.tsv: name, input shapes (;-separated), output shape:dtype pairs
        List<String> lines = Files.readAllLines(FIXTURES.resolve("MANIFEST.tsv"));
        return lines.stream().skip(1).flatMap(line -> {
            String[] f = line.split("\t");
            Stream.Builder<Arguments> out = Stream.builder();
            String[] ins = f[1].split(";");
            for (int i = 0; i < ins.length; i++) {
                out.add(Arguments.of(f[0] + ".input" + i + ".npy", ins[i], "float32"));
            }
            String[] outs = f[2].split(";");
            for (int i = 0; i < outs.length; i++) {
                String[] sd = outs[i].split(":");
                out.add(Arguments.of(f[0] + ".output" + i + ".npy", sd[0], sd[1]));
            }
            return out.build();
        });
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void readsTheTorchFixtures(String file, String shape, String dtype) throws IOException {
        TensorValue v = Npy.read(FIXTURES.resolve(file));
        assertThat(v.shape()).isEqualTo(Shape.parse(shape));
        assertThat(v.dtype()).isEqualTo(dtype.equals("int64") ? DType.INT64 : DType.FP32);
        assertThat(Npy.toBytes(v)).isEqualTo(Files.readAllBytes(FIXTURES.resolve(file)));
    }

    private static byte[] file(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[10 + h.length + dataBytes];
        out[0] = (byte) 0x93;
        System.arraycopy("NUMPY".getBytes(StandardCharsets.ISO_8859_1), 0, out, 1, 5);
        out[6] = 1;
        out[8] = (byte) h.length;
        out[9] = (byte) (h.length >> 8);
        System.arraycopy(h, 0, out, 10, h.length);
        return out;
    }

    /** Column-major files (np.asfortranarray, a transposed array, PyTorch's nonzero) read in row-major order. */
    @Test
    void readsFortranOrderInRowMajorOrder() throws Exception {
        byte[] matrix = file("{'descr': '<i4', 'fortran_order': True, 'shape': (2, 3), }\n", 24);
        int[] columnMajor = {0, 3, 1, 4, 2, 5}; // [[0, 1, 2], [3, 4, 5]] column by column
        ByteBuffer m = ByteBuffer.wrap(matrix, matrix.length - 24, 24).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : columnMajor) {
            m.putInt(v);
        }
        TensorValue t = Npy.parse(matrix, Path.of("m.npy"));
        assertThat(t.shape()).isEqualTo(Shape.of(2, 3));
        assertThat(t.toLongArray()).containsExactly(0, 1, 2, 3, 4, 5);

        byte[] cube = file("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2, 2), }\n", 64);
        double[] stored = {0, 4, 2, 6, 1, 5, 3, 7}; // v[i][j][k] = 4i + 2j + k at i + 2j + 4k
        ByteBuffer c = ByteBuffer.wrap(cube, cube.length - 64, 64).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : stored) {
            c.putDouble(v);
        }
        assertThat(Npy.parse(cube, Path.of("c.npy")).toLongArray()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void rejectsBadFilesWithTheReason() {
        Path src = Path.of("x.npy");
        assertThatThrownBy(() -> Npy.parse("not numpy at all".getBytes(StandardCharsets.ISO_8859_1), src))
                .isInstanceOf(NpyFormatException.class)
                .hasMessage("x.npy does not start with the .npy magic \\x93NUMPY");
        assertThatThrownBy(() -> Npy.parse(file("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }\n", 4),
                src)).hasMessageStartingWith("x.npy has dtype '>f4'; supported are");
        assertThatThrownBy(() -> Npy.parse(file("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n", 4),
                src)).hasMessage("x.npy holds 4 data bytes, but a <f4 array of shape [2] needs 8");
        assertThatThrownBy(() -> Npy.parse(file("{'descr': '<f4', 'shape': (2,), }\n", 8), src))
                .hasMessage("x.npy has header keys [descr, shape]; expected descr, fortran_order and shape");
        assertThatThrownBy(() -> Npy.parse(file("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }\n", 4),
                src)).hasMessage("x.npy has a bad header: it has a bad size in 'shape' at position 51");
        // found by fuzzing: the element count overflowed a long before the size check
        assertThatThrownBy(() -> Npy.parse(file("{'descr': '<f4', 'fortran_order': False, "
                + "'shape': (999999999999999999, 999999999999999999, 99), }\n", 4), src))
                .isInstanceOf(NpyFormatException.class)
                .hasMessageContaining("of more than 2147483647 elements, too many for one tensor");
        byte[] truncated = file("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }\n", 4);
        truncated[8] = (byte) 0xff;
        assertThatThrownBy(() -> Npy.parse(truncated, src)).hasMessageContaining("declares a header of");
    }

    @Test
    void readsSixteenBitIntegersAndWidensUnsigned32And64BitOnes() throws IOException {
        Path src = Path.of("x.npy");
        byte[] i16 = file("{'descr': '<i2', 'fortran_order': False, 'shape': (2,), }\n", 4);
        java.nio.ByteBuffer.wrap(i16, i16.length - 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putShort((short) -3)
                .putShort((short) 7);
        TensorValue a = Npy.parse(i16, src);
        assertThat(a.dtype()).isEqualTo(DType.INT16);
        assertThat(a.toLongArray()).containsExactly(-3, 7);
        byte[] u16 = file("{'descr': '<u2', 'fortran_order': False, 'shape': (1,), }\n", 2);
        u16[u16.length - 2] = (byte) 0xff;
        u16[u16.length - 1] = (byte) 0xff;
        assertThat(Npy.parse(u16, src).toLongArray()).containsExactly(65535);
        byte[] u32 = file("{'descr': '<u4', 'fortran_order': False, 'shape': (1,), }\n", 4);
        java.util.Arrays.fill(u32, u32.length - 4, u32.length, (byte) 0xff);
        TensorValue b = Npy.parse(u32, src);
        assertThat(b.dtype()).isEqualTo(DType.INT64);
        assertThat(b.toLongArray()).containsExactly(4294967295L);
        byte[] u64 = file("{'descr': '<u8', 'fortran_order': False, 'shape': (1,), }\n", 8);
        java.util.Arrays.fill(u64, u64.length - 8, u64.length, (byte) 0xff);
        assertThatThrownBy(() -> Npy.parse(u64, src)).isInstanceOf(NpyFormatException.class)
                .hasMessage("x.npy holds the uint64 value 18446744073709551615 at element 0, above the int64 range "
                        + "it is read into");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aWrittenFileIsReadableByOthersNotOnlyByTheOwnerOfTheTemporary(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("y.npy");
        Npy.write(file, TensorValue.ofFloats(Shape.of(2), new float[] {1, 2}));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
    }
}
