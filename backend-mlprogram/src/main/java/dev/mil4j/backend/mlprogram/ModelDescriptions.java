package dev.mil4j.backend.mlprogram;

import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.DictType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.DimBound;
import dev.mil4j.core.types.StateType;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.ops.classify.ClassifyOp;
import dev.mil4j.spec.proto.ArrayFeatureType;
import dev.mil4j.spec.proto.FeatureDescription;
import dev.mil4j.spec.proto.FeatureType;
import dev.mil4j.spec.proto.FunctionDescription;
import dev.mil4j.spec.proto.Int64FeatureType;
import dev.mil4j.spec.proto.Metadata;
import dev.mil4j.spec.proto.ModelDescription;
import dev.mil4j.spec.proto.SizeRange;
import dev.mil4j.spec.proto.StateFeatureType;
import dev.mil4j.spec.proto.StringFeatureType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The model description of an ML Program, as coremltools writes it: each input and output of {@code main} is a
 * MultiArray feature named like the var, with its data type (fp32, int32, or fp16 from iOS16 on). An input's shape is
 * its dims with 1 for each symbolic dim (a scalar is {@code [1]}); when it has symbolic dims it also gets a shape
 * range: the known dims fixed, each symbolic dim over the range the function gives it ({@link Function#dimBound}),
 * else from 1 to {@link MlProgramOptions#symbolicDimUpperBound()}, with its lower bound as the default size. An
 * output's shape is given only when it is static and not a scalar. State inputs (iOS18) are the description's
 * {@code state} entries, not inputs. The outputs of a {@code classify} op (a classifier) are a {@code stringType} or
 * {@code int64Type} label and a {@code dictionaryType} of probabilities keyed the same way, named by the description's
 * {@code predictedFeatureName} and {@code predictedProbabilitiesName}. A program of several functions also lists each
 * function's description, with {@code main} as the default. Interface types that Core ML cannot describe are
 * reported by {@link ProgramChecker}.
 */
final class ModelDescriptions {
    /** The function Core ML runs by default and whose interface is the model's. */
    static final String MAIN = "main";

    private ModelDescriptions() {
    }

    /** @return the feature data type of a model input or output of {@code dtype} at {@code opset}, if any */
    static Optional<ArrayFeatureType.ArrayDataType> ioDataType(DType dtype, Opset opset) {
        return Optional.ofNullable(switch (dtype) {
            case FP32 -> ArrayFeatureType.ArrayDataType.FLOAT32;
            case INT32 -> ArrayFeatureType.ArrayDataType.INT32;
            case FP16 -> opset.compareTo(Opset.IOS16) >= 0 ? ArrayFeatureType.ArrayDataType.FLOAT16 : null;
            default -> null;
        });
    }

    /**
     * @param program a program with a {@code main} function
     * @param options the options (default range of symbolic dimensions, metadata)
     * @return the description; inputs and outputs Core ML cannot describe are left out (check first)
     */
    static ModelDescription describe(Program program, MlProgramOptions options) {
        Function main = program.main();
        ModelDescription.Builder out = ModelDescription.newBuilder()
                .addAllInput(inputs(main, options))
                .addAllOutput(outputs(main))
                .addAllState(states(main));
        if (program.functions().size() > 1) {
            for (Function f : program.functions()) {
                out.addFunctions(FunctionDescription.newBuilder().setName(f.name())
                        .addAllInput(inputs(f, options)).addAllOutput(outputs(f)).addAllState(states(f)));
            }
            out.setDefaultFunctionName(main.name());
        }
        classifierOutputs(main).ifPresent(c -> out.setPredictedFeatureName(c.outputs().get(0).name())
                .setPredictedProbabilitiesName(c.outputs().get(1).name()));
        if (!options.userDefinedMetadata().isEmpty()) {
            out.setMetadata(Metadata.newBuilder().putAllUserDefined(options.userDefinedMetadata()));
        }
        return out.build();
    }

    private static List<FeatureDescription> inputs(Function f, MlProgramOptions options) {
        List<FeatureDescription> out = new ArrayList<>();
        for (Var in : f.inputs()) {
            Optional<ArrayFeatureType.Builder> array = array(in, f.opset());
            if (array.isEmpty()) {
                continue;
            }
            TensorType t = in.tensorType();
            if (t.rank() == 0) {
                array.get().addShape(1);
            }
            boolean symbolic = false;
            for (Dim d : t.shape().dims()) {
                array.get().addShape(d.isKnown() ? d.size() : rangeOf(f, d, options).lower());
                symbolic |= !d.isKnown();
            }
            if (symbolic) {
                var ranges = array.get().getShapeRangeBuilder();
                for (Dim d : t.shape().dims()) {
                    ranges.addSizeRanges(d.isKnown()
                            ? SizeRange.newBuilder().setLowerBound(d.size()).setUpperBound(d.size())
                            : range(rangeOf(f, d, options)));
                }
            }
            out.add(feature(in, array.get()));
        }
        return out;
    }

    /** The function's state inputs (iOS18), each a StateFeatureType of its static array type. */
    private static List<FeatureDescription> states(Function f) {
        List<FeatureDescription> out = new ArrayList<>();
        for (Var in : f.inputs()) {
            if (!(in.type() instanceof StateType st) || !st.wrappedType().shape().isStatic()) {
                continue;
            }
            Optional<ArrayFeatureType.ArrayDataType> dtype = ioDataType(st.wrappedType().dtype(), f.opset());
            if (dtype.isEmpty()) {
                continue;
            }
            ArrayFeatureType.Builder array = ArrayFeatureType.newBuilder().setDataType(dtype.get());
            for (long size : st.wrappedType().shape().toLongArray()) {
                array.addShape(size);
            }
            out.add(FeatureDescription.newBuilder().setName(in.name()).setType(FeatureType.newBuilder()
                    .setStateType(StateFeatureType.newBuilder().setArrayType(array))).build());
        }
        return out;
    }

    private static DimBound rangeOf(Function f, Dim symbol, MlProgramOptions options) {
        return f.dimBound(symbol.toString()).orElseGet(options::defaultRange);
    }

    private static SizeRange.Builder range(DimBound b) {
        return SizeRange.newBuilder().setLowerBound(b.lower()).setUpperBound(b.upper());
    }

    private static List<FeatureDescription> outputs(Function f) {
        List<FeatureDescription> out = new ArrayList<>();
        for (Var v : f.outputs()) {
            Optional<FeatureType> classifier = classifierType(v);
            if (classifier.isPresent()) {
                out.add(FeatureDescription.newBuilder().setName(v.name()).setType(classifier.get()).build());
                continue;
            }
            Optional<ArrayFeatureType.Builder> array = array(v, f.opset());
            if (array.isEmpty()) {
                continue;
            }
            TensorType t = v.tensorType();
            if (t.shape().isStatic() && t.rank() > 0) {
                for (long size : t.shape().toLongArray()) {
                    array.get().addShape(size);
                }
            }
            out.add(feature(v, array.get()));
        }
        return out;
    }

    /** @return the {@code classify} op whose two outputs are outputs of {@code f}, if any */
    static Optional<Operation> classifierOutputs(Function f) {
        return f.outputs().stream().map(Var::producer).flatMap(Optional::stream)
                .filter(op -> op.type().equals(ClassifyOp.NAME) && f.outputs().containsAll(op.outputs()))
                .findFirst();
    }

    /** @return whether {@code v} is an output of a {@code classify} op (a label or a dictionary of probabilities) */
    static boolean isClassifierOutput(Var v) {
        return v.producer().map(op -> op.type().equals(ClassifyOp.NAME)).orElse(false);
    }

    /** The feature type of a classifier's label (string or int64) or probability dictionary, keyed alike. */
    private static Optional<FeatureType> classifierType(Var v) {
        if (!isClassifierOutput(v)) {
            return Optional.empty();
        }
        boolean strings = (v.type() instanceof DictType d ? d.keyType() : v.tensorType()).dtype() == DType.STRING;
        FeatureType.Builder t = FeatureType.newBuilder();
        if (v.type() instanceof DictType) {
            if (strings) {
                t.getDictionaryTypeBuilder().setStringKeyType(StringFeatureType.getDefaultInstance());
            } else {
                t.getDictionaryTypeBuilder().setInt64KeyType(Int64FeatureType.getDefaultInstance());
            }
        } else if (strings) {
            t.setStringType(StringFeatureType.getDefaultInstance());
        } else {
            t.setInt64Type(Int64FeatureType.getDefaultInstance());
        }
        return Optional.of(t.build());
    }

    private static Optional<ArrayFeatureType.Builder> array(Var v, Opset opset) {
        if (!(v.type() instanceof TensorType t)) {
            return Optional.empty();
        }
        return ioDataType(t.dtype(), opset).map(d -> ArrayFeatureType.newBuilder().setDataType(d));
    }

    private static FeatureDescription feature(Var v, ArrayFeatureType.Builder array) {
        return FeatureDescription.newBuilder().setName(v.name())
                .setType(FeatureType.newBuilder().setMultiArrayType(array)).build();
    }
}
