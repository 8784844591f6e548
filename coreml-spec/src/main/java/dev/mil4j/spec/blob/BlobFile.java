package dev.mil4j.spec.blob;

import static dev.mil4j.spec.blob.BlobFormat.ALIGNMENT;
import static dev.mil4j.spec.blob.BlobFormat.HEADER_SIZE;
import static dev.mil4j.spec.blob.BlobFormat.METADATA_SIZE;
import static java.util.Objects.requireNonNull;

import dev.mil4j.spec.ModelFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A weight blob file ({@code weights/weight.bin} in an {@code .mlpackage}), opened for reading. Layout, all
 * integers little-endian:
 * <pre>
 * header    64 bytes  uint32 blob count, uint32 version (2), zeros
 * per blob, each part starting at a multiple of 64:
 *   metadata 64 bytes uint32 0xDEADBEEF, uint32 data type code, uint64 size in bytes, uint64 data offset, zeros
 *   data     size bytes
 * </pre>
 * A MIL {@code BlobFileValue} refers to a blob by the offset of its metadata record. Nothing read from the file is
 * trusted: the header, sentinels, type codes, sizes and offsets are checked against the file length before use.
 * Data is returned as read-only memory-mapped buffers, which stay valid after {@link #close()}. Reads use
 * positional I/O only, so one open file may be read from several threads.
 */
public final class BlobFile implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final long length;
    private final long count;

    private BlobFile(Path path, FileChannel channel, long length, long count) {
        this.path = path;
        this.channel = channel;
        this.length = length;
        this.count = count;
    }

    /**
     * Opens a weight blob file and checks its header.
     *
     * @param path the file
     * @return the open file; close it when done
     * @throws ModelFormatException if the file is not a weight blob file of version 2
     * @throws IOException if the file cannot be read
     */
    public static BlobFile open(Path path) throws IOException {
        requireNonNull(path, "path is null");
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            long length = channel.size();
            if (length < HEADER_SIZE) {
                throw new ModelFormatException(path, "is " + length + " bytes, too short for the " + HEADER_SIZE
                        + "-byte header of a weight blob file; the file is truncated or not a weight file");
            }
            ByteBuffer header = read(channel, path, 0, HEADER_SIZE);
            int version = header.getInt(BlobFormat.HEADER_VERSION);
            if (version != BlobFormat.VERSION) {
                throw new ModelFormatException(path, BlobFormat.HEADER_VERSION, "unsupported weight file version "
                        + Integer.toUnsignedString(version) + "; only version " + BlobFormat.VERSION
                        + " (Core ML iOS 15 and later) is supported", null);
            }
            long count = Integer.toUnsignedLong(header.getInt(BlobFormat.HEADER_COUNT));
            if (count > (length - HEADER_SIZE) / METADATA_SIZE) {
                throw new ModelFormatException(path, BlobFormat.HEADER_COUNT, "the header says " + count
                        + " blobs, but a file of " + length + " bytes cannot hold that many; the file is truncated"
                        + " or corrupted", null);
            }
            return new BlobFile(path, channel, length, count);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** @return the file */
    public Path path() {
        return path;
    }

    /** @return the number of blobs the header declares */
    public long blobCount() {
        return count;
    }

    /** @return the length of the file in bytes */
    public long length() {
        return length;
    }

    /**
     * Reads and checks the metadata record at an offset, as referred to by a MIL {@code BlobFileValue}.
     *
     * @param metadataOffset the offset of the metadata record
     * @return the blob's metadata
     * @throws ModelFormatException if there is no valid metadata record at that offset or its data lies outside
     *     the file
     * @throws IOException if the file cannot be read
     */
    public Blob blob(long metadataOffset) throws IOException {
        if (metadataOffset < HEADER_SIZE || metadataOffset % ALIGNMENT != 0) {
            throw corrupt(metadataOffset, "no blob can start here: metadata records start at multiples of "
                    + ALIGNMENT + " after the " + HEADER_SIZE + "-byte header");
        }
        if (metadataOffset > length - METADATA_SIZE) {
            throw corrupt(metadataOffset, "the metadata record lies beyond the end of the file (" + length
                    + " bytes); the file is truncated or the offset is wrong");
        }
        ByteBuffer meta = read(channel, path, metadataOffset, METADATA_SIZE);
        int sentinel = meta.getInt(BlobFormat.META_SENTINEL);
        if (sentinel != BlobFormat.SENTINEL) {
            throw corrupt(metadataOffset, String.format("expected the blob metadata sentinel 0x%08X, found 0x%08X;"
                    + " the offset is wrong or the file is corrupted", BlobFormat.SENTINEL, sentinel));
        }
        int code = meta.getInt(BlobFormat.META_DTYPE);
        BlobDataType type = BlobDataType.fromCode(code).orElseThrow(() -> corrupt(metadataOffset + BlobFormat.META_DTYPE,
                "unknown blob data type code " + Integer.toUnsignedString(code)
                        + "; the file may come from a newer Core ML version"));
        long size = meta.getLong(BlobFormat.META_SIZE);
        long dataOffset = meta.getLong(BlobFormat.META_DATA_OFFSET);
        if (dataOffset < metadataOffset + METADATA_SIZE || dataOffset > length) {
            throw corrupt(metadataOffset + BlobFormat.META_DATA_OFFSET, "data offset "
                    + Long.toUnsignedString(dataOffset) + " must follow the metadata record and lie within the file ("
                    + length + " bytes)");
        }
        if (size < 0 || size > length - dataOffset) {
            throw corrupt(metadataOffset + BlobFormat.META_SIZE, "blob of " + Long.toUnsignedString(size)
                    + " bytes at offset " + dataOffset + " runs past the end of the file (" + length
                    + " bytes); the file is truncated");
        }
        return new Blob(metadataOffset, type, dataOffset, size);
    }

    /**
     * Reads all blobs in file order, walking from the first record to the next aligned offset after each blob's
     * data, as many times as the header's count.
     *
     * @return the blobs' metadata, in file order
     * @throws ModelFormatException if a record is missing or invalid
     * @throws IOException if the file cannot be read
     */
    public List<Blob> blobs() throws IOException {
        List<Blob> blobs = new ArrayList<>();
        long offset = HEADER_SIZE;
        for (long i = 0; i < count; i++) {
            Blob blob = blob(offset);
            blobs.add(blob);
            offset = BlobFormat.align(blob.endOffset());
        }
        return blobs;
    }

    /**
     * Maps a blob's data.
     *
     * @param blob a blob of this file, from {@link #blob(long)} or {@link #blobs()}
     * @return a read-only little-endian buffer over exactly the blob's bytes
     * @throws IOException if the blob is larger than one buffer can hold or mapping fails
     */
    public ByteBuffer data(Blob blob) throws IOException {
        requireNonNull(blob, "blob is null");
        if (blob.endOffset() > length) {
            throw corrupt(blob.metadataOffset(), "blob data runs past the end of the file");
        }
        if (blob.sizeInBytes() > Integer.MAX_VALUE) {
            throw corrupt(blob.metadataOffset(), "blob of " + blob.sizeInBytes()
                    + " bytes is larger than one buffer can hold (2 GiB); split the weight into smaller constants");
        }
        return channel.map(FileChannel.MapMode.READ_ONLY, blob.dataOffset(), blob.sizeInBytes())
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Reads, checks and maps the blob whose metadata record is at an offset.
     *
     * @param metadataOffset the offset of the metadata record
     * @return a read-only little-endian buffer over the blob's bytes
     * @throws IOException if the record is invalid or mapping fails
     */
    public ByteBuffer data(long metadataOffset) throws IOException {
        return data(blob(metadataOffset));
    }

    private ModelFormatException corrupt(long offset, String problem) {
        return new ModelFormatException(path, offset, problem, null);
    }

    private static ByteBuffer read(FileChannel channel, Path path, long position, int size) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new ModelFormatException(path, position + buffer.position(), "unexpected end of file", null);
            }
        }
        return buffer.flip();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
