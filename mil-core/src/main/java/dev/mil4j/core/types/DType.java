package dev.mil4j.core.types;

import java.util.Optional;

/** Element types of MIL tensors. The text name ({@link #milName()}) is the one MIL and coremltools print. */
public enum DType {
    BOOL("bool", 1, Kind.BOOL),
    INT8("int8", 1, Kind.SIGNED),
    INT16("int16", 2, Kind.SIGNED),
    INT32("int32", 4, Kind.SIGNED),
    INT64("int64", 8, Kind.SIGNED),
    UINT8("uint8", 1, Kind.UNSIGNED),
    UINT16("uint16", 2, Kind.UNSIGNED),
    FP16("fp16", 2, Kind.FLOAT),
    FP32("fp32", 4, Kind.FLOAT),
    FP64("fp64", 8, Kind.FLOAT),
    STRING("string", 0, Kind.STRING);

    private enum Kind { BOOL, SIGNED, UNSIGNED, FLOAT, STRING }

    private static final DType[] VALUES = values();

    private final String milName;
    private final int byteSize;
    private final Kind kind;

    DType(String milName, int byteSize, Kind kind) {
        this.milName = milName;
        this.byteSize = byteSize;
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
