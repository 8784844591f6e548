package dev.mil4j.backend.mlprogram;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.ir.Block;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.ConstOp;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.spec.MlPackageWriter;
import dev.mil4j.spec.blob.BlobDataType;
import dev.mil4j.ops.constexpr.PackedBits;
import dev.mil4j.spec.proto.mil.Argument;
import dev.mil4j.spec.proto.mil.DataType;
import dev.mil4j.spec.proto.mil.DictionaryType;
import dev.mil4j.spec.proto.mil.DictionaryValue;
import dev.mil4j.spec.proto.mil.NamedValueType;
import dev.mil4j.spec.proto.mil.Program;
import dev.mil4j.spec.proto.mil.TensorType;
import dev.mil4j.spec.proto.mil.Value;
import dev.mil4j.spec.proto.mil.ValueType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Writes a mil4j program as a MIL.proto {@code Program}, the way coremltools does: one block specialization per
 * function keyed by its opset ({@code CoreML5}..{@code CoreML8}); every op with a {@code name} attribute; inputs
 * bound by var name (a variadic input as several bindings of one argument); {@code const} ops carrying their value
 * in attribute {@code val}, as an immediate value or, for fp16/fp32/int8/uint8 constants of at least
 * {@link MlProgramOptions#blobThreshold()} elements, as a {@code BlobFileValue} whose data is streamed to the
 * weight file at once (the proto holds only the reference). The constant inputs of {@code constexpr_*} ops are
 * written inside the op, as coremltools writes them (see {@link Constexprs}). Program attributes become the {@code buildInfo}
 * dictionary, as coremltools' own build information does, together with {@link DebugInfo}. Writes what it is given:
 * {@link ProgramChecker} decides beforehand whether Core ML can load it.
 */
final class MilProtoWriter {
    /** The program attribute holding build information, a string-to-string dictionary. */
    static final String BUILD_INFO = "buildInfo";
    /** The op attribute holding the op's name. */
    static final String NAME_ATTRIBUTE = "name";

    /** Receives the large constants. */
    @FunctionalInterface
    interface WeightSink {
        /**
         * @param type the blob element type
         * @param data the little-endian data (position to limit)
         * @return the offset of the blob's metadata record in {@link MlPackageWriter#WEIGHT_FILE}
         * @throws IOException if writing fails
         */
        long write(BlobDataType type, ByteBuffer data) throws IOException;
    }

    private final MlProgramOptions options;
    private final WeightSink weights;
    private final DebugInfo debug = new DebugInfo();
    private DebugInfo.FunctionInfo functionInfo;
    private Opset opset;
    private int ordinal;

    MilProtoWriter(MlProgramOptions options, WeightSink weights) {
        this.options = requireNonNull(options, "options is null");
        this.weights = requireNonNull(weights, "weights is null");
    }

    /** @return the blob element type of constants of {@code dtype} that may go to the weight file */
    static Optional<BlobDataType> blobType(DType dtype) {
        return Optional.ofNullable(switch (dtype) {
            case FP16 -> BlobDataType.FLOAT16;
            case FP32 -> BlobDataType.FLOAT32;
            case INT8 -> BlobDataType.INT8;
            case UINT8 -> BlobDataType.UINT8;
            default -> dtype.isSubByte() ? PackageBlobs.blobType(dtype).orElse(null) : null;
        });
    }

    /**
     * @param program the program; left unchanged
     * @return the MIL.proto program
     * @throws IOException if writing a weight fails
     */
    Program write(dev.mil4j.core.ir.Program program) throws IOException {
        Program.Builder out = Program.newBuilder().setVersion(program.version());
        for (Function f : program.functions()) {
            functionInfo = debug.function(f.name());
            ordinal = 0;
            out.putFunctions(f.name(), function(f));
        }
        DictionaryValue.Builder buildInfo = DictionaryValue.newBuilder();
        program.attributes().forEach((k, v) -> buildInfo.addValues(entry(k, v)));
        if (options.debugInfo() && !debug.isEmpty()) {
            buildInfo.addValues(entry(DebugInfo.BUILD_INFO_KEY, debug.encode()));
        }
        if (buildInfo.getValuesCount() > 0) {
            ValueType string = stringType();
            Value.Builder v = Value.newBuilder().setType(ValueType.newBuilder()
                    .setDictionaryType(DictionaryType.newBuilder().setKeyType(string).setValueType(string)));
            v.getImmediateValueBuilder().setDictionary(buildInfo);
            out.putAttributes(BUILD_INFO, v.build());
        }
        return out.build();
    }

    private dev.mil4j.spec.proto.mil.Function function(Function f) throws IOException {
        opset = f.opset();
        String opsetName = opset.milOpsetName();
        dev.mil4j.spec.proto.mil.Function.Builder out = dev.mil4j.spec.proto.mil.Function.newBuilder()
                .setOpset(opsetName);
        for (Var in : f.inputs()) {
            out.addInputs(named(in, functionInfo::addSymbol));
        }
        f.dimBounds().forEach(functionInfo::addRange);
        return out.putBlockSpecializations(opsetName, block(f.body(), false)).build();
    }

    private dev.mil4j.spec.proto.mil.Block block(Block b, boolean nested) throws IOException {
        dev.mil4j.spec.proto.mil.Block.Builder out = dev.mil4j.spec.proto.mil.Block.newBuilder();
        if (nested) {
            for (Var in : b.inputs()) {
                out.addInputs(named(in, functionInfo::addSymbol));
            }
        }
        for (Operation op : b.operations()) {
            if (op.type().equals(StateUpdates.UPDATE)) {
                out.addOperations(StateUpdates.write(op));
                dev.mil4j.spec.proto.mil.Operation read = operation(op);
                out.addOperations(StateUpdates.read(op, read.getOutputs(0)));
            } else if (!Constexprs.isInlined(op)) {
                out.addOperations(operation(op));
            }
        }
        for (Var v : b.outputs()) {
            out.addOutputs(v.name());
        }
        return out.build();
    }

    private dev.mil4j.spec.proto.mil.Operation operation(Operation op) throws IOException {
        if (op.location().isKnown()) {
            functionInfo.addLocation(ordinal, op.location());
        }
        ordinal++;
        dev.mil4j.spec.proto.mil.Operation.Builder out = dev.mil4j.spec.proto.mil.Operation.newBuilder()
                .setType(op.type());
        boolean asAttributes = op.def().isConstexpr() && Constexprs.inputsAsAttributes(opset);
        for (Map.Entry<String, List<Var>> in : op.inputs().entrySet()) {
            Argument.Builder arg = Argument.newBuilder();
            for (Var v : in.getValue()) {
                if (ClassLabels.inlines(op, v)) {
                    arg.addArguments(Argument.Binding.newBuilder().setValue(ClassLabels.toProto(v.value()
                            .orElseThrow())));
                } else if (!Constexprs.inlines(op, v)) {
                    arg.addArguments(Argument.Binding.newBuilder().setName(v.name()));
                } else if (asAttributes) {
                    out.putAttributes(in.getKey(), constValue(v.value().orElseThrow()));
                } else {
                    arg.addArguments(Argument.Binding.newBuilder().setValue(constValue(v.value().orElseThrow())));
                }
            }
            if (arg.getArgumentsCount() > 0) {
                out.putInputs(in.getKey(), arg.build());
            }
        }
        for (Var v : op.outputs()) {
            out.addOutputs(named(v, functionInfo::addSymbol));
        }
        for (Block nested : op.blocks()) {
            out.addBlocks(block(nested, true));
        }
        out.putAttributes(NAME_ATTRIBUTE, MilProtoValues.string(op.name()));
        for (Map.Entry<String, TensorValue> a : op.attributes().entrySet()) {
            boolean constValue = op.def() == ConstOp.INSTANCE && a.getKey().equals(ConstOp.VALUE);
            out.putAttributes(a.getKey(),
                    constValue ? constValue(a.getValue()) : MilProtoValues.immediate(a.getValue()));
        }
        return out.build();
    }

    private Value constValue(TensorValue v) throws IOException {
        Optional<BlobDataType> blob = blobType(v.dtype());
        if (blob.isEmpty() || v.elementCount() < options.blobThreshold()) {
            return MilProtoValues.immediate(v);
        }
        ByteBuffer data = v.dtype().isSubByte() ? PackedBits.pack(v.buffer(), v.dtype().bitWidth()) : v.buffer();
        long offset = weights.write(blob.get(), data);
        Value.Builder out = Value.newBuilder().setType(MilProtoTypes.toProto(v.type(), s -> { }));
        out.getBlobFileValueBuilder().setFileName(MlPackageWriter.WEIGHT_FILE).setOffset(offset);
        return out.build();
    }

    private static NamedValueType named(Var v, Consumer<String> symbols) {
        return NamedValueType.newBuilder().setName(v.name()).setType(MilProtoTypes.toProto(v.type(), symbols))
                .build();
    }

    private static DictionaryValue.KeyValuePair entry(String key, String value) {
        return DictionaryValue.KeyValuePair.newBuilder().setKey(MilProtoValues.string(key))
                .setValue(MilProtoValues.string(value)).build();
    }

    private static ValueType stringType() {
        return ValueType.newBuilder().setTensorType(TensorType.newBuilder().setDataType(DataType.STRING)).build();
    }
}
