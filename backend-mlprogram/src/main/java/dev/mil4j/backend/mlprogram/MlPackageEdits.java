package dev.mil4j.backend.mlprogram;

import dev.mil4j.converter.spi.ColorLayout;
import dev.mil4j.converter.spi.ImageInput;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.Fp16;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.spec.FeatureEdits;
import dev.mil4j.spec.proto.ImageFeatureType;
import dev.mil4j.spec.proto.Model;
import dev.mil4j.spec.proto.ModelDescription;
import dev.mil4j.spec.proto.mil.Argument;
import dev.mil4j.spec.proto.mil.Block;
import dev.mil4j.spec.proto.mil.DataType;
import dev.mil4j.spec.proto.mil.Function;
import dev.mil4j.spec.proto.mil.NamedValueType;
import dev.mil4j.spec.proto.mil.Operation;
import dev.mil4j.spec.proto.mil.Program;
import dev.mil4j.spec.proto.mil.Value;
import dev.mil4j.spec.proto.mil.ValueType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Edits of an ML Program model ({@code mil4j edit}) made on its MIL.proto directly, so that everything else in the
 * package (weights, other ops, metadata, coremltools' build information) stays as it is.
 */
public final class MlPackageEdits {
    private MlPackageEdits() {
    }

    /**
     * Makes input {@code image.name()} of {@code main} an image, as coremltools converts a {@code ct.ImageType} input
     * into an ML Program: the description's input becomes an {@code imageType} of the tensor's height and width, and
     * the program applies the scale and bias before its first op with coremltools' ops and names
     * ({@code const image__scaled___y_0}, {@code mul image__scaled__}, {@code const image__biased___y_0},
     * {@code add image__biased__}; each left out when the scale is 1 or every bias 0), every other use of the input
     * reading the result. The input must be an fp32 tensor {@code [1, C, H, W]} with the layout's channel count; for
     * {@code GRAYSCALE_FLOAT16} (an iOS16 program) an fp16 one, or an fp32 one of static shape, which becomes fp16 as
     * coremltools types it ({@link ImageRetyping}: the scale and bias in fp16, a cast of the input to fp16 gone, other
     * uses reading the result cast to fp32).
     *
     * @throws IllegalArgumentException naming {@code --image} and the input when it cannot be an image
     */
    public static Model withImageInput(Model model, ImageInput image) {
        String option = "--image " + image.name();
        if (!model.hasMlProgram()) {
            throw new IllegalArgumentException(option + ": the model is not an ML Program");
        }
        String mainName = model.getDescription().getDefaultFunctionName().isEmpty() ? ModelDescriptions.MAIN
                : model.getDescription().getDefaultFunctionName();
        Function main = model.getMlProgram().getFunctionsMap().get(mainName);
        if (main == null) {
            throw new IllegalArgumentException(option + ": the program has no function '" + mainName + "'");
        }
        NamedValueType input = main.getInputsList().stream().filter(i -> i.getName().equals(image.name()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException(option + ": the model has no input '"
                        + image.name() + "'; its inputs are " + main.getInputsList().stream()
                        .map(NamedValueType::getName).toList()));
        boolean half = image.layout() == ColorLayout.GRAYSCALE_FLOAT16;
        checkInput(option, input.getType(), image.layout(), half, main.getOpset());
        // GRAYSCALE_FLOAT16 on an fp32 input: the input becomes fp16, as coremltools types it (ImageRetyping)
        boolean retype = half && input.getType().getTensorType().getDataType() == DataType.FLOAT32;
        ValueType imageType = retype ? ImageRetyping.withDataType(input.getType(), DataType.FLOAT16)
                : input.getType();
        List<Operation> ops = preprocessing(image, imageType, half);
        Function.Builder f = main.toBuilder();
        if (retype) {
            f.setInputs(main.getInputsList().indexOf(input), input.toBuilder().setType(imageType));
        }
        String last = ops.isEmpty() ? image.name() : ops.get(ops.size() - 1).getOutputs(0).getName();
        int inserted = ops.size();
        List<Integer> removedOrdinals = new ArrayList<>();
        for (var e : main.getBlockSpecializationsMap().entrySet()) {
            Block body = e.getValue();
            ImageRetyping retyping = retype ? ImageRetyping.of(body, image.name(), last, input.getType())
                    : new ImageRetyping(Set.of(), Map.of(image.name(), last), List.of());
            List<Operation> added = new ArrayList<>(ops);
            added.addAll(retyping.castBack());
            checkFreeNames(option, body, added);
            Block.Builder block = Block.newBuilder().addAllInputs(body.getInputsList()).addAllOperations(added);
            int ordinal = added.size();
            removedOrdinals.clear();
            for (int i = 0; i < body.getOperationsCount(); i++) {
                Operation op = body.getOperations(i);
                if (retyping.removed().contains(i)) {
                    removedOrdinals.add(ordinal);
                } else {
                    block.addOperations(rebind(op, retyping.renamed()));
                }
                ordinal += 1 + nestedOps(op);
            }
            for (String out : body.getOutputsList()) {
                block.addOutputs(retyping.renamed().getOrDefault(out, out));
            }
            block.putAllAttributes(body.getAttributesMap());
            f.putBlockSpecializations(e.getKey(), block.build());
            inserted = added.size();
        }
        Program.Builder program = model.getMlProgram().toBuilder().putFunctions(mainName, f.build());
        shiftDebugInfo(program, mainName, main, input, inserted, removedOrdinals);
        ModelDescription.Builder description = model.getDescription().toBuilder();
        FeatureEdits.toImageInput(description, image.name(), ImageFeatureType.ColorSpace.valueOf(
                image.layout().name()));
        return model.toBuilder().setMlProgram(program).setDescription(description).build();
    }

    private static void checkInput(String option, ValueType type, ColorLayout layout, boolean half, String opset) {
        DataType dtype = type.hasTensorType() ? type.getTensorType().getDataType() : DataType.UNUSED_TYPE;
        boolean image = type.hasTensorType() && type.getTensorType().getDimensionsCount() == 4
                && type.getTensorType().getDimensions(1).hasConstant()
                && type.getTensorType().getDimensions(1).getConstant().getSize() == layout.channels()
                && (dtype == DataType.FLOAT32 || (half && dtype == DataType.FLOAT16));
        if (!image) {
            throw new IllegalArgumentException(option + " needs a " + (half ? "fp32 or fp16" : "fp32") + " input [1, "
                    + layout.channels() + ", H, W] for layout " + layout + ", but the input is "
                    + type.toString().replaceAll("\\s+", " ").strip() + "; convert the model again with --image");
        }
        if (half && opset.compareTo("CoreML6") < 0) {
            throw new IllegalArgumentException(option + " has layout GRAYSCALE_FLOAT16, which needs an iOS16 "
                    + "program, but the function is " + opset + "; use layout GRAYSCALE");
        }
        if (half && dtype == DataType.FLOAT32 && unknownDims(type) > 0) {
            throw new IllegalArgumentException(option + " has layout GRAYSCALE_FLOAT16, which makes the fp32 input "
                    + "fp16; that needs a static shape, but the input is "
                    + type.toString().replaceAll("\\s+", " ").strip() + "; convert the model again with --image");
        }
    }

    /** The ops applying scale and bias, as coremltools writes them; empty when there is nothing to apply. */
    private static List<Operation> preprocessing(ImageInput image, ValueType inputType, boolean half) {
        List<Operation> ops = new ArrayList<>(4);
        String x = image.name();
        if (image.scale() != 1f) {
            String out = image.name() + "__scaled__";
            ops.add(constOp(out + "_y_0", value(Shape.scalar(), half, image.scale())));
            ops.add(binary("mul", x, out + "_y_0", out, inputType));
            x = out;
        }
        if (image.hasBias()) {
            int c = image.layout().channels();
            float[] bias = new float[image.bias().size() == 1 ? 1 : c];
            for (int i = 0; i < bias.length; i++) {
                bias[i] = image.bias(i);
            }
            String out = image.name() + "__biased__";
            ops.add(constOp(out + "_y_0", value(bias.length == 1 ? Shape.scalar() : Shape.of(1, c, 1, 1), half,
                    bias)));
            ops.add(binary("add", x, out + "_y_0", out, inputType));
        }
        return ops;
    }

    private static TensorValue value(Shape shape, boolean half, float... values) {
        if (!half) {
            return TensorValue.ofFloats(shape, values);
        }
        short[] bits = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Fp16.fromFloat(values[i]);
        }
        return TensorValue.ofHalfBits(shape, bits);
    }

    private static Operation constOp(String name, TensorValue v) {
        Value val = MilProtoValues.immediate(v);
        return Operation.newBuilder().setType("const")
                .addOutputs(NamedValueType.newBuilder().setName(name).setType(val.getType()))
                .putAttributes(MilProtoWriter.NAME_ATTRIBUTE, MilProtoValues.string(name))
                .putAttributes("val", val).build();
    }

    private static Operation binary(String type, String x, String y, String out, ValueType outType) {
        return Operation.newBuilder().setType(type)
                .putInputs("x", Argument.newBuilder().addArguments(Argument.Binding.newBuilder().setName(x)).build())
                .putInputs("y", Argument.newBuilder().addArguments(Argument.Binding.newBuilder().setName(y)).build())
                .addOutputs(NamedValueType.newBuilder().setName(out).setType(outType))
                .putAttributes(MilProtoWriter.NAME_ATTRIBUTE, MilProtoValues.string(out)).build();
    }

    /** The op with every binding of a name {@code renamed} holds (in its nested blocks too) bound to its new name. */
    private static Operation rebind(Operation op, Map<String, String> renamed) {
        Operation.Builder b = op.toBuilder();
        for (var in : op.getInputsMap().entrySet()) {
            Argument.Builder arg = in.getValue().toBuilder();
            for (Argument.Binding.Builder binding : arg.getArgumentsBuilderList()) {
                String to = renamed.get(binding.getName());
                if (to != null && !binding.getName().isEmpty()) {
                    binding.setName(to);
                }
            }
            b.putInputs(in.getKey(), arg.build());
        }
        for (int i = 0; i < op.getBlocksCount(); i++) {
            Block nested = op.getBlocks(i);
            Block.Builder nb = nested.toBuilder().clearOperations().clearOutputs();
            nested.getOperationsList().forEach(o -> nb.addOperations(rebind(o, renamed)));
            nested.getOutputsList().forEach(o -> nb.addOutputs(renamed.getOrDefault(o, o)));
            b.setBlocks(i, nb);
        }
        return b.build();
    }

    /** The ops inside an op's nested blocks, at every depth. */
    private static int nestedOps(Operation op) {
        int n = 0;
        for (Block nested : op.getBlocksList()) {
            for (Operation o : nested.getOperationsList()) {
                n += 1 + nestedOps(o);
            }
        }
        return n;
    }

    private static void checkFreeNames(String option, Block block, List<Operation> ops) {
        Set<String> taken = new HashSet<>();
        collectNames(block, taken);
        for (Operation op : ops) {
            String name = op.getOutputs(0).getName();
            if (taken.contains(name)) {
                throw new IllegalArgumentException(option + ": the program already has a value named '" + name
                        + "' (was the input made an image before?)");
            }
        }
    }

    private static void collectNames(Block block, Set<String> names) {
        for (Operation op : block.getOperationsList()) {
            op.getOutputsList().forEach(o -> names.add(o.getName()));
            op.getBlocksList().forEach(nested -> collectNames(nested, names));
        }
    }

    /** mil4j's debug information, if the package has it, follows the inserted ops (see {@link DebugInfo}). */
    private static void shiftDebugInfo(Program.Builder program, String function, Function main,
            NamedValueType input, int inserted, List<Integer> removedOrdinals) {
        Value buildInfo = program.getAttributesMap().get(MilProtoWriter.BUILD_INFO);
        if ((inserted == 0 && removedOrdinals.isEmpty()) || buildInfo == null || !buildInfo.getImmediateValue().hasDictionary()) {
            return;
        }
        var dictionary = buildInfo.getImmediateValue().getDictionary().toBuilder();
        for (var entry : dictionary.getValuesBuilderList()) {
            var key = entry.getKey().getImmediateValue().getTensor().getStrings();
            var text = entry.getValue().getImmediateValue().getTensor().getStrings();
            if (key.getValuesCount() != 1 || !key.getValues(0).equals(DebugInfo.BUILD_INFO_KEY)
                    || text.getValuesCount() != 1) {
                continue;
            }
            DebugInfo info = DebugInfo.decode(text.getValues(0));
            DebugInfo.FunctionInfo f = info.function(function);
            // the symbols of the function inputs come first; the mul and add outputs have the image input's own
            int total = 0;
            for (NamedValueType in : main.getInputsList()) {
                total += unknownDims(in.getType());
            }
            int before = 0;
            for (NamedValueType in : main.getInputsList()) {
                if (in.getName().equals(input.getName())) {
                    break;
                }
                before += unknownDims(in.getType());
            }
            List<String> own = f.symbols().subList(Math.min(before, f.symbols().size()),
                    Math.min(before + unknownDims(input.getType()), f.symbols().size()));
            List<String> outputs = new ArrayList<>();
            for (int i = 0; i < inserted / 2; i++) {
                outputs.addAll(own);
            }
            f.insertOpsAtStart(inserted, total, List.copyOf(outputs));
            for (int i = removedOrdinals.size() - 1; i >= 0; i--) {
                f.removeOp(removedOrdinals.get(i)); // an fp16 image's no-op casts (no symbols: static shapes)
            }
            entry.setValue(MilProtoValues.string(info.encode()));
        }
        program.putAttributes(MilProtoWriter.BUILD_INFO, buildInfo.toBuilder().setImmediateValue(
                buildInfo.getImmediateValue().toBuilder().setDictionary(dictionary)).build());
    }

    private static int unknownDims(ValueType type) {
        return type.hasTensorType() ? (int) type.getTensorType().getDimensionsList().stream()
                .filter(d -> !d.hasConstant()).count() : 0;
    }
}
