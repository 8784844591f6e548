package dev.mil4j.backend.mlprogram;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.DictType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.ListType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.StateType;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.spec.proto.mil.DataType;
import dev.mil4j.spec.proto.mil.Dimension;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Types between mil4j and MIL.proto. A tensor type is a {@code tensorType} with its data type, rank and one
 * dimension per axis; a scalar is rank 0 without dimensions (as coremltools writes them). MIL.proto has no named
 * dimensions: a symbolic dimension becomes an {@code unknown} one, and its name travels separately (see
 * {@link DebugInfo}). A list is a {@code listType} of its element tensor type and its length; a dictionary a
 * {@code dictionaryType} of its scalar key and value tensor types.
 */
final class MilProtoTypes {
    private MilProtoTypes() {
    }

    /** @return the MIL.proto data type of a mil4j dtype (every mil4j dtype has one) */
    static DataType dataType(DType dtype) {
        return switch (dtype) {
            case BOOL -> DataType.BOOL;
            case INT8 -> DataType.INT8;
            case INT16 -> DataType.INT16;
            case INT32 -> DataType.INT32;
            case INT64 -> DataType.INT64;
            case UINT8 -> DataType.UINT8;
            case UINT16 -> DataType.UINT16;
            case UINT32 -> DataType.UINT32;
            case INT4 -> DataType.INT4;
            case UINT1 -> DataType.UINT1;
            case UINT2 -> DataType.UINT2;
            case UINT3 -> DataType.UINT3;
            case UINT4 -> DataType.UINT4;
            case UINT6 -> DataType.UINT6;
            case FP16 -> DataType.FLOAT16;
            case FP32 -> DataType.FLOAT32;
            case FP64 -> DataType.FLOAT64;
            case STRING -> DataType.STRING;
        };
    }

    /** @return the mil4j dtype of a MIL.proto data type; empty for those mil4j has no tensors of (bfloat16, float8, uint64...) */
    static Optional<DType> dtype(DataType dataType) {
        return Optional.ofNullable(switch (dataType) {
            case BOOL -> DType.BOOL;
            case INT8 -> DType.INT8;
            case INT16 -> DType.INT16;
            case INT32 -> DType.INT32;
            case INT64 -> DType.INT64;
            case UINT8 -> DType.UINT8;
            case UINT16 -> DType.UINT16;
            case UINT32 -> DType.UINT32;
            case INT4 -> DType.INT4;
            case UINT1 -> DType.UINT1;
            case UINT2 -> DType.UINT2;
            case UINT3 -> DType.UINT3;
            case UINT4 -> DType.UINT4;
            case UINT6 -> DType.UINT6;
            case FLOAT16 -> DType.FP16;
            case FLOAT32 -> DType.FP32;
            case FLOAT64 -> DType.FP64;
            case STRING -> DType.STRING;
            default -> null;
        });
    }

    /**
     * @param type a mil4j type
     * @param symbols receives the name of each symbolic dimension, in the order they are written
     * @return the MIL.proto value type
     */
    static dev.mil4j.spec.proto.mil.ValueType toProto(ValueType type, Consumer<String> symbols) {
        if (type instanceof TensorType t) {
            return dev.mil4j.spec.proto.mil.ValueType.newBuilder().setTensorType(tensorType(t, symbols)).build();
        }
        if (type instanceof StateType s) {
            return dev.mil4j.spec.proto.mil.ValueType.newBuilder().setStateType(dev.mil4j.spec.proto.mil.StateType
                    .newBuilder().setWrappedType(toProto(s.wrappedType(), symbols))).build();
        }
        if (type instanceof DictType d) {
            return dev.mil4j.spec.proto.mil.ValueType.newBuilder().setDictionaryType(dev.mil4j.spec.proto.mil
                    .DictionaryType.newBuilder().setKeyType(toProto(d.keyType(), symbols))
                    .setValueType(toProto(d.valueType(), symbols))).build();
        }
        ListType l = (ListType) type;
        dev.mil4j.spec.proto.mil.ListType.Builder list = dev.mil4j.spec.proto.mil.ListType.newBuilder()
                .setType(dev.mil4j.spec.proto.mil.ValueType.newBuilder()
                        .setTensorType(tensorType(l.elementType(), symbols)))
                .setLength(dimension(l.length(), symbols));
        return dev.mil4j.spec.proto.mil.ValueType.newBuilder().setListType(list).build();
    }

    static dev.mil4j.spec.proto.mil.TensorType tensorType(TensorType t, Consumer<String> symbols) {
        dev.mil4j.spec.proto.mil.TensorType.Builder b = dev.mil4j.spec.proto.mil.TensorType.newBuilder()
                .setDataType(dataType(t.dtype()))
                .setRank(t.rank());
        for (Dim d : t.shape().dims()) {
            b.addDimensions(dimension(d, symbols));
        }
        return b.build();
    }

    private static Dimension dimension(Dim d, Consumer<String> symbols) {
        if (d.isKnown()) {
            return Dimension.newBuilder().setConstant(Dimension.ConstantDimension.newBuilder().setSize(d.size()))
                    .build();
        }
        symbols.accept(((Dim.Symbol) d).name());
        return Dimension.newBuilder().setUnknown(Dimension.UnknownDimension.newBuilder().setVariadic(false)).build();
    }

