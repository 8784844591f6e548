package dev.mil4j.backend.mlprogram;

import dev.mil4j.converter.spi.ConversionOptions;
import dev.mil4j.converter.spi.ImageInput;
import dev.mil4j.converter.spi.ModelMetadata;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.spec.FeatureEdits;
import dev.mil4j.spec.proto.ImageFeatureType;
import dev.mil4j.spec.proto.ModelDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * What the options ask of an ML Program's description beyond its program: image input types (their scale and bias
 * are ops, {@code ImagePreprocessing}), the metadata fields and the inputs' and outputs' descriptions, as
 * coremltools writes them.
 */
final class InterfaceRecords {
    private InterfaceRecords() {
    }

    /** The problems of the options against the program: descriptions of features the model does not have. */
    static List<Diagnostic> check(Program program, ConversionOptions options) {
        Function main = program.function(ModelDescriptions.MAIN).orElse(program.main());
        List<String> features = Stream.concat(main.inputs().stream(), main.outputs().stream()).map(Var::name)
                .toList();
        List<Diagnostic> out = new ArrayList<>();
        for (String name : options.metadata().descriptions().keySet()) {
            if (!features.contains(name)) {
                out.add(Diagnostic.error("--describe " + name + ": the model has no input or output '" + name
                        + "'; its inputs and outputs are " + String.join(", ", features))
                        .withHint("name one of them (outputs are named as printed by `mil4j inspect`)"));
            }
        }
        if (options.classifier().isPresent()) {
            out.add(Diagnostic.error("--classifier-labels: mil4j writes classifiers as NeuralNetwork models only so "
                    + "far (an ML Program classifier needs the `classify` op with dictionary outputs)")
                    .withHint("convert with --to neuralnetwork"));
        }
        return out;
    }

    /** The changes of the description the options ask for. */
    static Consumer<ModelDescription.Builder> edits(ConversionOptions options) {
        return description -> {
            for (ImageInput image : options.imageInputs()) {
                FeatureEdits.toImageInput(description, image.name(),
                        ImageFeatureType.ColorSpace.valueOf(image.layout().name()));
            }
            ModelMetadata m = options.metadata();
            FeatureEdits.setMetadata(description, m.author(), m.license(), m.shortDescription(), m.version(),
                    m.userDefined());
            m.descriptions().forEach((name, text) -> {
                if (FeatureEdits.featureNames(description).contains(name)) {
                    FeatureEdits.describe(description, name, text);
                }
            });
        };
    }
}
