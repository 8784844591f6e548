package dev.mil4j.spec.blob;

import static dev.mil4j.spec.blob.BlobFormat.HEADER_SIZE;
import static dev.mil4j.spec.blob.BlobFormat.METADATA_SIZE;
import static java.util.Objects.requireNonNull;

import dev.mil4j.spec.internal.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a weight blob file (see {@link BlobFile} for the layout), streaming each blob straight to a file channel.
 * The file is written under a temporary sibling name and renamed into place by {@link #finish()}; closing the
 * writer without finishing deletes it, so a failed write never leaves a partial file behind:
 * <pre>{@code
 * try (BlobFileWriter writer = BlobFileWriter.create(path)) {
 *     long offset = writer.write(BlobDataType.FLOAT16, data); // refer to it from a BlobFileValue
 *     writer.finish();
 * }
 * }</pre>
 * Not thread-safe.
 */
public final class BlobFileWriter implements AutoCloseable {
    private static final long MAX_COUNT = 0xFFFF_FFFFL;

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private long end = HEADER_SIZE;
    private long count;
    private boolean finished;
    private boolean closed;

    private BlobFileWriter(Path target, Path temp, FileChannel channel) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
    }

    /**
     * Starts a weight blob file. Nothing appears at {@code target} until {@link #finish()}.
     *
     * @param target the file to create or replace; its directory must exist
     * @return the writer
     * @throws IOException if the temporary file cannot be created
     */
    public static BlobFileWriter create(Path target) throws IOException {
        requireNonNull(target, "target is null");
        Path temp = AtomicFiles.createTempSibling(target);
        FileChannel channel = null;
        try {
            // the temporary file is new and empty: truncating it would only make ext4 (auto_da_alloc) start writing
            // it back when it is closed, about a millisecond per 20 MB on the converting thread
            channel = FileChannel.open(temp, StandardOpenOption.READ, StandardOpenOption.WRITE);
            BlobFileWriter writer = new BlobFileWriter(target, temp, channel);
            writer.writeHeader();
            return writer;
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /**
     * Appends a blob. The bytes between the buffer's position and limit are written; the buffer itself (position,
     * limit, byte order) is not changed. Its bytes must already be in little-endian element order.
     *
     * @param dataType the element type
     * @param data the raw bytes of the blob
     * @return the offset of the blob's metadata record, which a MIL {@code BlobFileValue} refers to
     * @throws IllegalArgumentException if the size is not a whole number of elements of {@code dataType}
     * @throws IOException if writing fails
     */
    public long write(BlobDataType dataType, ByteBuffer data) throws IOException {
        requireNonNull(dataType, "dataType is null");
        requireNonNull(data, "data is null");
        checkOpen();
        int size = data.remaining();
        if (dataType.bitsPerElement() % 8 == 0 && size % (dataType.bitsPerElement() / 8) != 0) {
            throw new IllegalArgumentException(size + " bytes is not a whole number of " + dataType + " elements");
        }
        if (count == MAX_COUNT) {
            throw new IllegalStateException("a weight blob file holds at most " + MAX_COUNT + " blobs");
        }
        long metadataOffset = BlobFormat.align(end);
        long dataOffset = metadataOffset + METADATA_SIZE;
        ByteBuffer meta = ByteBuffer.allocate(METADATA_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        meta.putInt(BlobFormat.META_SENTINEL, BlobFormat.SENTINEL);
        meta.putInt(BlobFormat.META_DTYPE, dataType.code());
        meta.putLong(BlobFormat.META_SIZE, size);
        meta.putLong(BlobFormat.META_DATA_OFFSET, dataOffset);
        // padding between the previous data and this record stays zero: the channel fills gaps with zeros
        writeFully(meta, metadataOffset);
        writeFully(data.duplicate(), dataOffset);
        end = dataOffset + size;
        count++;
        return metadataOffset;
    }

    /**
     * Whether the blob written at {@code metadataOffset} holds exactly {@code data}: the same element type, size and
     * bytes. Reads the blob back from the file in small chunks, so a writer can store equal values once without
     * keeping them in memory.
     *
     * @param metadataOffset an offset {@link #write} returned
     * @param dataType the element type
     * @param data the bytes (position to limit); not changed
     * @return whether the stored blob equals them
     * @throws IOException if reading fails
     */
    public boolean holds(long metadataOffset, BlobDataType dataType, ByteBuffer data) throws IOException {
        requireNonNull(dataType, "dataType is null");
        checkOpen();
        if (metadataOffset < HEADER_SIZE || metadataOffset + METADATA_SIZE > end) {
            throw new IllegalArgumentException("no blob written at offset " + metadataOffset);
        }
        ByteBuffer meta = readFully(ByteBuffer.allocate(METADATA_SIZE), metadataOffset).order(ByteOrder.LITTLE_ENDIAN);
        int size = data.remaining();
        if (meta.getInt(BlobFormat.META_SENTINEL) != BlobFormat.SENTINEL
                || meta.getInt(BlobFormat.META_DTYPE) != dataType.code()
                || meta.getLong(BlobFormat.META_SIZE) != size) {
            return false;
        }
        long dataOffset = meta.getLong(BlobFormat.META_DATA_OFFSET);
        ByteBuffer chunk = ByteBuffer.allocate(Math.min(size, 1 << 16));
        for (int done = 0; done < size; done += chunk.capacity()) {
            int n = Math.min(chunk.capacity(), size - done);
            chunk.clear().limit(n);
            readFully(chunk, dataOffset + done);
            if (chunk.mismatch(data.slice(data.position() + done, n)) >= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads back part of the data of a blob written before: its bytes from {@code from} into {@code dst}'s remaining
     * space (the buffer's position moves to its limit).
     *
     * @param metadataOffset an offset {@link #write} returned
     * @param from the first byte of the blob's data to read
     * @param dst where to put the bytes
     * @throws IllegalArgumentException if no blob was written there or the range is outside its data
     * @throws IOException if reading fails
     */
    public void read(long metadataOffset, long from, ByteBuffer dst) throws IOException {
        requireNonNull(dst, "dst is null");
        checkOpen();
        if (metadataOffset < HEADER_SIZE || metadataOffset + METADATA_SIZE > end) {
            throw new IllegalArgumentException("no blob written at offset " + metadataOffset);
        }
        ByteBuffer meta = readFully(ByteBuffer.allocate(METADATA_SIZE), metadataOffset).order(ByteOrder.LITTLE_ENDIAN);
        long size = meta.getLong(BlobFormat.META_SIZE);
        if (meta.getInt(BlobFormat.META_SENTINEL) != BlobFormat.SENTINEL || from < 0
                || dst.remaining() > size - from) {
            throw new IllegalArgumentException("bytes [" + from + ", " + (from + dst.remaining())
                    + ") are not in the data of the blob at offset " + metadataOffset);
        }
        long at = meta.getLong(BlobFormat.META_DATA_OFFSET) + from;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, at);
            if (n < 0) {
                throw new IOException("the weight file " + temp + " ends at " + at + " inside a blob");
            }
            at += n;
        }
    }

    /** @return the number of blobs written so far */
    public long blobCount() {
        return count;
    }

    /** @return the file this writer will produce */
    public Path target() {
        return target;
    }

    /**
     * Completes the header and renames the file to the target, forced to disk first when it replaces a file (the
     * durability rule of {@code AtomicFiles}: a crash never loses both the old file and the new one).
     *
     * @throws IOException if writing or renaming fails; the temporary file is then deleted
     */
    public void finish() throws IOException {
        checkOpen();
        boolean done = false;
        try {
            ByteBuffer countBytes = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, (int) count);
            writeFully(countBytes, BlobFormat.HEADER_COUNT);
            if (AtomicFiles.mustForce(target)) {
                channel.force(true);
            }
            channel.close();
            AtomicFiles.moveIntoPlace(temp, target);
            finished = true;
            done = true;
        } finally {
            if (!done) {
                close();
            }
        }
    }

    /** Deletes the temporary file if {@link #finish()} was not called or failed; otherwise does nothing. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } finally {
            if (!finished) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private void writeHeader() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(BlobFormat.HEADER_COUNT, 0);
        header.putInt(BlobFormat.HEADER_VERSION, BlobFormat.VERSION);
        writeFully(header, 0);
    }

    private void writeFully(ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }

    private ByteBuffer readFully(ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("the weight file " + temp + " ends at " + at + " inside a blob");
            }
            at += n;
        }
        return buffer.flip();
    }

    private void checkOpen() {
        if (finished || closed) {
            throw new IllegalStateException("the weight file writer for " + target + " is already "
                    + (finished ? "finished" : "closed"));
        }
    }
}
