package dev.mil4j.spec;

import dev.mil4j.spec.proto.FunctionDescription;
import dev.mil4j.spec.proto.Model;
import dev.mil4j.spec.proto.ModelDescription;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import dev.mil4j.spec.proto.mil.Argument;
import dev.mil4j.spec.proto.mil.Block;
import dev.mil4j.spec.proto.mil.Function;
import dev.mil4j.spec.proto.mil.Operation;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Renames a model's input or output, and every reference to it inside the model, as coremltools'
 * {@code ct.utils.rename_feature} does: the feature descriptions (of the model and of each function), the predicted
 * feature and probability names, a NeuralNetwork's layer inputs and outputs (top-level layers), preprocessing
 * records and classifier probability layer, an ML Program's function inputs, op outputs, argument bindings and
 * block outputs (nested blocks included).
 */
public final class FeatureRenamer {
    private FeatureRenamer() {
    }

    /**
     * Renames feature {@code from} to {@code to}.
     *
     * @throws IllegalArgumentException when the model has no input or output {@code from}, or already has a feature
     *     named {@code to}
     */
    public static Model rename(Model model, String from, String to) {
        ModelDescription.Builder d = model.getDescription().toBuilder();
        List<String> features = FeatureEdits.featureNames(d);
        if (!features.contains(from)) {
            throw new IllegalArgumentException("the model has no input or output '" + from + "'; its features are "
                    + String.join(", ", features));
        }
        if (features.contains(to)) {
            throw new IllegalArgumentException("the model already has a feature '" + to + "'");
        }
        UnaryOperator<String> r = n -> n.equals(from) ? to : n;
        Model.Builder b = model.toBuilder();
        b.setDescription(description(model.getDescription(), r));
        if (b.hasNeuralNetwork()) {
            var nn = b.getNeuralNetworkBuilder();
            List<NeuralNetworkLayer> layers = nn.getLayersList().stream().map(l -> layer(l, r)).toList();
            nn.clearLayers().addAllLayers(layers);
            nn.getPreprocessingBuilderList().forEach(p -> p.setFeatureName(r.apply(p.getFeatureName())));
        }
        if (b.hasNeuralNetworkClassifier()) {
            var nn = b.getNeuralNetworkClassifierBuilder();
            List<NeuralNetworkLayer> layers = nn.getLayersList().stream().map(l -> layer(l, r)).toList();
            nn.clearLayers().addAllLayers(layers);
            nn.getPreprocessingBuilderList().forEach(p -> p.setFeatureName(r.apply(p.getFeatureName())));
            nn.setLabelProbabilityLayerName(r.apply(nn.getLabelProbabilityLayerName()));
        }
        if (b.hasMlProgram()) {
            var program = b.getMlProgramBuilder();
            for (Map.Entry<String, Function> f : model.getMlProgram().getFunctionsMap().entrySet()) {
                program.putFunctions(f.getKey(), function(f.getValue(), r));
            }
        }
        return b.build();
    }

    private static ModelDescription description(ModelDescription d, UnaryOperator<String> r) {
        ModelDescription.Builder b = d.toBuilder();
        b.getInputBuilderList().forEach(f -> f.setName(r.apply(f.getName())));
        b.getOutputBuilderList().forEach(f -> f.setName(r.apply(f.getName())));
        b.setPredictedFeatureName(r.apply(b.getPredictedFeatureName()));
        b.setPredictedProbabilitiesName(r.apply(b.getPredictedProbabilitiesName()));
        for (FunctionDescription.Builder f : b.getFunctionsBuilderList()) {
            f.getInputBuilderList().forEach(x -> x.setName(r.apply(x.getName())));
            f.getOutputBuilderList().forEach(x -> x.setName(r.apply(x.getName())));
            f.setPredictedFeatureName(r.apply(f.getPredictedFeatureName()));
            f.setPredictedProbabilitiesName(r.apply(f.getPredictedProbabilitiesName()));
        }
        return b.build();
    }

    private static NeuralNetworkLayer layer(NeuralNetworkLayer l, UnaryOperator<String> r) {
        NeuralNetworkLayer.Builder b = l.toBuilder();
        b.clearInput().addAllInput(l.getInputList().stream().map(r).toList());
        b.clearOutput().addAllOutput(l.getOutputList().stream().map(r).toList());
        return b.build();
    }

    private static Function function(Function f, UnaryOperator<String> r) {
        Function.Builder b = f.toBuilder();
        b.getInputsBuilderList().forEach(i -> i.setName(r.apply(i.getName())));
        for (Map.Entry<String, Block> e : f.getBlockSpecializationsMap().entrySet()) {
            b.putBlockSpecializations(e.getKey(), block(e.getValue(), r));
        }
        return b.build();
    }

    private static Block block(Block block, UnaryOperator<String> r) {
        Block.Builder b = block.toBuilder();
        b.getInputsBuilderList().forEach(i -> i.setName(r.apply(i.getName())));
        b.clearOutputs().addAllOutputs(block.getOutputsList().stream().map(r).toList());
        b.clearOperations();
        for (Operation op : block.getOperationsList()) {
            Operation.Builder o = op.toBuilder();
            o.getOutputsBuilderList().forEach(v -> v.setName(r.apply(v.getName())));
            for (Map.Entry<String, Argument> a : op.getInputsMap().entrySet()) {
                Argument.Builder arg = a.getValue().toBuilder();
                arg.getArgumentsBuilderList().forEach(x -> {
                    if (x.hasName()) {
                        x.setName(r.apply(x.getName()));
                    }
                });
                o.putInputs(a.getKey(), arg.build());
            }
            o.clearBlocks().addAllBlocks(op.getBlocksList().stream().map(x -> block(x, r)).toList());
            b.addOperations(o);
        }
        return b.build();
    }
}
