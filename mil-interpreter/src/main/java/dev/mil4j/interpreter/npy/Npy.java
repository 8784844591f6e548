package dev.mil4j.interpreter.npy;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes numpy's {@code .npy} format (versions 1.0, 2.0 and 3.0; little-endian, C order) for the dtypes
 * {@code <f2 <f4 <f8 <i4 <i8 |b1 |u1 |i1}. Headers are validated before any data is read: magic, version, header
 * length, the {@code descr}/{@code fortran_order}/{@code shape} dictionary, and the data length against the shape.
 * Writing is atomic (a temporary sibling, then a rename) and uses version 1.0 unless the header needs 2.0.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    private static final Map<String, DType> DESCR = Map.of(
            "<f2", DType.FP16, "<f4", DType.FP32, "<f8", DType.FP64, "<i4", DType.INT32, "<i8", DType.INT64,
            "|b1", DType.BOOL, "|u1", DType.UINT8, "|i1", DType.INT8, "<i2", DType.INT16, "<u2", DType.UINT16);
    /** Unsigned dtypes MIL has no type for, read as int64 values (uint64 values must fit in 63 bits). */
    private static final Map<String, Integer> WIDENED = Map.of("<u4", 4, "<u8", 8);

    private Npy() {
    }

    /** Reads a {@code .npy} file; an {@link NpyFormatException} naming the file and the problem when it is invalid. */
    public static TensorValue read(Path file) throws IOException {
        requireNonNull(file, "file is null");
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            // a device or pipe reports 0 bytes and may never end: refused before reading
            throw new NpyFormatException(file, "is not a regular file (a directory, device or pipe); give a .npy file");
        }
        long size = Files.size(file);
        if (size > Integer.MAX_VALUE - 8L) {
            throw new NpyFormatException(file, "is " + size + " bytes; files above 2 GB are not supported");
        }
        return parse(Files.readAllBytes(file), file);
    }

    /** Parses the bytes of a {@code .npy} file; {@code source} names it in messages. */
    public static TensorValue parse(byte[] bytes, Path source) throws NpyFormatException {
        requireNonNull(bytes, "bytes is null");
        requireNonNull(source, "source is null");
        if (bytes.length < 10) {
            throw new NpyFormatException(source, "is too short for a .npy header (" + bytes.length + " bytes)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new NpyFormatException(source, "does not start with the .npy magic \\x93NUMPY");
            }
        }
        int major = bytes[6] & 0xff;
        int minor = bytes[7] & 0xff;
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength;
        int headerStart;
        if (major == 1) {
            headerLength = b.getShort(8) & 0xffff;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new NpyFormatException(source, "is too short for a version " + major + " header");
            }
            headerLength = b.getInt(8) & 0xffffffffL;
            headerStart = 12;
        } else {
            throw new NpyFormatException(source, "has format version " + major + "." + minor
                    + "; versions 1.0, 2.0 and 3.0 are supported");
        }
        if (headerStart + headerLength > bytes.length) {
            throw new NpyFormatException(source, "declares a header of " + headerLength + " bytes but has only "
                    + (bytes.length - headerStart) + " after the preamble");
        }
        String header = new String(bytes, headerStart, (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeader h = NpyHeader.parse(header, source);
        DType dtype = DESCR.get(h.descr());
        Shape shape = Shape.of(h.shape());
        if (h.fortranOrder() && shape.rank() > 1 && (dtype != null || WIDENED.containsKey(h.descr()))) {
            int size = dtype != null ? dtype.byteSize() : WIDENED.get(h.descr());
            long dataStart = headerStart + headerLength;
            long expected = Math.multiplyExact(shape.elementCount().orElseThrow(), size);
            if (bytes.length - dataStart == expected) { // a wrong length is reported below, as for C order
                bytes = bytes.clone();
                toRowMajor(bytes, (int) dataStart, h.shape(), size);
            }
        }
        if (dtype == null && WIDENED.containsKey(h.descr())) {
            return widened(bytes, headerStart + headerLength, WIDENED.get(h.descr()), shape, h.descr(), source);
        }
        if (dtype == null) {
            throw new NpyFormatException(source, "has dtype '" + h.descr() + "'; supported are "
                    + java.util.stream.Stream.concat(DESCR.keySet().stream(), WIDENED.keySet().stream()).sorted()
                    .toList() + " (little-endian)");
        }
        long count = shape.elementCount().orElseThrow();
        long dataStart = headerStart + headerLength;
        long expected = Math.multiplyExact(count, dtype.byteSize());
        if (bytes.length - dataStart != expected) {
            throw new NpyFormatException(source, "holds " + (bytes.length - dataStart) + " data bytes, but a "
                    + h.descr() + " array of shape " + shape + " needs " + expected);
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, (int) dataStart, (int) expected).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
        if (dtype == DType.BOOL) {
            for (int i = 0; i < expected; i++) {
                if ((data.get(i) & 0xfe) != 0) {
                    throw new NpyFormatException(source, "holds the byte " + (data.get(i) & 0xff)
                            + " in a bool array at element " + i + "; bools are 0 or 1");
                }
            }
        }
        return TensorValue.wrap(dtype, shape, data);
    }

    /**
     * Reorders the column-major (Fortran-order) elements at {@code start} into row-major order in place: NumPy writes
     * a transposed or column-major array ({@code np.asfortranarray}, PyTorch's {@code nonzero}) that way.
     */
    private static void toRowMajor(byte[] bytes, int start, long[] dims, int size) {
        int rank = dims.length;
        long[] stride = new long[rank]; // column-major strides, in elements
        long s = 1;
        for (int k = 0; k < rank; k++) {
            stride[k] = s;
            s *= dims[k];
        }
        byte[] out = new byte[Math.toIntExact(s * size)];
        long[] index = new long[rank];
        for (long i = 0; i < s; i++) { // i: the row-major position of index
            long from = 0;
            for (int k = 0; k < rank; k++) {
                from += index[k] * stride[k];
            }
            System.arraycopy(bytes, (int) (start + from * size), out, (int) (i * size), size);
            for (int k = rank - 1; k >= 0 && ++index[k] == dims[k]; k--) {
                index[k] = 0;
            }
        }
        System.arraycopy(out, 0, bytes, start, out.length);
    }

    /** A uint32 or uint64 array as int64 values. */
    private static TensorValue widened(byte[] bytes, long dataStart, int width, Shape shape, String descr,
            Path source) throws NpyFormatException {
        long count = shape.elementCount().orElseThrow();
        long expected = Math.multiplyExact(count, width);
        if (bytes.length - dataStart != expected) {
            throw new NpyFormatException(source, "holds " + (bytes.length - dataStart) + " data bytes, but a "
                    + descr + " array of shape " + shape + " needs " + expected);
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, (int) dataStart, (int) expected).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
        long[] v = new long[Math.toIntExact(count)];
        for (int i = 0; i < v.length; i++) {
            v[i] = width == 4 ? data.getInt(4 * i) & 0xffffffffL : data.getLong(8 * i);
            if (v[i] < 0) {
                throw new NpyFormatException(source, "holds the uint64 value " + Long.toUnsignedString(v[i])
                        + " at element " + i + ", above the int64 range it is read into");
            }
        }
        return TensorValue.ofLongs(shape, v);
    }

    /** Writes {@code value} as a {@code .npy} file, atomically. */
    public static void write(Path file, TensorValue value) throws IOException {
        requireNonNull(file, "file is null");
        requireNonNull(value, "value is null");
        byte[] bytes = toBytes(value);
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                out.write(bytes);
            }
            // the temporary file is the owner's only; the result is readable as a file written in place would be
            if (Files.getFileAttributeView(tmp, PosixFileAttributeView.class) != null) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The bytes of {@code value} in the {@code .npy} format. */
    public static byte[] toBytes(TensorValue value) {
        requireNonNull(value, "value is null");
        String descr = null;
        for (Map.Entry<String, DType> e : DESCR.entrySet()) {
            if (e.getValue() == value.dtype()) {
                descr = e.getKey();
            }
        }
        if (descr == null) {
            throw new IllegalArgumentException("dtype " + value.dtype() + " has no .npy form here; cast it to one of "
                    + DESCR.values().stream().map(DType::milName).sorted().toList());
        }
        List<String> dims = new ArrayList<>();
        for (long d : value.shape().toLongArray()) {
            dims.add(Long.toString(d));
        }
        String shape = dims.size() == 1 ? "(" + dims.get(0) + ",)" : "(" + String.join(", ", dims) + ")";
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int version = 10 + dict.length() + 1 > 65535 ? 2 : 1;
        int preamble = version == 1 ? 10 : 12;
        int total = preamble + dict.length() + 1;
        int padded = (total + ALIGN - 1) / ALIGN * ALIGN;
        StringBuilder header = new StringBuilder(dict);
        header.append(" ".repeat(padded - total)).append('\n');
        ByteBuffer data = value.buffer();
        ByteBuffer out = ByteBuffer.allocate(Math.addExact(padded, data.remaining())).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) version).put((byte) 0);
        if (version == 1) {
            out.putShort((short) header.length());
        } else {
            out.putInt(header.length());
        }
        out.put(header.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.put(data);
        return out.array();
    }
}
