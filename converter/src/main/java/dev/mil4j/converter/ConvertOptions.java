package dev.mil4j.converter;

import static java.util.Objects.requireNonNull;

import dev.mil4j.converter.spi.ClassifierConfig;
import dev.mil4j.converter.spi.ConversionOptions;
import dev.mil4j.converter.spi.EnumeratedShapes;
import dev.mil4j.converter.spi.ImageInput;
import dev.mil4j.converter.spi.ImageOutput;
import dev.mil4j.converter.spi.ModelMetadata;
import dev.mil4j.converter.spi.InputType;
import dev.mil4j.converter.spi.Precision;
import dev.mil4j.converter.spi.ProgressListener;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.DimBound;
import dev.mil4j.core.types.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What to convert and how: the source framework (detected from the file when absent), input types, output names,
 * the target ({@code neuralnetwork} or {@code mlprogram}), the minimum deployment target, the compute precision,
 * edits of the pass pipeline, a progress listener, and what the model's interface looks like to an app: image
 * inputs, a classifier, metadata. Immutable; made with {@link #builder()}. Frontends and
 * backends see it through its read-only view {@link ConversionOptions}.
 */
public record ConvertOptions(Optional<String> framework, List<InputType> inputs, List<String> outputs, String target,
        Opset minimumDeploymentTarget, Optional<Precision> requestedPrecision, List<PipelineEdit> pipelineEdits,
        boolean verifyEachPass, ProgressListener progressListener, List<ImageInput> imageInputs,
        Optional<ClassifierConfig> classifier, ModelMetadata metadata, Map<String, DType> outputDtypes,
        List<EnumeratedShapes> enumeratedShapes, List<ImageOutput> imageOutputs, List<InputType> states)
        implements ConversionOptions {

    public static final String NEURALNETWORK = "neuralnetwork";
    public static final String MLPROGRAM = "mlprogram";

    public ConvertOptions {
        requireNonNull(framework, "framework is null");
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        requireNonNull(target, "target is null");
        requireNonNull(minimumDeploymentTarget, "minimumDeploymentTarget is null");
        requireNonNull(requestedPrecision, "requestedPrecision is null");
        pipelineEdits = List.copyOf(pipelineEdits);
        requireNonNull(progressListener, "progressListener is null");
        imageInputs = List.copyOf(imageInputs);
        requireNonNull(classifier, "classifier is null");
        requireNonNull(metadata, "metadata is null");
        outputDtypes = Map.copyOf(outputDtypes);
        enumeratedShapes = List.copyOf(enumeratedShapes);
        imageOutputs = List.copyOf(imageOutputs);
        states = List.copyOf(states);
    }

    /**
     * Defaults: detect the framework, the model's own inputs and outputs, ML Program, iOS15, the target's default
     * precision (fp16 compute for ML Programs, fp32 weights for NeuralNetwork models).
     */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.framework = framework.orElse(null);
        b.inputs.addAll(inputs);
        b.outputs.addAll(outputs);
        b.target = target;
        b.deploymentTarget = minimumDeploymentTarget;
        b.precision = requestedPrecision.orElse(null);
        b.edits.addAll(pipelineEdits);
        b.verifyEachPass = verifyEachPass;
        b.listener = progressListener;
        b.images.addAll(imageInputs);
        b.classifier = classifier.orElse(null);
        b.metadata = metadata;
        b.outputDtypes.putAll(outputDtypes);
        b.enumerated.addAll(enumeratedShapes);
        b.imageOutputs.addAll(imageOutputs);
        b.states.addAll(states);
        return b;
    }

    /**
     * The options a frontend translates with: an input asked for as fp16 is translated as fp32 (source models compute
     * in fp32), and the target gives it fp16 at the interface ({@code Fp16Interface}), as coremltools does; an input
     * with enumerated shapes is translated with their common shape ({@link EnumeratedShapes#translatedShape()}).
     */
    public ConvertOptions forFrontend() {
        List<InputType> translated = new ArrayList<>();
        for (InputType i : inputs) {
            Optional<DType> dtype = i.dtype().orElse(null) == DType.FP16 ? Optional.of(DType.FP32) : i.dtype();
            Optional<Shape> shape = enumeratedShapes.stream().filter(e -> e.name().equals(i.name())).findFirst()
                    .map(EnumeratedShapes::translatedShape).or(i::shape);
            translated.add(new InputType(i.name(), shape, dtype, i.bounds()));
        }
        for (EnumeratedShapes e : enumeratedShapes) {
            if (translated.stream().noneMatch(i -> i.name().equals(e.name()))) {
                translated.add(InputType.of(e.name(), e.translatedShape()));
            }
        }
        Builder b = toBuilder();
        b.inputs.clear();
        b.inputs.addAll(translated);
        return b.build();
    }

    /** The range a symbolic dimension was given in the input types, if any. */
    public Optional<DimBound> dimBound(String symbol) {
        return Optional.ofNullable(dimBounds().get(symbol));
    }

    /**
     * Every symbol's range given in the input types. The converter puts them on the translated program's functions
     * ({@code Function.dimBound}), where backends read them.
     */
    public Map<String, DimBound> dimBounds() {
        Map<String, DimBound> all = new LinkedHashMap<>();
        for (InputType in : inputs) {
            all.putAll(in.bounds());
        }
        return all;
    }

    public static final class Builder {
        private String framework;
        private final List<InputType> inputs = new ArrayList<>();
        private final List<String> outputs = new ArrayList<>();
        private String target = MLPROGRAM;
        private Opset deploymentTarget = Opset.IOS15;
        private Precision precision;
        private final List<PipelineEdit> edits = new ArrayList<>();
        private boolean verifyEachPass;
        private ProgressListener listener = ProgressListener.NONE;
        private final List<ImageInput> images = new ArrayList<>();
        private ClassifierConfig classifier;
        private ModelMetadata metadata = ModelMetadata.NONE;
        private final Map<String, DType> outputDtypes = new LinkedHashMap<>();
        private final List<EnumeratedShapes> enumerated = new ArrayList<>();
        private final List<ImageOutput> imageOutputs = new ArrayList<>();
        private final List<InputType> states = new ArrayList<>();

        private Builder() {
        }

        /** The source framework id ({@code tensorflow}, {@code pytorch}, {@code onnx}); detected when unset. */
        public Builder framework(String id) {
            this.framework = requireNonNull(id, "id is null");
            return this;
        }

        public Builder input(InputType input) {
            inputs.add(requireNonNull(input, "input is null"));
            return this;
        }

        /**
         * Declares a state (iOS18): a registered buffer of a TorchScript model, by its dotted name, that becomes a
         * Core ML state instead of a constant (its shape, if given, must be the buffer's; its dtype defaults to fp16
         * under fp16 compute precision, as coremltools stores states).
         */
        public Builder state(InputType state) {
            states.add(requireNonNull(state, "state is null"));
            return this;
        }

        public Builder output(String name) {
            outputs.add(requireNonNull(name, "name is null"));
            return this;
        }

        /** An output to keep, with the dtype the model gives it (fp16 needs an ML Program of iOS16 or later). */
        public Builder output(String name, DType dtype) {
            output(name);
            outputDtypes.put(name, requireNonNull(dtype, "dtype is null"));
            return this;
        }

        /**
         * Op types or op names to keep in fp32 under fp16 compute precision, as coremltools'
         * {@code FP16ComputePrecision(op_selector=...)}: the {@code fp32_ops} option of {@code common::add_fp16_cast}.
         */
        public Builder fp32Ops(java.util.Collection<String> typesOrNames) {
            if (!typesOrNames.isEmpty()) {
                edits.add(new PipelineEdit.SetOption("common::add_fp16_cast", "fp32_ops",
                        String.join(",", typesOrNames)));
            }
            return this;
        }

        /** {@code neuralnetwork} or {@code mlprogram} (or another registered backend). */
        public Builder target(String backendId) {
            this.target = requireNonNull(backendId, "backendId is null");
            return this;
        }

        public Builder minimumDeploymentTarget(Opset opset) {
            this.deploymentTarget = requireNonNull(opset, "opset is null");
            return this;
        }

        public Builder computePrecision(Precision p) {
            this.precision = requireNonNull(p, "p is null");
            return this;
        }

        public Builder pipelineEdit(PipelineEdit edit) {
            edits.add(requireNonNull(edit, "edit is null"));
            return this;
        }

        /** Verify the program after every pass (slower; names the pass that breaks a program). */
        public Builder verifyEachPass(boolean verify) {
            this.verifyEachPass = verify;
            return this;
        }

        public Builder progressListener(ProgressListener l) {
            this.listener = requireNonNull(l, "l is null");
            return this;
        }

        /** An input the model takes as an image, with its scale, bias and color layout. */
        public Builder imageInput(ImageInput image) {
            images.add(requireNonNull(image, "image is null"));
            return this;
        }

        /** The shapes an input may take, one of a list (its {@link #input} shape, if any, is replaced). */
        public Builder enumeratedShapes(EnumeratedShapes shapes) {
            enumerated.add(requireNonNull(shapes, "shapes is null"));
            return this;
        }

        /** An output the model returns as an image (ML Program, iOS16 and later). */
        public Builder imageOutput(ImageOutput image) {
            imageOutputs.add(requireNonNull(image, "image is null"));
            return this;
        }

        /** Makes the model a classifier of these labels. */
        public Builder classifier(ClassifierConfig config) {
            this.classifier = requireNonNull(config, "config is null");
            return this;
        }

        /** The model's metadata and feature descriptions (replacing what was set). */
        public Builder metadata(ModelMetadata m) {
            this.metadata = requireNonNull(m, "m is null");
            return this;
        }

        /**
         * @throws IllegalArgumentException when two inputs give one symbol different ranges
         */
        public ConvertOptions build() {
            Map<String, DimBound> seen = new HashMap<>();
            for (InputType in : inputs) {
                for (var e : in.bounds().entrySet()) {
                    DimBound previous = seen.putIfAbsent(e.getKey(), e.getValue());
                    if (previous != null && !previous.equals(e.getValue())) {
                        throw new IllegalArgumentException("symbol " + e.getKey() + " has two ranges: " + previous
                                + " and " + e.getValue());
                    }
                }
            }
            return new ConvertOptions(Optional.ofNullable(framework), inputs, outputs, target, deploymentTarget,
                    Optional.ofNullable(precision), edits, verifyEachPass, listener, images,
                    Optional.ofNullable(classifier), metadata, outputDtypes, enumerated, imageOutputs, states);
        }
    }
}
