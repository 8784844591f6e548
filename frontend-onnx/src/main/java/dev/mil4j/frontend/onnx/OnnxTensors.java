package dev.mil4j.frontend.onnx;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.proto.StringStringEntryProto;
import dev.mil4j.frontend.onnx.proto.TensorProto;
import dev.mil4j.frontend.onnx.proto.TensorProto.DataType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns ONNX {@link TensorProto}s into MIL constants. Every count and size from the file is checked before use:
 * dims are non-negative with a bounded element count, typed fields and raw data have exactly the expected length,
 * and external data stays inside the model's folder with offset and length inside the data file. Same-layout raw
 * and external data are wrapped without copying (the model file and external files are memory-mapped).
 */
final class OnnxTensors {
    /** The largest element count of one tensor (what a Java buffer can address). */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE;

    private final Path modelDir;
    private final String modelFile;
    private final Function<TensorProto, ByteBuffer> rawBytes;

    /**
     * @param model the model file; external data paths are relative to its folder
     * @param rawBytes a tensor's {@code raw_data} as a little-endian buffer (a view of the model file where it can be)
     */
    OnnxTensors(Path model, Function<TensorProto, ByteBuffer> rawBytes) {
        Path parent = model.toAbsolutePath().normalize().getParent();
        this.modelDir = parent;
        this.modelFile = model.getFileName().toString();
        this.rawBytes = rawBytes;
    }

