package dev.mil4j.cli;

import dev.mil4j.converter.spi.ClassifierConfig;
import dev.mil4j.converter.spi.ColorLayout;
import dev.mil4j.spec.MlPackage;
import dev.mil4j.spec.ModelFiles;
import dev.mil4j.spec.proto.FeatureDescription;
import dev.mil4j.spec.proto.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code mil4j run} reads from a saved Core ML model beside its program: the color layout of an image input and,
 * for a NeuralNetwork classifier, its class labels and predicted feature. Empty for a source model.
 */
final class SavedModels {
    private SavedModels() {
    }

    /** The model's specification, when {@code file} is an {@code .mlpackage} or an {@code .mlmodel} file. */
    static Optional<Model> spec(Path file) throws IOException {
        if (Files.isRegularFile(file.resolve("Manifest.json"))) {
            return Optional.of(MlPackage.read(file).model());
        }
        if (Files.isRegularFile(file) && file.getFileName().toString().endsWith(".mlmodel")) {
            return Optional.of(ModelFiles.readModel(file));
        }
        return Optional.empty();
    }

    /** The color layout of an image input of a saved model. */
    static Optional<ColorLayout> imageLayout(Path file, String input) throws IOException {
        Optional<Model> m = spec(file);
        if (m.isPresent()) {
            for (FeatureDescription f : m.get().getDescription().getInputList()) {
                if (f.getName().equals(input) && f.getType().hasImageType()) {
                    return Optional.of(ColorLayout.valueOf(f.getType().getImageType().getColorSpace().name()));
                }
            }
        }
        return Optional.empty();
    }

    /** The labels and predicted feature of a NeuralNetwork classifier saved as an {@code .mlmodel} file. */
    static Optional<ClassifierConfig> classifier(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Optional<Model> m = spec(file);
        if (m.isEmpty() || !m.get().hasNeuralNetworkClassifier()) {
            return Optional.empty();
        }
        var c = m.get().getNeuralNetworkClassifier();
        List<String> labels = new ArrayList<>();
        if (c.hasStringClassLabels()) {
            labels.addAll(c.getStringClassLabels().getVectorList());
        } else {
            c.getInt64ClassLabels().getVectorList().forEach(v -> labels.add(Long.toString(v)));
        }
        String predicted = m.get().getDescription().getPredictedFeatureName();
        return Optional.of(new ClassifierConfig(labels, predicted.isEmpty()
                ? ClassifierConfig.DEFAULT_PREDICTED_FEATURE : predicted));
    }
}
