package dev.mil4j.backend.neuralnetwork.reader;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.spec.proto.FeatureDescription;
import dev.mil4j.spec.proto.Model;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import dev.mil4j.spec.proto.NeuralNetworkPreprocessing;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a NeuralNetwork model ({@code neuralNetwork}, {@code neuralNetworkClassifier} or
 * {@code neuralNetworkRegressor}) into a MIL program the interpreter runs: one function {@code main} whose inputs are
 * the model's inputs ({@link ModelInputs}) and whose outputs are the model's output blobs, each layer read as one or
 * more MIL ops by its {@link LayerReader}. Every blob is fp32, as Core ML computes NeuralNetwork layers. A
 * classifier's outputs are its probabilities, under the name of its probability output; the predicted-label output
 * (not a blob) is left out. Every layer that cannot be read is reported, each in one diagnostic naming the layer and
 * its kind; layers that depend on it are skipped.
 */
public final class NeuralNetworkReader {
    private NeuralNetworkReader() {
    }

    /** Whether a model holds a neural network this reader reads. */
    public static boolean isNeuralNetwork(Model model) {
        return switch (model.getTypeCase()) {
            case NEURALNETWORK, NEURALNETWORKCLASSIFIER, NEURALNETWORKREGRESSOR -> true;
            default -> false;
        };
    }

    /**
     * @param source the file the model came from, for messages
     * @throws ConversionException with one diagnostic per layer or feature that cannot be read
     */
    public static Program read(Model model, OpRegistry ops, String source) {
        List<NeuralNetworkLayer> layers;
        List<NeuralNetworkPreprocessing> preprocessing;
        switch (model.getTypeCase()) {
            case NEURALNETWORK -> {
                layers = model.getNeuralNetwork().getLayersList();
                preprocessing = model.getNeuralNetwork().getPreprocessingList();
            }
            case NEURALNETWORKCLASSIFIER -> {
                layers = model.getNeuralNetworkClassifier().getLayersList();
                preprocessing = model.getNeuralNetworkClassifier().getPreprocessingList();
            }
            case NEURALNETWORKREGRESSOR -> {
                layers = model.getNeuralNetworkRegressor().getLayersList();
                preprocessing = model.getNeuralNetworkRegressor().getPreprocessingList();
            }
            default -> throw new ConversionException(Diagnostic.error(source + " holds a " + model.getTypeCase()
                    + " model, not a neural network"));
        }
        List<FeatureDescription> inputs = model.getDescription().getInputList();
        Program program = new Program();
        Function main;
        try {
            main = program.addFunction("main", Opset.IOS16, ModelInputs.types(inputs));
        } catch (ReaderException e) {
            throw new ConversionException(Diagnostic.error(source + ": " + e.getMessage()).withHint(hint(e)));
        }
        for (FeatureDescription f : model.getDescription().getOutputList()) {
            main.reserveName(f.getName());
        }
        model.getDescription().getMetadata().getUserDefinedMap().forEach(program::setAttribute);
        ReadContext cx = new ReadContext(Builder.atEnd(main.body(), ops), source);
        try {
            ModelInputs.bind(inputs, main.inputs(), preprocessing, cx);
        } catch (ReaderException e) {
            throw new ConversionException(Diagnostic.error(source + ": " + e.getMessage()).withHint(hint(e)));
        }
        List<Diagnostic> problems = new ArrayList<>();
        Set<String> failed = readLayers(layers, cx, problems);
        List<Var> outputs = outputs(model, main, cx, failed, problems, source);
        if (!problems.isEmpty()) {
            throw new ConversionException(problems);
        }
        main.setOutputs(outputs);
        return program;
    }

    /**
     * Reads layers in order into {@code cx}, adding a diagnostic per layer that cannot be read to {@code problems}.
     *
     * @return the blobs of layers that could not be read, or that depend on one
     */
    static Set<String> readLayers(List<NeuralNetworkLayer> layers, ReadContext cx, List<Diagnostic> problems) {
        Set<String> failed = new HashSet<>();
        for (NeuralNetworkLayer layer : layers) {
            if (layer.getInputList().stream().anyMatch(failed::contains)) {
                failed.addAll(layer.getOutputList());
                continue;
            }
            cx.setLayer(layer);
            Optional<Diagnostic> problem = readLayer(layer, cx);
            if (problem.isPresent()) {
                problems.add(problem.get());
                failed.addAll(layer.getOutputList());
            }
        }
        return failed;
    }

    private static Optional<Diagnostic> readLayer(NeuralNetworkLayer layer, ReadContext cx) {
        String where = cx.source() + ": layer `" + layer.getName() + "` (" + LayerReaders.kindName(layer) + ")";
        Optional<LayerReader> reader = LayerReaders.lookup(layer.getLayerCase());
        if (layer.hasCustom()) {
            Optional<dev.mil4j.core.op.OpDef> op = CustomReaders.op(layer, cx);
            if (op.isEmpty()) {
                return Optional.of(Diagnostic.error(where + " is a custom layer of class `"
                        + layer.getCustom().getClassName() + "`, and no custom op is bound to that class")
                        .withHint("load the plugin that defines the op (--plugin JAR) and gives it an interpreter "
                                + "kernel, or run the source model"));
            }
            reader = Optional.of((l, c) -> CustomReaders.read(l, op.get(), c));
        }
        if (reader.isEmpty()) {
            return Optional.of(Diagnostic.error(where + ": the reader has no MIL form for this layer kind")
                    .withHint("run the source model instead, or convert it to an ML Program (.mlpackage)"));
        }
        try {
            reader.get().read(layer, cx);
            return Optional.empty();
        } catch (ReaderException e) {
            return Optional.of(Diagnostic.error(where + " " + e.getMessage()).withHint(hint(e)));
        } catch (RuntimeException e) {
            // a model file is untrusted input: whatever its parameters make the ops refuse is a diagnostic
            String message = e instanceof ConversionException c && !c.diagnostics().isEmpty()
                    ? c.diagnostics().get(0).message()
                    : e instanceof TypeException || e instanceof IllegalArgumentException ? e.getMessage()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            return Optional.of(Diagnostic.error(where + " cannot be read as MIL: " + message)
                    .withHint("check the layer's parameters and input shapes against the Core ML specification"));
        }
    }

    private static String hint(ReaderException e) {
        return e.hint().isEmpty() ? "check the layer against the Core ML specification" : e.hint();
    }

    // each output feature that is a blob, under its own name; an input returned as an output gets an identity op
    private static List<Var> outputs(Model model, Function main, ReadContext cx, Set<String> failed,
            List<Diagnostic> problems, String source) {
        List<Var> out = new ArrayList<>();
        Set<Var> taken = new HashSet<>(main.inputs());
        for (FeatureDescription f : model.getDescription().getOutputList()) {
            String name = f.getName();
            if (!cx.has(name)) {
                if (!isClassLabel(model, f) && !failed.contains(name)) {
                    problems.add(Diagnostic.error(source + ": output `" + name + "` is made by no layer")
                            .withHint("name each output feature after the blob that holds it"));
                }
                continue;
            }
            Var v = cx.blob(name);
            if (taken.contains(v) || v.isConst()) {
                v = cx.builder().op("identity").input("x", v).output();
            }
            v.rename(name);
            taken.add(v);
            out.add(v);
        }
        return out;
    }

    private static boolean isClassLabel(Model model, FeatureDescription f) {
        return model.hasNeuralNetworkClassifier() && f.getName().equals(model.getDescription().getPredictedFeatureName());
    }
}
