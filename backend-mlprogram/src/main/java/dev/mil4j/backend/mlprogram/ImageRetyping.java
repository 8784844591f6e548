package dev.mil4j.backend.mlprogram;

import dev.mil4j.spec.proto.mil.Argument;
import dev.mil4j.spec.proto.mil.Block;
import dev.mil4j.spec.proto.mil.DataType;
import dev.mil4j.spec.proto.mil.NamedValueType;
import dev.mil4j.spec.proto.mil.Operation;
import dev.mil4j.spec.proto.mil.Value;
import dev.mil4j.spec.proto.mil.ValueType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How an fp32 input becomes the fp16 image of layout {@code GRAYSCALE_FLOAT16} ({@code mil4j edit --image}), as
 * coremltools types such an input: the input is fp16 and so are its scale and bias ops; a {@code cast} of the input
 * to fp16 (what an fp16 program has at its start) is then no-op and goes, its users reading the biased image, as
 * coremltools' {@code cast_optimization} leaves it; every other use of the input (an fp32 program's) reads the
 * biased image cast back to fp32 ({@code cast image__to_fp32}, inserted after the scale and bias).
 *
 * @param removed the indices of the block's top-level ops that go: the casts to fp16 and their dtype constants that
 *     nothing else uses
 * @param renamed each value name that now means another: the casts' outputs to the biased image, the input to its
 *     fp32 cast
 * @param castBack the two ops (dtype constant, cast) making the fp32 value, empty when nothing needs it
 */
record ImageRetyping(Set<Integer> removed, Map<String, String> renamed, List<Operation> castBack) {
    /** The suffix of the fp32 cast's name after the input's. */
    static final String TO_FP32 = "__to_fp32";

    /** {@code type} with the element type {@code dtype}. */
    static ValueType withDataType(ValueType type, DataType dtype) {
        return type.toBuilder().setTensorType(type.getTensorType().toBuilder().setDataType(dtype)).build();
    }

    /**
     * @param input the input's name
     * @param biased the name of the fp16 value the program reads instead (the last preprocessing op's, or the input)
     * @param declared the input's declared fp32 type
     */
    static ImageRetyping of(Block block, String input, String biased, ValueType declared) {
        Map<String, Operation> consts = new HashMap<>();
        for (Operation op : block.getOperationsList()) {
            if (op.getType().equals("const") && op.getOutputsCount() == 1) {
                consts.put(op.getOutputs(0).getName(), op);
            }
        }
        Set<Integer> removed = new TreeSet<>();
        Map<String, String> renamed = new HashMap<>();
        List<String> dtypeConsts = new ArrayList<>();
        for (int i = 0; i < block.getOperationsCount(); i++) {
            Operation op = block.getOperations(i);
            if (isCastToFp16Of(op, input, consts)) {
                removed.add(i);
                renamed.put(op.getOutputs(0).getName(), biased);
                Argument.Binding dtype = op.getInputsOrThrow("dtype").getArguments(0);
                if (!dtype.getName().isEmpty()) {
                    dtypeConsts.add(dtype.getName());
                }
            }
        }
        Map<String, Integer> uses = new HashMap<>();
        boolean otherUses = false;
        for (int i = 0; i < block.getOperationsCount(); i++) {
            if (!removed.contains(i)) {
                otherUses |= countUses(block.getOperations(i), input, uses);
            }
        }
        otherUses |= block.getOutputsList().contains(input);
        for (String name : dtypeConsts) {
            if (uses.getOrDefault(name, 0) == 0 && !block.getOutputsList().contains(name)) {
                for (int i = 0; i < block.getOperationsCount(); i++) {
                    if (block.getOperations(i) == consts.get(name)) {
                        removed.add(i);
                    }
                }
            }
        }
        List<Operation> castBack = List.of();
        if (otherUses) {
            String out = input + TO_FP32;
            Value fp32 = MilProtoValues.string("fp32");
            Operation dtype = Operation.newBuilder().setType("const")
                    .addOutputs(NamedValueType.newBuilder().setName(out + "_dtype_0").setType(fp32.getType()))
                    .putAttributes(MilProtoWriter.NAME_ATTRIBUTE, MilProtoValues.string(out + "_dtype_0"))
                    .putAttributes("val", fp32).build();
            Operation cast = Operation.newBuilder().setType("cast")
                    .putInputs("x", bound(biased)).putInputs("dtype", bound(out + "_dtype_0"))
                    .addOutputs(NamedValueType.newBuilder().setName(out).setType(declared))
                    .putAttributes(MilProtoWriter.NAME_ATTRIBUTE, MilProtoValues.string(out)).build();
            castBack = List.of(dtype, cast);
            renamed.put(input, out);
        } else {
            renamed.put(input, biased);
        }
        return new ImageRetyping(removed, renamed, castBack);
    }

    private static Argument bound(String name) {
        return Argument.newBuilder().addArguments(Argument.Binding.newBuilder().setName(name)).build();
    }

    // cast(x = input, dtype = "fp16"), the dtype a const op's or inline
    private static boolean isCastToFp16Of(Operation op, String input, Map<String, Operation> consts) {
        if (!op.getType().equals("cast") || !op.containsInputs("x") || !op.containsInputs("dtype")
                || op.getInputsOrThrow("x").getArgumentsCount() != 1
                || !op.getInputsOrThrow("x").getArguments(0).getName().equals(input)
                || op.getInputsOrThrow("dtype").getArgumentsCount() != 1) {
            return false;
        }
        Argument.Binding dtype = op.getInputsOrThrow("dtype").getArguments(0);
        Value v = dtype.hasValue() ? dtype.getValue() : consts.containsKey(dtype.getName())
                ? consts.get(dtype.getName()).getAttributesOrDefault("val", Value.getDefaultInstance()) : null;
        return v != null && v.hasImmediateValue() && v.getImmediateValue().hasTensor()
                && v.getImmediateValue().getTensor().getStrings().getValuesList().equals(List.of("fp16"));
    }

    /** Counts every binding of a name in {@code op} (nested blocks too); whether {@code input} is one of them. */
    private static boolean countUses(Operation op, String input, Map<String, Integer> uses) {
        boolean usesInput = false;
        for (Argument arg : op.getInputsMap().values()) {
            for (Argument.Binding b : arg.getArgumentsList()) {
                if (!b.getName().isEmpty()) {
                    uses.merge(b.getName(), 1, Integer::sum);
                    usesInput |= b.getName().equals(input);
                }
            }
        }
        for (Block nested : op.getBlocksList()) {
            for (Operation o : nested.getOperationsList()) {
                usesInput |= countUses(o, input, uses);
            }
            for (String out : nested.getOutputsList()) {
                uses.merge(out, 1, Integer::sum);
                usesInput |= out.equals(input);
            }
        }
        return usesInput;
    }
}
