package dev.mil4j.backend.mlprogram;

import dev.mil4j.converter.spi.ConversionOptions;
import dev.mil4j.converter.spi.EnumeratedShapes;
import dev.mil4j.converter.spi.ImageInput;
import dev.mil4j.converter.spi.ImageOutput;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.converter.spi.ModelMetadata;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Shape;
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
        for (ImageOutput image : options.imageOutputs()) {
            Var o = main.outputs().stream().filter(v -> v.name().equals(image.name())).findFirst().orElse(null);
            String option = "--image-output " + image.name();
            if (o == null) {
                out.add(Diagnostic.error(option + ": the model has no output '" + image.name() + "'; its outputs are "
                        + String.join(", ", main.outputs().stream().map(Var::name).toList())));
            } else if (main.opset().compareTo(Opset.IOS16) < 0) {
                out.add(Diagnostic.error(option + ": image outputs need iOS16 or later, but the target is "
                        + main.opset()).withHint("convert with --target iOS16"));
            } else if (!(o.type() instanceof TensorType t) || t.rank() != 4 || !t.shape().isStatic()
                    || t.shape().dim(1).size() != image.layout().channels()) {
                out.add(Diagnostic.error(option + " needs a static 4-d output [1, " + image.layout().channels()
                        + ", H, W] for layout " + image.layout() + ", but it is " + o.type()));
            }
        }
        options.classifier().ifPresent(c -> out.addAll(Classifiers.check(program, c)));
        return out;
    }

    /** The changes of the description the options ask for. */
    static Consumer<ModelDescription.Builder> edits(ConversionOptions options) {
        return description -> {
            for (ImageInput image : options.imageInputs()) {
                FeatureEdits.toImageInput(description, image.name(),
                        ImageFeatureType.ColorSpace.valueOf(image.layout().name()));
            }
            for (ImageOutput image : options.imageOutputs()) {
                FeatureEdits.toImageOutput(description, image.name(),
                        ImageFeatureType.ColorSpace.valueOf(image.layout().name()));
            }
            for (EnumeratedShapes e : options.enumeratedShapes()) {
                FeatureEdits.setEnumeratedShapes(description, e.name(), e.shapes().stream().map(Shape::toLongArray)
                        .toList(), e.defaultShape().toLongArray());
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
