package dev.mil4j.converter.spi;

import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The options of one conversion as frontends and backends see them: a read-only view of the converter's
 * {@code ConvertOptions}. What a model's inputs may look like reaches a backend through the program, not through
 * these options: the converter puts the ranges of the inputs' symbolic dimensions on the translated function
 * ({@code Function.dimBound}).
 */
public interface ConversionOptions {
    /** The source framework id asked for; empty when the converter picks the frontend from the file. */
    Optional<String> framework();

    /**
     * The user's input types: matched by name (TensorFlow, ONNX) or by position (TorchScript); empty for the
     * model's own inputs.
     */
    List<InputType> inputs();

    /**
     * The states declared (iOS18): source tensors (a TorchScript model's registered buffers, by dotted name) that
     * become Core ML states; empty by default.
     */
    default List<InputType> states() {
        return List.of();
    }

    /** The output names asked for, in order; empty for the model's own outputs. */
    List<String> outputs();

    /** The backend id, e.g. {@code mlprogram} or {@code neuralnetwork}. */
    String target();

    /** The opset of the functions to build and the lowest Core ML version the model must load on. */
    Opset minimumDeploymentTarget();

    /** The precision asked for, if any (each backend has its default: see {@link #computePrecision()}). */
    Optional<Precision> requestedPrecision();

    /** Where long work reports its progress. */
    ProgressListener progressListener();

    /**
     * The compute precision: the one requested, else fp16 (coremltools' default for ML Programs). A NeuralNetwork
     * model stores fp32 weights unless fp16 is requested explicitly ({@link #requestedPrecision()}).
     */
    default Precision computePrecision() {
        return requestedPrecision().orElse(Precision.FP16);
    }

    /** The inputs the model takes as images ({@code --image}); none by default. */
    default List<ImageInput> imageInputs() {
        return List.of();
    }

    /** The image input of a given name, if it is one. */
    default Optional<ImageInput> imageInput(String name) {
        return imageInputs().stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /** The outputs the model returns as images ({@code --image-output}; ML Program, iOS16+); none by default. */
    default List<ImageOutput> imageOutputs() {
        return List.of();
    }

    /** The inputs that take one of a list of shapes ({@code --input-shapes}); none by default. */
    default List<EnumeratedShapes> enumeratedShapes() {
        return List.of();
    }

    /** The classifier the model becomes ({@code --classifier-labels}), if any. */
    default Optional<ClassifierConfig> classifier() {
        return Optional.empty();
    }

    /**
     * The dtypes asked for outputs by name ({@code --output-name NAME:fp16}); an output not named takes the target's
     * default (an ML Program of iOS16 or later in fp16 precision: fp16, as in coremltools; else fp32).
     */
    default Map<String, DType> outputDtypes() {
        return Map.of();
    }

    /** The model's metadata and the descriptions of its inputs and outputs; none by default. */
    default ModelMetadata metadata() {
        return ModelMetadata.NONE;
    }

    /** The user's input type of a given name. */
    default Optional<InputType> input(String name) {
        return inputs().stream().filter(i -> i.name().equals(name)).findFirst();
    }
}