    /** The MIL value of a tensor; {@code what} names it in messages (e.g. "initializer `fc.weight`"). */
    TensorValue toValue(TensorProto t, String what) {
        DataType type = DataType.forNumber(t.getDataType());
        DType dtype = OnnxTypes.milDtype(t.getDataType()).orElseThrow(() -> error(what + " has element type "
                + OnnxTypes.name(t.getDataType()) + ", which has no MIL equivalent",
                "MIL tensors are bool, int8/16/32, uint8/16, fp16 or fp32 (int64 and double are narrowed)"));
        Shape shape = shape(t, what);
        long count = shape.elementCount().orElseThrow();
        if (type == DataType.STRING) {
            if (t.getStringDataCount() != count) {
                throw error(what + " has " + t.getStringDataCount() + " strings, but its dims " + shape + " need "
                        + count, null);
            }
            return TensorValue.ofStrings(shape, t.getStringDataList().stream()
                    .map(s -> s.toString(StandardCharsets.UTF_8)).toArray(String[]::new));
        }
        Optional<ByteBuffer> raw = Optional.empty();
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            raw = Optional.of(external(t, what, count * OnnxTypes.rawSize(type)));
        } else if (t.hasRawData()) {
            long expected = count * OnnxTypes.rawSize(type);
            ByteBuffer bytes = rawBytes.apply(t);
            if (bytes.remaining() != expected) {
                throw error(what + " has " + bytes.remaining() + " bytes of raw data, but " + type + shape
                        + " needs " + expected, "the model file is corrupt; export it again");
            }
            raw = Optional.of(bytes);
        }
        return raw.isPresent() ? fromRaw(type, dtype, shape, count, raw.get()) : fromTyped(t, type, dtype, shape, count,
                what);
    }

    private Shape shape(TensorProto t, String what) {
        long[] dims = new long[t.getDimsCount()];
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            dims[i] = t.getDims(i);
            if (dims[i] < 0) {
                throw error(what + " has a negative dim " + dims[i], "the model file is corrupt; export it again");
            }
            count = dims[i] == 0 ? 0 : count;
            if (count != 0 && dims[i] > MAX_ELEMENTS / count) {
                throw error(what + " has more than " + MAX_ELEMENTS + " elements", null);
            }
            count *= dims[i];
        }
        return Shape.of(dims);
    }

    private static TensorValue fromRaw(DataType type, DType dtype, Shape shape, long count, ByteBuffer b) {
        int n = (int) count;
        return switch (type) {
            case FLOAT, FLOAT16, INT32, INT16, INT8, UINT16, UINT8, BOOL -> TensorValue.wrap(dtype, shape, b);
            case DOUBLE -> {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = (float) b.getDouble(b.position() + 8 * i);
                }
                yield TensorValue.ofFloats(shape, f);
            }
            case BFLOAT16 -> {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = Float.intBitsToFloat((b.getShort(b.position() + 2 * i) & 0xffff) << 16);
                }
                yield TensorValue.ofFloats(shape, f);
            }
            case INT64, UINT64 -> {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    long x = b.getLong(b.position() + 8 * i);
                    v[i] = type == DataType.UINT64 && x < 0 ? Integer.MAX_VALUE : saturate(x);
                }
                yield TensorValue.ofInts(shape, v);
            }
            case UINT32 -> {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = saturate(b.getInt(b.position() + 4 * i) & 0xffffffffL);
                }
                yield TensorValue.ofInts(shape, v);
            }
            default -> throw new IllegalStateException("no raw reading for " + type);
        };
    }

    private TensorValue fromTyped(TensorProto t, DataType type, DType dtype, Shape shape, long count, String what) {
        int n = (int) count;
        switch (type) {
            case FLOAT -> {
                check(t.getFloatDataCount(), n, "float_data", what, shape);
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = t.getFloatData(i);
                }
                return TensorValue.ofFloats(shape, f);
            }
            case DOUBLE -> {
                check(t.getDoubleDataCount(), n, "double_data", what, shape);
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = (float) t.getDoubleData(i);
                }
                return TensorValue.ofFloats(shape, f);
            }
            case INT64 -> {
                check(t.getInt64DataCount(), n, "int64_data", what, shape);
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = saturate(t.getInt64Data(i));
                }
                return TensorValue.ofInts(shape, v);
            }
            case UINT32, UINT64 -> {
                check(t.getUint64DataCount(), n, "uint64_data", what, shape);
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    long x = t.getUint64Data(i);
                    v[i] = x < 0 ? Integer.MAX_VALUE : saturate(x);
                }
                return TensorValue.ofInts(shape, v);
            }
            case FLOAT16 -> {
                check(t.getInt32DataCount(), n, "int32_data", what, shape);
                short[] bits = new short[n];
                for (int i = 0; i < n; i++) {
                    bits[i] = (short) t.getInt32Data(i);
                }
                return TensorValue.ofHalfBits(shape, bits);
            }
            case BFLOAT16 -> {
                check(t.getInt32DataCount(), n, "int32_data", what, shape);
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = Float.intBitsToFloat((t.getInt32Data(i) & 0xffff) << 16);
                }
                return TensorValue.ofFloats(shape, f);
            }
            case BOOL -> {
                check(t.getInt32DataCount(), n, "int32_data", what, shape);
                boolean[] v = new boolean[n];
                for (int i = 0; i < n; i++) {
                    v[i] = t.getInt32Data(i) != 0;
                }
                return TensorValue.ofBools(shape, v);
            }
            case INT32, INT16, INT8, UINT16, UINT8 -> {
                check(t.getInt32DataCount(), n, "int32_data", what, shape);
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = t.getInt32Data(i);
                }
                return TensorValue.fromLongs(dtype, shape, v);
            }
            default -> throw error(what + " has element type " + type + ", which has no MIL equivalent", null);
        }
    }

    private void check(int actual, int expected, String field, String what, Shape shape) {
        if (actual != expected) {
            throw error(what + " has " + actual + " values in " + field + ", but its dims " + shape + " need "
                    + expected, "the model file is corrupt; export it again");
        }
    }

    /** The bytes of an external tensor: a read-only, memory-mapped view of its slice of the data file. */
    private ByteBuffer external(TensorProto t, String what, long expected) {
        String location = null;
        long offset = 0;
        long length = -1;
        for (StringStringEntryProto e : t.getExternalDataList()) {
            switch (e.getKey()) {
                case "location" -> location = e.getValue();
                case "offset" -> offset = parseLong(e.getValue(), "offset", what);
                case "length" -> length = parseLong(e.getValue(), "length", what);
                default -> {
                }
            }
        }
        if (location == null || location.isEmpty()) {
            throw error(what + " is stored externally but names no location", "the model file is corrupt");
        }
        Path file;
        try {
            Path relative = Path.of(location);
            file = modelDir.resolve(relative).normalize();
            if (relative.isAbsolute() || !file.startsWith(modelDir)) {
                throw outside(what, location);
            }
            if (!Files.isRegularFile(file)) {
                throw error(what + " is stored in `" + location + "`, which does not exist next to " + modelFile,
                        "copy the external data file(s) into the model's folder");
            }
            if (!file.toRealPath().startsWith(modelDir.toRealPath())) {
                throw outside(what, location);
            }
        } catch (java.nio.file.InvalidPathException e) {
            throw error(what + " names an invalid external data location `" + location + "`", null);
        } catch (IOException e) {
            throw error("cannot read the external data of " + what + " in `" + location + "`: " + e.getMessage(),
                    null);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (length < 0) {
                length = size - offset;
            }
            if (offset < 0 || offset > size || length > size - offset) {
                throw error(what + " reads bytes [" + offset + ", " + (offset + length) + ") of `" + location
                        + "`, but the file has " + size + " bytes", "the external data file does not match the model");
            }
            if (length != expected) {
                throw error(what + " has " + length + " bytes of external data, but its type and dims need "
                        + expected, "the external data file does not match the model");
            }
            return ch.map(FileChannel.MapMode.READ_ONLY, offset, length).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw error("cannot read the external data of " + what + " in `" + location + "`: " + e.getMessage(),
                    null);
        }
    }

    private ConversionException outside(String what, String location) {
        return error(what + " points outside the model's folder: external data location `" + location + "`",
                "external data files must be in the folder of " + modelFile + " or below it");
    }

    private long parseLong(String text, String key, String what) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw error(what + " has external data " + key + " `" + text + "`, which is not a number", null);
        }
    }

    private static int saturate(long v) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    private static ConversionException error(String message, String hint) {
        Diagnostic d = Diagnostic.error(message);
        return new ConversionException(hint == null ? d : d.withHint(hint));
    }
}
