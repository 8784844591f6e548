package dev.mil4j.converter.spi;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Makes the model a classifier, as coremltools' {@code ct.ClassifierConfig}: the model's (first) output holds the
 * probabilities of the classes, in the order of {@code labels}; the model then returns the most probable label under
 * {@code predictedFeature} and the probabilities as a dictionary from label to probability. Labels are integers
 * (Core ML {@code int64ClassLabels}) when every one of them is an integer, strings otherwise.
 *
 * @param labels the class labels, one per element of the probability output's last dimension
 * @param predictedFeature the name of the label output ({@code classLabel} by default, as in coremltools)
 */
public record ClassifierConfig(List<String> labels, String predictedFeature) {
    /** coremltools' name of the label output. */
    public static final String DEFAULT_PREDICTED_FEATURE = "classLabel";

    public ClassifierConfig {
        labels = List.copyOf(labels);
        requireNonNull(predictedFeature, "predictedFeature is null");
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("a classifier needs at least one class label");
        }
        if (predictedFeature.isEmpty()) {
            throw new IllegalArgumentException("the predicted feature name is empty");
        }
    }

    /** The labels with the default predicted feature name. */
    public static ClassifierConfig of(List<String> labels) {
        return new ClassifierConfig(labels, DEFAULT_PREDICTED_FEATURE);
    }

    /** Whether every label is an integer, so that Core ML gets {@code int64} labels. */
    public boolean integerLabels() {
        return labels.stream().allMatch(l -> l.matches("-?[0-9]{1,18}"));
    }

    /** The labels as integers ({@link #integerLabels()} must hold). */
    public long[] longLabels() {
        return labels.stream().mapToLong(Long::parseLong).toArray();
    }

    /**
     * The labels as the rank-1 tensor the {@code classify} op takes: {@code int64} when {@link #integerLabels()},
     * else {@code string}.
     */
    public TensorValue classes() {
        Shape n = Shape.of(labels.size());
        return integerLabels() ? TensorValue.ofLongs(n, longLabels())
                : TensorValue.ofStrings(n, labels.toArray(String[]::new));
    }

    /**
     * The labels of {@code --classifier-labels}: a file with one label per line (blank lines skipped) when
     * {@code text} names an existing file, else a comma-separated list.
     *
     * @throws IllegalArgumentException when the file cannot be read or there are no labels
     */
    public static List<String> parseLabels(String text) {
        Path file = Path.of(text);
        List<String> labels;
        if (!text.contains(",") && Files.isRegularFile(file)) {
            try {
                labels = Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                        .filter(s -> !s.isEmpty()).toList();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the --classifier-labels file " + file + ": "
                        + e.getMessage(), e);
            }
        } else {
            labels = Arrays.stream(text.split(",", -1)).map(String::strip).toList();
        }
        if (labels.isEmpty() || labels.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("bad --classifier-labels '" + text + "': give a file with one label "
                    + "per line, or labels separated by commas, e.g. cat,dog,bird");
        }
        return labels;
    }
}
