package dev.mil4j.cli;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.spi.ClassifierConfig;
import dev.mil4j.converter.spi.ImageInput;
import dev.mil4j.converter.spi.ImageOutput;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --image}, {@code --classifier-labels} and {@code --predicted-feature}: how an app sees the converted
 * model's inputs and outputs (an image input with its preprocessing; a classifier's label and probabilities).
 */
final class AppInterfaceOptions {
    @Option(names = "--image", paramLabel = "NAME[:scale=S][:bias=B|R,G,B][:layout=L]", description = "take input "
            + "NAME as an image: pixels times S plus the bias (one, or one per channel in the layout's order); "
            + "layout RGB (default), BGR, GRAYSCALE or GRAYSCALE_FLOAT16 (repeatable)")
    List<String> images = new ArrayList<>();

    @Option(names = "--image-output", paramLabel = "NAME[:layout=L]", description = "return output NAME, a "
            + "[1, C, H, W] tensor, as an image (ML Program, iOS16+); layout RGB (default), BGR, GRAYSCALE or "
            + "GRAYSCALE_FLOAT16 (repeatable)")
    List<String> imageOutputs = new ArrayList<>();

    @Option(names = "--classifier-labels", paramLabel = "FILE|a,b,c", description = "make the model a classifier "
            + "of these labels (a file with one label per line, or a comma-separated list; integers make int64 "
            + "labels): its first output holds the class probabilities")
    String classifierLabels;

    @Option(names = "--predicted-feature", paramLabel = "NAME", description = "the classifier's label output "
            + "(default: classLabel)")
    String predictedFeature;

    /** Adds what the options give to {@code options}. */
    void applyTo(ConvertOptions.Builder options) {
        try {
            for (String image : images) {
                options.imageInput(ImageInput.parse(image));
            }
            for (String image : imageOutputs) {
                options.imageOutput(ImageOutput.parse(image));
            }
            if (classifierLabels != null) {
                options.classifier(new ClassifierConfig(ClassifierConfig.parseLabels(classifierLabels),
                        predictedFeature != null ? predictedFeature : ClassifierConfig.DEFAULT_PREDICTED_FEATURE));
            } else if (predictedFeature != null) {
                throw new Mil4j.UsageException("--predicted-feature names a classifier's label output; give "
                        + "--classifier-labels too");
            }
        } catch (IllegalArgumentException e) {
            throw new Mil4j.UsageException(e.getMessage());
        }
    }
}
