package dev.mil4j.cli;

import dev.mil4j.backend.mlprogram.MlPackageEdits;
import dev.mil4j.backend.neuralnetwork.NeuralNetworkBackend;
import dev.mil4j.converter.spi.ImageInput;
import dev.mil4j.converter.spi.ModelMetadata;
import dev.mil4j.spec.FeatureEdits;
import dev.mil4j.spec.FeatureRenamer;
import dev.mil4j.spec.MlPackage;
import dev.mil4j.spec.ModelFiles;
import dev.mil4j.spec.proto.Model;
import dev.mil4j.spec.proto.ModelDescription;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mil4j edit IN -o OUT ...}: changes a {@code .mlmodel} or {@code .mlpackage} from any tool without converting
 * it again: renames inputs and outputs (every reference inside follows), makes an input an image, sets metadata and
 * descriptions, stores a NeuralNetwork model's weights as fp16. The output has the input's form and is written atomically (a package's
 * weights and other files are copied as they are).
 */
@Command(name = "edit", mixinStandardHelpOptions = true,
        description = "Edit a Core ML model (.mlmodel or .mlpackage from any tool): rename inputs and outputs, set "
                + "metadata and descriptions, store NeuralNetwork weights as fp16.")
final class EditCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN", description = "the .mlmodel file or .mlpackage directory")
    Path in;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
            description = "the edited model, of the same form as IN (may be IN itself)")
    Path out;

    @Option(names = "--rename", paramLabel = "OLD=NEW", description = "rename an input or output (repeatable, "
            + "applied in order)")
    List<String> renames = new ArrayList<>();

    @Option(names = "--image", paramLabel = "NAME[:scale=S][:bias=B|R,G,B][:layout=L]", description = "make input "
            + "NAME an image, as convert --image does: a NeuralNetwork model's preprocessing record, an ML Program's "
            + "scale and bias ops (repeatable)")
    List<String> images = new ArrayList<>();

    @Option(names = "--weights-fp16", description = "store every fp32 weight of a NeuralNetwork model as fp16")
    boolean weightsFp16;

    @Mixin
    MetadataOptions metadata;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        boolean pkg = Files.isDirectory(in);
        String extension = pkg ? ".mlpackage" : ".mlmodel";
        if (!Files.exists(in)) {
            throw usage(in + " does not exist");
        }
        if (!out.getFileName().toString().endsWith(extension)) {
            throw usage("the edited model has the form of its input: name the output a " + extension);
        }
        ProgressDisplay display = output.display();
        try (display) {
            Model model = pkg ? MlPackage.read(in).model() : ModelFiles.readModel(in);
            Model edited = edit(model);
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            ModelFiles.writeEdited(in, edited, out);
            display.message("wrote " + out + " (edited " + in + ") in " + Quantities.seconds(System.nanoTime()
                    - start));
        } catch (IOException e) {
            throw usage("cannot edit " + in + ": " + e.getMessage());
        }
        return Mil4j.OK;
    }

    private Model edit(Model model) {
        try {
            for (String r : renames) {
                int eq = r.indexOf('=');
                if (eq <= 0 || eq == r.length() - 1) {
                    throw usage("bad --rename '" + r + "': expected OLD=NEW, e.g. --rename var_37=logits");
                }
                model = FeatureRenamer.rename(model, r.substring(0, eq), r.substring(eq + 1));
            }
            for (String image : images) {
                if (model.hasMlProgram()) {
                    model = MlPackageEdits.withImageInput(model, ImageInput.parse(image));
                } else if (model.hasNeuralNetwork() || model.hasNeuralNetworkClassifier()
                        || model.hasNeuralNetworkRegressor()) {
                    model = NeuralNetworkBackend.withImageInput(model, ImageInput.parse(image));
                } else {
                    throw usage("--image makes a NeuralNetwork model's or an ML Program's input an image, but " + in
                            + " is a " + model.getTypeCase() + " model; convert it again with --image");
                }
            }
            ModelMetadata m = metadata.metadata();
            ModelDescription.Builder d = model.getDescription().toBuilder();
            FeatureEdits.setMetadata(d, m.author(), m.license(), m.shortDescription(), m.version(), m.userDefined());
            m.descriptions().forEach((name, text) -> FeatureEdits.describe(d, name, text));
            model = model.toBuilder().setDescription(d).build();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (weightsFp16) {
            if (!model.hasNeuralNetwork() && !model.hasNeuralNetworkClassifier() && !model.hasNeuralNetworkRegressor()) {
                throw usage("--weights-fp16 stores a NeuralNetwork model's weights as fp16, but " + in + " is a "
                        + model.getTypeCase() + " model; an ML Program's precision is set when converting "
                        + "(convert --precision fp16)");
            }
            model = NeuralNetworkBackend.withFp16Weights(model);
        }
        return model;
    }

    private static Mil4j.UsageException usage(String message) {
        return new Mil4j.UsageException(message);
    }
}