    /**
     * @param type a MIL.proto value type
     * @param symbols supplies the name of each unknown dimension, in the order they are read
     * @param where names the place for messages, e.g. "input `x` of function `main`"
     * @return the mil4j type
     * @throws UnsupportedTypeException if mil4j cannot represent the type
     */
    static ValueType fromProto(dev.mil4j.spec.proto.mil.ValueType type, Supplier<String> symbols, String where) {
        switch (type.getTypeCase()) {
            case TENSORTYPE:
                return tensorFromProto(type.getTensorType(), symbols, where);
            case LISTTYPE: {
                dev.mil4j.spec.proto.mil.ListType l = type.getListType();
                if (!l.getType().hasTensorType()) {
                    throw new UnsupportedTypeException(where + " is a list of " + l.getType().getTypeCase()
                            + "; mil4j lists hold tensors only");
                }
                TensorType element = tensorFromProto(l.getType().getTensorType(), symbols, where);
                return new ListType(element, dimFromProto(l.getLength(), symbols, where));
            }
            case STATETYPE: {
                dev.mil4j.spec.proto.mil.ValueType wrapped = type.getStateType().getWrappedType();
                if (!wrapped.hasTensorType()) {
                    throw new UnsupportedTypeException(where + " is a state of " + wrapped.getTypeCase()
                            + "; states hold tensors");
                }
                return new StateType(tensorFromProto(wrapped.getTensorType(), symbols, where));
            }
            case DICTIONARYTYPE: {
                dev.mil4j.spec.proto.mil.DictionaryType d = type.getDictionaryType();
                if (!d.getKeyType().hasTensorType() || !d.getValueType().hasTensorType()) {
                    throw new UnsupportedTypeException(where + " is a dictionary of " + d.getKeyType().getTypeCase()
                            + " to " + d.getValueType().getTypeCase() + "; mil4j dictionaries map scalars to scalars");
                }
                TensorType key = tensorFromProto(d.getKeyType().getTensorType(), symbols, where);
                TensorType value = tensorFromProto(d.getValueType().getTensorType(), symbols, where);
                if (key.rank() != 0 || value.rank() != 0) {
                    throw new UnsupportedTypeException(where + " is a dictionary of " + key + " to " + value
                            + "; mil4j dictionaries map scalars to scalars");
                }
                return new DictType(key, value);
            }
            default:
                throw new UnsupportedTypeException(where + " has a " + type.getTypeCase()
                        + " type, which mil4j programs do not have (only tensors, lists, states and dictionaries)");
        }
    }

    static TensorType tensorFromProto(dev.mil4j.spec.proto.mil.TensorType t, Supplier<String> symbols,
            String where) {
        DType dtype = dtype(t.getDataType()).orElseThrow(() -> new UnsupportedTypeException(where
                + " has data type " + t.getDataType() + ", which mil4j does not support"));
        if (t.getRank() != t.getDimensionsCount()) {
            throw new UnsupportedTypeException(where + " has rank " + t.getRank() + " but "
                    + t.getDimensionsCount() + " dimensions; variable-rank tensors are not supported");
        }
        List<Dim> dims = new ArrayList<>(t.getDimensionsCount());
        for (Dimension d : t.getDimensionsList()) {
            dims.add(dimFromProto(d, symbols, where));
        }
        return new TensorType(dtype, Shape.of(dims));
    }

    private static Dim dimFromProto(Dimension d, Supplier<String> symbols, String where) {
        if (d.hasConstant()) {
            long size = d.getConstant().getSize();
            if (size < 0) {
                throw new UnsupportedTypeException(where + " has a dimension of size "
                        + Long.toUnsignedString(size) + ", too large");
            }
            return Dim.of(size);
        }
        if (d.hasUnknown() && d.getUnknown().getVariadic()) {
            throw new UnsupportedTypeException(where + " has a variadic dimension; variable-rank tensors are not"
                    + " supported");
        }
        return Dim.symbol(symbols.get());
    }

    /**
     * Whether an inferred type agrees with a declared MIL.proto type: same kind, data type and rank, equal known
     * sizes; an unknown declared dimension agrees with any dimension, a known one only with the same size.
     */
    static boolean agrees(ValueType inferred, dev.mil4j.spec.proto.mil.ValueType declared) {
        if (inferred instanceof TensorType t) {
            return declared.hasTensorType() && agrees(t, declared.getTensorType());
        }
        if (inferred instanceof StateType s) {
            return declared.hasStateType() && declared.getStateType().getWrappedType().hasTensorType()
                    && agrees(s.wrappedType(), declared.getStateType().getWrappedType().getTensorType());
        }
        if (inferred instanceof DictType d) {
            return declared.hasDictionaryType() && declared.getDictionaryType().getKeyType().hasTensorType()
                    && declared.getDictionaryType().getValueType().hasTensorType()
                    && agrees(d.keyType(), declared.getDictionaryType().getKeyType().getTensorType())
                    && agrees(d.valueType(), declared.getDictionaryType().getValueType().getTensorType());
        }
        ListType l = (ListType) inferred;
        return declared.hasListType() && declared.getListType().getType().hasTensorType()
                && agrees(l.elementType(), declared.getListType().getType().getTensorType())
                && agrees(l.length(), declared.getListType().getLength());
    }

    private static boolean agrees(TensorType t, dev.mil4j.spec.proto.mil.TensorType declared) {
        if (dataType(t.dtype()) != declared.getDataType() || t.rank() != declared.getDimensionsCount()) {
            return false;
        }
        for (int i = 0; i < t.rank(); i++) {
            if (!agrees(t.shape().dim(i), declared.getDimensions(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean agrees(Dim d, Dimension declared) {
        return !declared.hasConstant() || (d.isKnown() && d.size() == declared.getConstant().getSize());
    }

    /** A MIL.proto type that a mil4j program cannot hold. */
    static final class UnsupportedTypeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnsupportedTypeException(String message) {
            super(message);
        }
    }
}
