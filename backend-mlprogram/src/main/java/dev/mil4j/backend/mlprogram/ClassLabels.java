package dev.mil4j.backend.mlprogram;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.ConstOp;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.classify.ClassifyOp;
import dev.mil4j.spec.proto.mil.Dimension;
import dev.mil4j.spec.proto.mil.ListType;
import dev.mil4j.spec.proto.mil.Value;
import dev.mil4j.spec.proto.mil.ValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * The labels of a {@code classify} op in MIL.proto, as coremltools writes them: not a {@code const} op but a value
 * bound inside the op, a {@code list<string | int64>} of scalar immediates, one per class. mil4j's IR holds them as a
 * const rank-1 tensor (see {@link ClassifyOp}); the writer writes that tensor as such a list and the reader gives the
 * list back as a {@code const} named {@code OP_classes}.
 */
final class ClassLabels {
    /** The input of {@code classify} that holds the labels. */
    static final String INPUT = "classes";

    private ClassLabels() {
    }

    /** @return whether {@code v}, an input of {@code op}, is the labels of a {@code classify}, written inside it */
    static boolean inlines(Operation op, Var v) {
        return op.type().equals(ClassifyOp.NAME) && op.inputs().getOrDefault(INPUT, List.of()).contains(v)
                && v.producer().map(p -> p.def() == ConstOp.INSTANCE).orElse(false);
    }

    /** @return the labels as a MIL.proto list value of scalar immediates */
    static Value toProto(TensorValue labels) {
        TensorType scalar = new TensorType(labels.dtype(), Shape.scalar());
        ValueType listType = ValueType.newBuilder().setListType(ListType.newBuilder()
                .setType(MilProtoTypes.toProto(scalar, s -> { }))
                .setLength(Dimension.newBuilder().setConstant(Dimension.ConstantDimension.newBuilder()
                        .setSize(labels.elementCount())))).build();
        Value.Builder out = Value.newBuilder().setType(listType);
        var list = out.getImmediateValueBuilder().getListBuilder();
        for (long i = 0; i < labels.elementCount(); i++) {
            list.addValues(MilProtoValues.immediate(labels.dtype() == DType.STRING
                    ? TensorValue.scalar(labels.getString(i)) : TensorValue.scalar(labels.getLong(i))));
        }
        return out.build();
    }

    /** @return whether {@code v} is an immediate list value, such as a {@code classify}'s labels */
    static boolean isList(Value v) {
        return v.getType().hasListType() && v.hasImmediateValue() && v.getImmediateValue().hasList();
    }

    /**
     * @return the list's scalar string or int64 elements as a rank-1 tensor
     * @throws MilProtoTypes.UnsupportedTypeException when they are not such scalars
     */
    static TensorValue fromProto(Value v, String where) {
        List<Value> values = v.getImmediateValue().getList().getValuesList();
        List<String> strings = new ArrayList<>();
        long[] longs = new long[values.size()];
        DType dtype = null;
        for (int i = 0; i < values.size(); i++) {
            Value e = values.get(i);
            if (!e.getType().hasTensorType() || !e.hasImmediateValue() || !e.getImmediateValue().hasTensor()) {
                throw new MilProtoTypes.UnsupportedTypeException(where + " is a list whose element " + i
                        + " is not an immediate tensor");
            }
            TensorType t = MilProtoTypes.tensorFromProto(e.getType().getTensorType(), () -> "unknown", where);
            if (t.rank() != 0 || (t.dtype() != DType.STRING && t.dtype() != DType.INT64)
                    || (dtype != null && t.dtype() != dtype)) {
                throw new MilProtoTypes.UnsupportedTypeException(where + " is a list of " + t + "; mil4j reads "
                        + "lists of string or int64 scalars (class labels) only");
            }
            dtype = t.dtype();
            TensorValue value = MilProtoValues.fromImmediate(t, e.getImmediateValue().getTensor(), where);
            if (dtype == DType.STRING) {
                strings.add(value.getString(0));
            } else {
                longs[i] = value.scalarLong();
            }
        }
        if (dtype == null) {
            throw new MilProtoTypes.UnsupportedTypeException(where + " is an empty list");
        }
        Shape shape = Shape.of(values.size());
        return dtype == DType.STRING ? TensorValue.ofStrings(shape, strings.toArray(String[]::new))
                : TensorValue.ofLongs(shape, longs);
    }
}
