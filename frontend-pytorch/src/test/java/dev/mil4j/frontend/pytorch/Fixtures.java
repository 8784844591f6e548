package dev.mil4j.frontend.pytorch;

import dev.mil4j.core.testing.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** The repository's TorchScript fixtures ({@code testdata/torch}, through {@link TestData}) and zip makers. */
public final class Fixtures {
    private Fixtures() {
    }

    public static Path torch(String name) {
        return TestData.path("torch/" + name + ".pt");
    }

    /** Writes a zip with the given entries (in order), stored or deflated. */
    public static Path zip(Path file, Map<String, byte[]> entries, boolean stored) {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry z = new ZipEntry(e.getKey());
                if (stored) {
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    z.setMethod(ZipEntry.STORED);
                    z.setSize(e.getValue().length);
                    z.setCompressedSize(e.getValue().length);
                    z.setCrc(crc.getValue());
                }
                out.putNextEntry(z);
                out.write(e.getValue());
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The entries of a fixture, in archive order, for making altered copies. */
    public static Map<String, byte[]> entries(Path archive) {
        Map<String, byte[]> out = new java.util.LinkedHashMap<>();
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(archive.toFile())) {
            var all = z.entries();
            while (all.hasMoreElements()) {
                ZipEntry e = all.nextElement();
                out.put(e.getName(), z.getInputStream(e).readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
