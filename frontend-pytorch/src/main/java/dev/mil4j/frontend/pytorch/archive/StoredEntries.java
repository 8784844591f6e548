package dev.mil4j.frontend.pytorch.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The uncompressed ({@code STORED}) entries of a zip file, memory-mapped in place: {@code torch.save} stores tensor
 * storages uncompressed, so a storage is a slice of the archive file and needs no heap copy, and an archive of many GB
 * (ZIP64) is read with one mapping per storage rather than one 2 GiB buffer. The central directory is parsed here
 * (the JDK's {@code ZipEntry} does not tell where an entry's data starts): the end record, the ZIP64 end record when
 * present, each central header's sizes and local header offset (ZIP64 extra fields included), then each local
 * header's name and extra lengths. Every offset is checked against the file length; an entry found inconsistent is
 * simply not mapped (the caller reads it through {@code ZipFile}, which reports the corruption).
 */
final class StoredEntries implements AutoCloseable {
    private static final int EOCD_SIG = 0x06054b50;
    private static final int ZIP64_LOCATOR_SIG = 0x07064b50;
    private static final int ZIP64_EOCD_SIG = 0x06064b50;
    private static final int CENTRAL_SIG = 0x02014b50;
    private static final int LOCAL_SIG = 0x04034b50;
    private static final int MAX_COMMENT = 0xFFFF;

    /** Where an entry's data lies. */
    private record Span(long dataOffset, long size) {
    }

    private final FileChannel channel;
    private final long length;
    private final Map<String, Long> localHeaders = new HashMap<>();
    private final Map<String, Long> sizes = new HashMap<>();

    private StoredEntries(FileChannel channel) throws IOException {
        this.channel = channel;
        this.length = channel.size();
    }

    /** Reads the central directory of {@code zip}; an unreadable directory gives an instance that maps nothing. */
    static StoredEntries open(Path zip) throws IOException {
        StoredEntries s = new StoredEntries(FileChannel.open(zip, StandardOpenOption.READ));
        try {
            s.readDirectory();
        } catch (IOException | RuntimeException e) {
            s.localHeaders.clear();
        }
        return s;
    }

    /**
     * @param name the full entry name
     * @return a read-only little-endian mapping of the entry's bytes, when it is stored uncompressed, lies within the
     *     file and is smaller than 2 GiB
     */
    Optional<ByteBuffer> map(String name) {
        Long local = localHeaders.get(name);
        if (local == null) {
            return Optional.empty();
        }
        try {
            Optional<Span> span = span(name, local);
            if (span.isEmpty()) {
                return Optional.empty();
            }
            MappedByteBuffer b = channel.map(FileChannel.MapMode.READ_ONLY, span.get().dataOffset(),
                    span.get().size());
            return Optional.of(b.order(ByteOrder.LITTLE_ENDIAN));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Optional<Span> span(String name, long local) throws IOException {
        ByteBuffer h = read(local, 30);
        if (h.getInt(0) != LOCAL_SIG) {
            return Optional.empty();
        }
        long data = local + 30 + Short.toUnsignedInt(h.getShort(26)) + Short.toUnsignedInt(h.getShort(28));
        long size = sizes.get(name);
        if (size < 0 || size > Integer.MAX_VALUE || data > length || size > length - data) {
            return Optional.empty();
        }
        return Optional.of(new Span(data, size));
    }

    private void readDirectory() throws IOException {
        int tail = (int) Math.min(length, 22 + MAX_COMMENT);
        ByteBuffer end = read(length - tail, tail);
        int at = -1;
        for (int i = tail - 22; i >= 0; i--) {
            if (end.getInt(i) == EOCD_SIG) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            return;
        }
        long eocd = length - tail + at;
        long count = Short.toUnsignedInt(end.getShort(at + 10));
        long dirSize = Integer.toUnsignedLong(end.getInt(at + 12));
        long dirOffset = Integer.toUnsignedLong(end.getInt(at + 16));
        if (eocd >= 20) {
            ByteBuffer locator = read(eocd - 20, 20);
            if (locator.getInt(0) == ZIP64_LOCATOR_SIG) {
                ByteBuffer z = read(locator.getLong(8), 56);
                if (z.getInt(0) == ZIP64_EOCD_SIG) {
                    count = z.getLong(32);
                    dirSize = z.getLong(40);
                    dirOffset = z.getLong(48);
                }
            }
        }
        if (dirOffset < 0 || dirSize < 0 || dirSize > Integer.MAX_VALUE || dirOffset > length - dirSize) {
            return;
        }
        ByteBuffer dir = read(dirOffset, (int) dirSize);
        int p = 0;
        for (long i = 0; i < count && p + 46 <= dir.limit(); i++) {
            if (dir.getInt(p) != CENTRAL_SIG) {
                return;
            }
            int method = Short.toUnsignedInt(dir.getShort(p + 10));
            long compressed = Integer.toUnsignedLong(dir.getInt(p + 20));
            long size = Integer.toUnsignedLong(dir.getInt(p + 24));
            int nameLength = Short.toUnsignedInt(dir.getShort(p + 28));
            int extraLength = Short.toUnsignedInt(dir.getShort(p + 30));
            int commentLength = Short.toUnsignedInt(dir.getShort(p + 32));
            long local = Integer.toUnsignedLong(dir.getInt(p + 42));
            if (p + 46 + nameLength + extraLength > dir.limit()) {
                return;
            }
            byte[] nameBytes = new byte[nameLength];
            dir.get(p + 46, nameBytes);
            String name = new String(nameBytes, java.nio.charset.StandardCharsets.UTF_8);
            // ZIP64 extra field: the 64-bit values of the fields that hold 0xFFFFFFFF, in this order
            int e = p + 46 + nameLength;
            int extraEnd = e + extraLength;
            while (e + 4 <= extraEnd) {
                int id = Short.toUnsignedInt(dir.getShort(e));
                int len = Short.toUnsignedInt(dir.getShort(e + 2));
                if (id == 1) {
                    int q = e + 4;
                    if (size == 0xFFFF_FFFFL && q + 8 <= e + 4 + len) {
                        size = dir.getLong(q);
                        q += 8;
                    }
                    if (compressed == 0xFFFF_FFFFL && q + 8 <= e + 4 + len) {
                        compressed = dir.getLong(q);
                        q += 8;
                    }
                    if (local == 0xFFFF_FFFFL && q + 8 <= e + 4 + len) {
                        local = dir.getLong(q);
                    }
                }
                e += 4 + len;
            }
            if (method == 0 && compressed == size && local >= 0 && local < length) {
                localHeaders.put(name, local);
                sizes.put(name, size);
            }
            p += 46 + nameLength + extraLength + commentLength;
        }
    }

    private ByteBuffer read(long position, int size) throws IOException {
        if (position < 0 || size < 0 || position > length - size) {
            throw new IOException("a zip record at " + position + " lies outside the file");
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (channel.read(b, position + b.position()) < 0) {
                throw new IOException("unexpected end of the zip file");
            }
        }
        return b.flip();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
