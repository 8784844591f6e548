package dev.mil4j.core.value;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Buffers for tensor data computed by mil4j, such as a weight cast to fp16: small ones on the heap, large ones
 * ({@value #DEFAULT_THRESHOLD} bytes or more, or the {@code mil4j.offHeapBytes} system property) in a memory-mapped
 * temporary file that is deleted as soon as it is mapped, so that converting a model of several GB keeps its weights
 * in the page cache (backed by disk), not the Java heap. The weights read from a model are mapped from its files
 * already; this keeps the ones made from them off the heap as well.
 */
final class LargeBuffers {
    /**
     * The size from which a buffer is a file mapping (1 MiB): a model's weights are many tensors of a few MiB each,
     * which together exceed any modest heap.
     */
    static final long DEFAULT_THRESHOLD = 1L << 20;

    private LargeBuffers() {
    }

    /** @return a zeroed little-endian buffer of {@code bytes} bytes, position 0 */
    static ByteBuffer allocate(int bytes) {
        if (bytes < threshold()) {
            return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }
        try {
            Path file = Files.createTempFile("mil4j-tensor-", ".bin");
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                return ch.map(FileChannel.MapMode.READ_WRITE, 0, bytes).order(ByteOrder.LITTLE_ENDIAN);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary file for a tensor of " + bytes + " bytes in "
                    + System.getProperty("java.io.tmpdir") + " (set -Djava.io.tmpdir to a folder with space): "
                    + e.getMessage(), e);
        }
    }

    private static long threshold() {
        return Long.getLong("mil4j.offHeapBytes", DEFAULT_THRESHOLD);
    }
}
