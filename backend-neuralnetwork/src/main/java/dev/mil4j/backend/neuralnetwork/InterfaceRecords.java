package dev.mil4j.backend.neuralnetwork;

import dev.mil4j.converter.spi.ClassifierConfig;
import dev.mil4j.converter.spi.ColorLayout;
import dev.mil4j.converter.spi.ConversionOptions;
import dev.mil4j.converter.spi.EnumeratedShapes;
import dev.mil4j.converter.spi.ImageInput;
import dev.mil4j.converter.spi.ModelMetadata;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.spec.FeatureEdits;
import dev.mil4j.spec.proto.DictionaryFeatureType;
import dev.mil4j.spec.proto.FeatureDescription;
import dev.mil4j.spec.proto.FeatureType;
import dev.mil4j.spec.proto.ImageFeatureType;
import dev.mil4j.spec.proto.Int64FeatureType;
import dev.mil4j.spec.proto.Int64Vector;
import dev.mil4j.spec.proto.Model;
import dev.mil4j.spec.proto.ModelDescription;
import dev.mil4j.spec.proto.NetworkUpdateParameters;
import dev.mil4j.spec.proto.NeuralNetwork;
import dev.mil4j.spec.proto.NeuralNetworkClassifier;
import dev.mil4j.spec.proto.NeuralNetworkImageScaler;
import dev.mil4j.spec.proto.NeuralNetworkPreprocessing;
import dev.mil4j.spec.proto.StringFeatureType;
import dev.mil4j.spec.proto.StringVector;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the options ask of a NeuralNetwork model beyond its layers, as coremltools writes it: an image input's type
 * and its {@code scaler} preprocessing record (channel scale; red, green and blue biases taken from the bias list in
 * the layout's channel order, or the gray bias), the metadata fields and feature descriptions, and a classifier
 * ({@code neuralNetworkClassifier} with the class labels, the probability dictionary output named like the model's
 * probability output and the label output).
 */
final class InterfaceRecords {
    private InterfaceRecords() {
    }

    /** Whether the model is a {@code neuralNetworkClassifier}, which is written whole rather than streamed. */
    static boolean isClassifier(ConversionOptions options) {
        return options.classifier().isPresent();
    }

    /** The problems of the options against the program: descriptions of absent features, label count mismatch. */
    static List<Diagnostic> check(Program program, ConversionOptions options) {
        List<Var> outputs = program.main().outputs();
        List<String> features = Stream.concat(program.main().inputs().stream(), outputs.stream()).map(Var::name)
                .toList();
        List<Diagnostic> out = new ArrayList<>();
        for (String name : options.metadata().descriptions().keySet()) {
            if (!features.contains(name) && !options.classifier().map(c -> c.predictedFeature().equals(name))
                    .orElse(false)) {
                out.add(Diagnostic.error("--describe " + name + ": the model has no input or output '" + name
                        + "'; its inputs and outputs are " + String.join(", ", features))
                        .withHint("name one of them (outputs are named as printed by `mil4j inspect`)"));
            }
        }
        options.classifier().ifPresent(c -> out.addAll(checkClassifier(c, outputs)));
        options.inputs().stream().filter(i -> i.dtype().orElse(null) == dev.mil4j.core.types.DType.FP16)
                .forEach(i -> out.add(Diagnostic.error("--input " + i + ": NeuralNetwork inputs are fp32 or int32")
                        .withHint("convert to an ML Program of iOS16 or later for fp16 inputs")));
        options.imageOutputs().forEach(i -> out.add(Diagnostic.error("--image-output " + i.name() + ": image outputs "
                + "are for ML Programs of iOS16 and later").withHint("convert with --to mlprogram --target iOS16")));
        options.outputDtypes().forEach((name, dtype) -> {
            if (dtype != dev.mil4j.core.types.DType.FP32) {
                out.add(Diagnostic.error("--output-name " + name + ":" + dtype.milName() + ": NeuralNetwork outputs "
                        + "are fp32").withHint("convert to an ML Program of iOS16 or later (--to mlprogram --target "
                                + "iOS16) for fp16 outputs"));
            }
        });
        return out;
    }

    /** The probability output is the first; its last dimension, when known, must be the number of labels. */
    static List<Diagnostic> checkClassifier(ClassifierConfig c, List<Var> outputs) {
        if (outputs.isEmpty()) {
            return List.of(Diagnostic.error("--classifier-labels: the model has no output to take the class "
                    + "probabilities from"));
        }
        Var probs = outputs.get(0);
        if (probs.type() instanceof TensorType t && t.rank() > 0 && t.shape().dim(t.rank() - 1).isKnown()
                && t.shape().dim(t.rank() - 1).size() != c.labels().size()) {
            return List.of(Diagnostic.error("--classifier-labels gives " + c.labels().size() + " labels, but the "
                    + "probability output '" + probs.name() + "' has " + t.shape().dim(t.rank() - 1).size()
                    + " classes (" + t + ")").withHint("give one label per class, in the order of the output"));
        }
        return List.of();
    }

    /** The model with what the options ask for (check first). */
    static Model apply(Model model, ConversionOptions options) {
        Model.Builder b = model.toBuilder();
        ModelDescription.Builder description = b.getDescriptionBuilder();
        for (ImageInput image : options.imageInputs()) {
            addImageInput(b, image);
        }
        for (EnumeratedShapes e : options.enumeratedShapes()) {
            FeatureEdits.setEnumeratedShapes(description, e.name(), e.shapes().stream().map(Shape::toLongArray)
                    .toList(), e.defaultShape().toLongArray());
        }
        ModelMetadata m = options.metadata();
        FeatureEdits.setMetadata(description, m.author(), m.license(), m.shortDescription(), m.version(),
                m.userDefined());
        if (options.classifier().isPresent()) {
            toClassifier(b, options.classifier().get());
        }
        m.descriptions().forEach((name, text) -> FeatureEdits.describe(description, name, text));
        return b.build();
    }

    /**
     * Makes an input of a NeuralNetwork model (plain, classifier or regressor) an image with its scaler record.
     *
     * @throws IllegalArgumentException when the model has no such input of an image's shape, or is not a
     *     NeuralNetwork model
     */
    static void addImageInput(Model.Builder b, ImageInput image) {
        FeatureEdits.toImageInput(b.getDescriptionBuilder(), image.name(),
                ImageFeatureType.ColorSpace.valueOf(image.layout().name()));
        NeuralNetworkPreprocessing.Builder p = NeuralNetworkPreprocessing.newBuilder().setFeatureName(image.name())
                .setScaler(scaler(image));
        if (b.hasNeuralNetworkClassifier()) {
            b.getNeuralNetworkClassifierBuilder().addPreprocessing(p);
        } else if (b.hasNeuralNetworkRegressor()) {
            b.getNeuralNetworkRegressorBuilder().addPreprocessing(p);
        } else if (b.hasNeuralNetwork() || b.getTypeCase() == Model.TypeCase.TYPE_NOT_SET) {
            b.getNeuralNetworkBuilder().addPreprocessing(p);
        } else {
            throw new IllegalArgumentException("a " + b.getTypeCase() + " model has no image preprocessing record");
        }
    }

    private static NeuralNetworkImageScaler.Builder scaler(ImageInput image) {
        NeuralNetworkImageScaler.Builder s = NeuralNetworkImageScaler.newBuilder().setChannelScale(image.scale());
        if (image.layout().channels() == 1) {
            return s.setGrayBias(image.bias(0));
        }
        boolean bgr = image.layout() == ColorLayout.BGR;
        return s.setRedBias(image.bias(bgr ? 2 : 0)).setGreenBias(image.bias(1)).setBlueBias(image.bias(bgr ? 0 : 2));
    }

    /**
     * A {@code neuralNetwork} becomes a {@code neuralNetworkClassifier}: the first output, the probabilities, becomes
     * a dictionary from label to probability under its own name, followed by the label output.
     */
    private static void toClassifier(Model.Builder b, ClassifierConfig c) {
        NeuralNetwork nn = b.getNeuralNetwork();
        NeuralNetworkClassifier.Builder classifier = NeuralNetworkClassifier.newBuilder()
                .addAllLayers(nn.getLayersList())
                .addAllPreprocessing(nn.getPreprocessingList())
                .setArrayInputShapeMapping(nn.getArrayInputShapeMapping())
                .setImageInputShapeMapping(nn.getImageInputShapeMapping())
                .setUpdateParams(NetworkUpdateParameters.getDefaultInstance());
        boolean ints = c.integerLabels();
        if (ints) {
            Int64Vector.Builder v = Int64Vector.newBuilder();
            for (long l : c.longLabels()) {
                v.addVector(l);
            }
            classifier.setInt64ClassLabels(v);
        } else {
            classifier.setStringClassLabels(StringVector.newBuilder().addAllVector(c.labels()));
        }
        ModelDescription.Builder description = b.getDescriptionBuilder();
        String probs = description.getOutput(0).getName();
        classifier.setLabelProbabilityLayerName(probs);
        DictionaryFeatureType.Builder dict = ints
                ? DictionaryFeatureType.newBuilder().setInt64KeyType(Int64FeatureType.getDefaultInstance())
                : DictionaryFeatureType.newBuilder().setStringKeyType(StringFeatureType.getDefaultInstance());
        FeatureType.Builder label = ints ? FeatureType.newBuilder().setInt64Type(Int64FeatureType.getDefaultInstance())
                : FeatureType.newBuilder().setStringType(StringFeatureType.getDefaultInstance());
        description.clearOutput()
                .addOutput(FeatureDescription.newBuilder().setName(probs)
                        .setType(FeatureType.newBuilder().setDictionaryType(dict)))
                .addOutput(FeatureDescription.newBuilder().setName(c.predictedFeature()).setType(label))
                .setPredictedFeatureName(c.predictedFeature())
                .setPredictedProbabilitiesName(probs);
        b.setNeuralNetworkClassifier(classifier);
    }
}
