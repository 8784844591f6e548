package dev.mil4j.backend.mlprogram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.spec.blob.BlobDataType;
import dev.mil4j.spec.blob.BlobFile;
import dev.mil4j.spec.blob.BlobFileWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SharedBlobs}: equal values (element type and bytes) are stored once, anything else apart. */
class SharedBlobsTest {
    @TempDir
    Path tmp;

    @Test
    void storesAnEqualValueOnceAndValuesDifferingInTypeOrOneByteApart() throws IOException {
        byte[] weight = randomBytes(200_000, 1);
        byte[] oneByteOff = weight.clone();
        oneByteOff[123_457] ^= 1;
        Path file = tmp.resolve("weight.bin");
        try (BlobFileWriter out = BlobFileWriter.create(file)) {
            SharedBlobs blobs = new SharedBlobs(out, SharedBlobs.CONST_DEDUPLICATION_ELEMENTS);
            long first = blobs.write(BlobDataType.FLOAT16, ByteBuffer.wrap(weight));
            // the same bytes in a direct buffer at another position: shared
            ByteBuffer direct = ByteBuffer.allocateDirect(weight.length + 3).position(3);
            direct.put(weight).position(3);
            assertThat(blobs.write(BlobDataType.FLOAT16, direct)).isEqualTo(first);
            assertThat(direct.position()).as("the data is not consumed").isEqualTo(3);
            long otherType = blobs.write(BlobDataType.INT8, ByteBuffer.wrap(weight));
            long otherByte = blobs.write(BlobDataType.FLOAT16, ByteBuffer.wrap(oneByteOff));
            long shorter = blobs.write(BlobDataType.FLOAT16, ByteBuffer.wrap(weight, 0, weight.length - 2));
            assertThat(blobs.write(BlobDataType.INT8, ByteBuffer.wrap(weight.clone()))).isEqualTo(otherType);
            assertThat(blobs.write(BlobDataType.FLOAT16, ByteBuffer.wrap(oneByteOff))).isEqualTo(otherByte);
            assertThat(new long[] {first, otherType, otherByte, shorter}).doesNotHaveDuplicates();
            assertThat(blobs.weights()).isEqualTo(7);
            assertThat(blobs.blobs()).isEqualTo(4);
            assertThat(blobs.bytes()).isEqualTo(4L * weight.length - 2);
            out.finish();
        }
        try (BlobFile read = BlobFile.open(file)) {
            assertThat(read.blobCount()).isEqualTo(4);
            assertThat(bytes(read.data(read.blobs().get(2).metadataOffset()))).isEqualTo(oneByteOff);
        }
    }

    @Test
    void valuesBelowTheThresholdAreEachWrittenAsCoremltoolsDoes() throws IOException {
        byte[] ninetyNineHalves = new byte[2 * 99];
        byte[] hundredHalves = new byte[2 * 100];
        try (BlobFileWriter out = BlobFileWriter.create(tmp.resolve("weight.bin"))) {
            SharedBlobs blobs = new SharedBlobs(out, SharedBlobs.CONST_DEDUPLICATION_ELEMENTS);
            assertThat(blobs.write(BlobDataType.FLOAT16, ByteBuffer.wrap(ninetyNineHalves)))
                    .isNotEqualTo(blobs.write(BlobDataType.FLOAT16, ByteBuffer.wrap(ninetyNineHalves)));
            assertThat(blobs.write(BlobDataType.FLOAT16, ByteBuffer.wrap(hundredHalves)))
                    .isEqualTo(blobs.write(BlobDataType.FLOAT16, ByteBuffer.wrap(hundredHalves)));
            // 100 int4 elements are 50 bytes
            assertThat(blobs.write(BlobDataType.INT4, ByteBuffer.wrap(new byte[50])))
                    .isEqualTo(blobs.write(BlobDataType.INT4, ByteBuffer.wrap(new byte[50])));
            assertThat(blobs.blobs()).isEqualTo(4);
        }
    }

