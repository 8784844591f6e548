package dev.mil4j.spec.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.spec.ModelFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobFileTest {
    @TempDir
    Path dir;

    /** fp16 bit patterns: 1.0, -2.0, 65504 (max), smallest subnormal, NaN. */
    private static final short[] HALVES = {0x3C00, (short) 0xC000, 0x7BFF, 0x0001, 0x7E00};

    private Path writeSample() throws IOException {
        Path file = dir.resolve("weight.bin");
        ByteBuffer halves = ByteBuffer.allocate(HALVES.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short h : HALVES) {
            halves.putShort(h);
        }
        halves.flip();
        ByteBuffer floats = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-0.25f).flip();
        try (BlobFileWriter writer = BlobFileWriter.create(file)) {
            assertThat(writer.write(BlobDataType.FLOAT16, halves)).isEqualTo(64);
            assertThat(writer.write(BlobDataType.FLOAT32, floats)).isEqualTo(192);
            assertThat(writer.write(BlobDataType.INT8, ByteBuffer.wrap(new byte[] {-1, 2, 3}))).isEqualTo(320);
            assertThat(halves.remaining()).as("caller's buffer untouched").isEqualTo(10);
            writer.finish();
        }
        return file;
    }

    @Test
    void writtenFileHasTheExactLayout() throws IOException {
        byte[] bytes = Files.readAllBytes(writeSample());

        assertThat(bytes).hasSize(320 + 64 + 3);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        // header: count 3, version 2, zeros
        assertThat(b.getInt(0)).isEqualTo(3);
        assertThat(b.getInt(4)).isEqualTo(2);
        assertThat(Arrays.copyOfRange(bytes, 8, 64)).containsOnly(0);
        // first record at 64, data at 128
        assertMetadata(b, bytes, 64, 1, 10, 128);
        for (int i = 0; i < HALVES.length; i++) {
            assertThat(b.getShort(128 + 2 * i)).as("fp16 #%d bit-exact", i).isEqualTo(HALVES[i]);
        }
        assertThat(Arrays.copyOfRange(bytes, 138, 192)).as("padding").containsOnly(0);
        assertMetadata(b, bytes, 192, 2, 8, 256);
        assertThat(b.getFloat(256)).isEqualTo(1.5f);
        assertThat(b.getFloat(260)).isEqualTo(-0.25f);
        assertThat(Arrays.copyOfRange(bytes, 264, 320)).containsOnly(0);
        assertMetadata(b, bytes, 320, 4, 3, 384);
        assertThat(Arrays.copyOfRange(bytes, 384, 387)).containsExactly(-1, 2, 3);
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temporary file left").containsExactly(dir.resolve("weight.bin"));
        }
    }

    private static void assertMetadata(ByteBuffer b, byte[] bytes, int at, int code, long size, long dataOffset) {
        assertThat(bytes[at] & 0xFF).isEqualTo(0xEF);
        assertThat(bytes[at + 3] & 0xFF).isEqualTo(0xDE);
        assertThat(b.getInt(at)).isEqualTo(0xDEADBEEF);
        assertThat(b.getInt(at + 4)).isEqualTo(code);
        assertThat(b.getLong(at + 8)).isEqualTo(size);
        assertThat(b.getLong(at + 16)).isEqualTo(dataOffset);
        assertThat(Arrays.copyOfRange(bytes, at + 24, at + 64)).containsOnly(0);
    }

    @Test
    void readsBackWhatWasWritten() throws IOException {
        try (BlobFile file = BlobFile.open(writeSample())) {
            assertThat(file.blobCount()).isEqualTo(3);
            assertThat(file.blobs()).containsExactly(new Blob(64, BlobDataType.FLOAT16, 128, 10),
                    new Blob(192, BlobDataType.FLOAT32, 256, 8), new Blob(320, BlobDataType.INT8, 384, 3));
            ByteBuffer halves = file.data(64);
            assertThat(halves.isReadOnly()).isTrue();
            assertThat(halves.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
            for (short h : HALVES) {
                assertThat(halves.getShort()).isEqualTo(h);
            }
            assertThat(file.data(192).getFloat(4)).isEqualTo(-0.25f);
        }
    }

    @Test
    void aWriterReadsBackPartsOfItsBlobs() throws IOException {
        try (BlobFileWriter writer = BlobFileWriter.create(dir.resolve("weight.bin"))) {
            long halves = writer.write(BlobDataType.FLOAT16, ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6}));
            long bytes = writer.write(BlobDataType.INT8, ByteBuffer.wrap(new byte[] {-1, 2, 3}));
            ByteBuffer part = ByteBuffer.allocate(3);
            writer.read(halves, 2, part);
            assertThat(part.hasRemaining()).isFalse();
            assertThat(part.array()).containsExactly(3, 4, 5);
            ByteBuffer all = ByteBuffer.allocate(3);
            writer.read(bytes, 0, all);
            assertThat(all.array()).containsExactly(-1, 2, 3);
            assertThatThrownBy(() -> writer.read(bytes, 1, ByteBuffer.allocate(3)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("bytes [1, 4) are not in the data of the blob at offset " + bytes);
            assertThatThrownBy(() -> writer.read(8, 0, ByteBuffer.allocate(1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("no blob written at offset 8");
        }
    }

    @Test
    void emptyFileHasOnlyTheHeader() throws IOException {
        Path file = dir.resolve("empty.bin");
        try (BlobFileWriter writer = BlobFileWriter.create(file)) {
            writer.finish();
        }
        assertThat(Files.size(file)).isEqualTo(64);
        try (BlobFile blobs = BlobFile.open(file)) {
            assertThat(blobs.blobs()).isEmpty();
        }
    }

    @Test
    void closingWithoutFinishingLeavesNothing() throws IOException {
        Path file = dir.resolve("weight.bin");
        try (BlobFileWriter writer = BlobFileWriter.create(file)) {
            writer.write(BlobDataType.FLOAT32, ByteBuffer.allocate(16));
        }
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void rejectsPartialElements() throws IOException {
        try (BlobFileWriter writer = BlobFileWriter.create(dir.resolve("weight.bin"))) {
            assertThatThrownBy(() -> writer.write(BlobDataType.FLOAT32, ByteBuffer.allocate(6)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FLOAT32");
        }
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void subByteSizesRoundUp() {
        assertThat(BlobDataType.UINT4.sizeInBytes(5)).isEqualTo(3);
        assertThat(BlobDataType.UINT3.sizeInBytes(3)).isEqualTo(2);
        assertThat(BlobDataType.FLOAT16.sizeInBytes(7)).isEqualTo(14);
        assertThat(BlobDataType.fromCode(17)).contains(BlobDataType.FLOAT8E5M2);
        assertThat(BlobDataType.fromCode(18)).isEmpty();
    }

    @Test
    void truncatedFileIsReported() throws IOException {
        Path file = writeSample();
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, 260));
        try (BlobFile blobs = BlobFile.open(file)) {
            assertThat(blobs.blob(64).sizeInBytes()).isEqualTo(10);
            assertThatThrownBy(() -> blobs.blob(192)).isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining("at byte 200")
                    .hasMessageContaining("truncated");
            assertThatThrownBy(blobs::blobs).isInstanceOf(ModelFormatException.class);
            assertThatThrownBy(() -> blobs.blob(320)).hasMessageContaining("beyond the end of the file");
        }
        Files.write(file, Arrays.copyOf(bytes, 40));
        assertThatThrownBy(() -> BlobFile.open(file)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("too short for the 64-byte header");
    }

    @Test
    void corruptionIsReportedWithTheOffset() throws IOException {
        Path file = writeSample();
        byte[] good = Files.readAllBytes(file);

        assertThatThrownBy(() -> openPatched(file, good, 192, 0x12345678)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("at byte 192").hasMessageContaining("0xDEADBEEF").hasMessageContaining("0x12345678");
        assertThatThrownBy(() -> openPatched(file, good, 196, 99)).hasMessageContaining("at byte 196")
                .hasMessageContaining("unknown blob data type code 99");
        assertThatThrownBy(() -> openPatched(file, good, 4, 1)).hasMessageContaining("unsupported weight file version 1");
        assertThatThrownBy(() -> openPatched(file, good, 0, 1000)).hasMessageContaining("says 1000 blobs");
        assertThatThrownBy(() -> openPatched(file, good, 208, 64)).hasMessageContaining("data offset 64");

        try (BlobFile blobs = BlobFile.open(fileWith(file, good, 0, 3))) {
            assertThatThrownBy(() -> blobs.blob(100)).hasMessageContaining("multiples of 64");
            assertThatThrownBy(() -> blobs.blob(0)).hasMessageContaining("at byte 0");
        }
    }

    private static void openPatched(Path file, byte[] good, int at, int value) throws IOException {
        try (BlobFile blobs = BlobFile.open(fileWith(file, good, at, value))) {
            blobs.blobs();
        }
    }

    private static Path fileWith(Path file, byte[] good, int at, int value) throws IOException {
        byte[] bytes = good.clone();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
        Files.write(file, bytes);
        return file;
    }
}
