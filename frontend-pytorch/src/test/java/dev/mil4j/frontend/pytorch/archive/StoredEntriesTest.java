package dev.mil4j.frontend.pytorch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.testing.TestData;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uncompressed zip entries mapped in place: the bytes equal what {@code ZipFile} reads; others are not mapped. */
class StoredEntriesTest {
    @TempDir
    Path dir;

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Test
    void everyStorageOfARealArchiveMapsToTheBytesZipFileReads() throws Exception {
        Path pt = TestData.path("torch/attention_block.pt");
        int mapped = 0;
        try (TorchArchive archive = TorchArchive.open(pt); StoredEntries stored = StoredEntries.open(pt)) {
            for (String name : archive.entryNames()) {
                if (!name.startsWith("data/")) {
                    continue;
                }
                String full = "attention_block/" + name;
                assertThat(stored.map(full)).as(name).isPresent();
                assertThat(bytes(stored.map(full).orElseThrow())).as(name).isEqualTo(archive.read(name));
                mapped++;
            }
        }
        assertThat(mapped).isGreaterThan(3);
    }

    @Test
    void onlyStoredEntriesAreMappedWhateverTheirExtraFieldsAndComments() throws Exception {
        byte[] data = new byte[3000];
        new Random(1).nextBytes(data);
        Path zip = dir.resolve("a.zip");
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            ZipEntry stored = new ZipEntry("m/data/0");
            stored.setMethod(ZipEntry.STORED);
            stored.setSize(data.length);
            CRC32 crc = new CRC32();
            crc.update(data);
            stored.setCrc(crc.getValue());
            stored.setExtra(new byte[] {(byte) 0x34, 0x12, 3, 0, 9, 9, 9});
            stored.setComment("aligned");
            out.putNextEntry(stored);
            out.write(data);
            ZipEntry deflated = new ZipEntry("m/data/1");
            out.putNextEntry(deflated);
            out.write(data);
            out.setComment("an archive comment");
        }
        try (StoredEntries entries = StoredEntries.open(zip)) {
            assertThat(bytes(entries.map("m/data/0").orElseThrow())).isEqualTo(data);
            assertThat(entries.map("m/data/1")).isEmpty();
            assertThat(entries.map("m/data/2")).isEmpty();
        }
    }

    @Test
    void aFileThatIsNoZipMapsNothing() throws Exception {
        Path junk = dir.resolve("junk.pt");
        Files.write(junk, new byte[100]);
        try (StoredEntries entries = StoredEntries.open(junk)) {
            assertThat(entries.map("x/data/0")).isEmpty();
        }
    }
}
