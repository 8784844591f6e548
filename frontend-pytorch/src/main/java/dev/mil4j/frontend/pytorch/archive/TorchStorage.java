package dev.mil4j.frontend.pytorch.archive;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One tensor storage of an archive ({@code data/N} or {@code constants/N}): its key, element type and packed
 * little-endian bytes (a read-only buffer holding at least {@code numel} elements).
 */
public record TorchStorage(String entry, TorchDType dtype, long numel, ByteBuffer data) {
    public TorchStorage {
        requireNonNull(entry, "entry is null");
        requireNonNull(dtype, "dtype is null");
        requireNonNull(data, "data is null");
        if (numel < 0) {
            throw new IllegalArgumentException("numel is negative: " + numel);
        }
        if (data.remaining() < Math.multiplyExact(numel, (long) dtype.byteSize())) {
            throw new IllegalArgumentException("storage " + entry + " holds " + data.remaining() + " bytes, less than "
                    + numel + " " + dtype + " elements");
        }
        data = data.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public String toString() {
        return "storage " + entry + " (" + numel + " x " + dtype + ")";
    }
}
