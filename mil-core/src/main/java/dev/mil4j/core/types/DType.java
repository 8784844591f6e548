package dev.mil4j.core.types;

import java.util.Optional;

/**
 * Element types of MIL tensors. The text name ({@link #milName()}) is the one MIL and coremltools print. The
 * sub-byte integer types ({@code int4}, {@code uint1}..{@code uint6}) of compressed weights take one byte per element
 * in a {@link dev.mil4j.core.value.TensorValue} (sign-extended for {@code int4}) and {@link #bitWidth()} bits in a
 * weight blob, where they are packed.
 */
public enum DType {
    BOOL("bool", 1, Kind.BOOL),
    INT8("int8", 1, Kind.SIGNED),
    INT16("int16", 2, Kind.SIGNED),
    INT32("int32", 4, Kind.SIGNED),
    INT64("int64", 8, Kind.SIGNED),
    UINT8("uint8", 1, Kind.UNSIGNED),
    UINT16("uint16", 2, Kind.UNSIGNED),
    UINT32("uint32", 4, Kind.UNSIGNED),
    INT4("int4", 1, 4, Kind.SIGNED),
    UINT1("uint1", 1, 1, Kind.UNSIGNED),
    UINT2("uint2", 1, 2, Kind.UNSIGNED),
    UINT3("uint3", 1, 3, Kind.UNSIGNED),
    UINT4("uint4", 1, 4, Kind.UNSIGNED),
    UINT6("uint6", 1, 6, Kind.UNSIGNED),
    FP16("fp16", 2, Kind.FLOAT),
    FP32("fp32", 4, Kind.FLOAT),
    FP64("fp64", 8, Kind.FLOAT),
    STRING("string", 0, Kind.STRING);

    private enum Kind { BOOL, SIGNED, UNSIGNED, FLOAT, STRING }

    private static final DType[] VALUES = values();

    private final String milName;
    private final int byteSize;
    private final int bitWidth;
    private final Kind kind;

    DType(String milName, int byteSize, Kind kind) {
        this(milName, byteSize, byteSize * 8, kind);
    }

    DType(String milName, int byteSize, int bitWidth, Kind kind) {
        this.milName = milName;
        this.byteSize = byteSize;
        this.bitWidth = bitWidth;
        this.kind = kind;
    }

    /** The name used in MIL text, e.g. {@code fp32}. */
    public String milName() {
        return milName;
    }

    /** Bytes per element in the packed little-endian storage; 0 for {@link #STRING}. */
    public int byteSize() {
        return byteSize;
    }

    /** Bits per element in a weight blob: {@code 8 * byteSize()}, or fewer for the packed sub-byte integers. */
    public int bitWidth() {
        return bitWidth;
    }

    /** Whether this is a sub-byte integer type ({@code int4}, {@code uint1}..{@code uint6}). */
    public boolean isSubByte() {
        return bitWidth < 8 && kind != Kind.STRING;
    }

    /** The smallest value of an integer type. */
    public long minValue() {
        requireInteger();
        return kind == Kind.UNSIGNED ? 0 : -(1L << (bitWidth - 1));
    }

    /** The largest value of an integer type ({@code 2^bits - 1} unsigned, {@code 2^(bits-1) - 1} signed). */
    public long maxValue() {
        requireInteger();
        return kind == Kind.UNSIGNED ? (bitWidth == 64 ? Long.MAX_VALUE : (1L << bitWidth) - 1)
                : (1L << (bitWidth - 1)) - 1;
    }

    private void requireInteger() {
        if (!isInteger()) {
            throw new IllegalStateException(milName + " is not an integer type");
        }
    }

    public boolean isFloat() {
        return kind == Kind.FLOAT;
    }

    public boolean isInteger() {
        return kind == Kind.SIGNED || kind == Kind.UNSIGNED;
    }

    public boolean isUnsigned() {
        return kind == Kind.UNSIGNED;
    }

    public boolean isBool() {
        return kind == Kind.BOOL;
    }

    public boolean isString() {
        return kind == Kind.STRING;
    }

    /** Numbers: integers and floats (not bool, not string). */
    public boolean isNumeric() {
        return isFloat() || isInteger();
    }

    /** Looks a dtype up by its MIL name. */
    public static Optional<DType> fromMilName(String name) {
        for (DType d : VALUES) {
            if (d.milName.equals(name)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return milName;
    }
}