    @Test
    void writerTellsWhetherAStoredBlobHoldsGivenBytes() throws IOException {
        byte[] weight = randomBytes(3 * 65_536 + 5, 2);
        try (BlobFileWriter out = BlobFileWriter.create(tmp.resolve("weight.bin"))) {
            long offset = out.write(BlobDataType.UINT8, ByteBuffer.wrap(weight));
            assertThat(out.holds(offset, BlobDataType.UINT8, ByteBuffer.wrap(weight))).isTrue();
            assertThat(out.holds(offset, BlobDataType.INT8, ByteBuffer.wrap(weight))).isFalse();
            byte[] lastByteOff = weight.clone();
            lastByteOff[weight.length - 1]++;
            assertThat(out.holds(offset, BlobDataType.UINT8, ByteBuffer.wrap(lastByteOff))).isFalse();
            assertThat(out.holds(offset, BlobDataType.UINT8, ByteBuffer.wrap(weight, 1, weight.length - 1)))
                    .isFalse();
        }
    }

    @Test
    void weightsWhoseFingerprintsCollideAreToldApartByTheirWholeBytes() throws IOException {
        // zeros but one word that no fingerprint sample reads: equal fingerprints, different values
        int size = 64 * 1024;
        byte[][] weights = new byte[6][size];
        for (int i = 0; i < weights.length; i++) {
            weights[i][size / 2 + 4] = (byte) (i + 1);
        }
        assertThat(SharedBlobs.fingerprint(ByteBuffer.wrap(weights[0])))
                .isEqualTo(SharedBlobs.fingerprint(ByteBuffer.wrap(weights[1])));
        Path file = tmp.resolve("weight.bin");
        try (BlobFileWriter out = BlobFileWriter.create(file)) {
            SharedBlobs blobs = new SharedBlobs(out, SharedBlobs.CONST_DEDUPLICATION_ELEMENTS);
            long[] offsets = new long[weights.length];
            for (int i = 0; i < weights.length; i++) {
                offsets[i] = blobs.write(BlobDataType.FLOAT16, ByteBuffer.wrap(weights[i]));
            }
            assertThat(offsets).doesNotHaveDuplicates();
            for (int i = weights.length - 1; i >= 0; i--) {
                assertThat(blobs.write(BlobDataType.FLOAT16, ByteBuffer.wrap(weights[i].clone())))
                        .isEqualTo(offsets[i]);
            }
            assertThat(blobs.blobs()).isEqualTo(weights.length);
            out.finish();
        }
        try (BlobFile read = BlobFile.open(file)) {
            for (int i = 0; i < weights.length; i++) {
                assertThat(bytes(read.data(read.blobs().get(i).metadataOffset()))).isEqualTo(weights[i]);
            }
        }
    }

    @Test
    void fingerprintIsOfTheBytesWhereverTheyAre() {
        byte[] weight = randomBytes(100_003, 4);
        ByteBuffer direct = ByteBuffer.allocateDirect(weight.length + 5).position(5);
        direct.put(weight).position(5);
        assertThat(SharedBlobs.fingerprint(direct)).isEqualTo(SharedBlobs.fingerprint(ByteBuffer.wrap(weight)));
        byte[] lastByteOff = weight.clone();
        lastByteOff[weight.length - 1] ^= 1;
        assertThat(SharedBlobs.fingerprint(ByteBuffer.wrap(lastByteOff)))
                .isNotEqualTo(SharedBlobs.fingerprint(ByteBuffer.wrap(weight)));
        byte[] small = randomBytes(8 * SharedBlobs.SAMPLES, 5);
        assertThat(SharedBlobs.fingerprint(ByteBuffer.wrap(small))).isEqualTo(SharedBlobs.hash(ByteBuffer.wrap(small)));
    }

    @Test
    void hashDependsOnEveryByteAndTheLength() {
        byte[] weight = randomBytes(1003, 3);
        long hash = SharedBlobs.hash(ByteBuffer.wrap(weight));
        for (int i : new int[] {0, 7, 8, 500, 1000, 1002}) {
            byte[] other = weight.clone();
            other[i] ^= (byte) 0x80;
            assertThat(SharedBlobs.hash(ByteBuffer.wrap(other))).as("byte %d", i).isNotEqualTo(hash);
        }
        assertThat(SharedBlobs.hash(ByteBuffer.wrap(new byte[16])))
                .isNotEqualTo(SharedBlobs.hash(ByteBuffer.wrap(new byte[17])));
        assertThat(SharedBlobs.hash(ByteBuffer.wrap(weight.clone()))).isEqualTo(hash);
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] bytes(ByteBuffer data) {
        byte[] b = new byte[data.remaining()];
        data.duplicate().get(b);
        return b;
    }
}
