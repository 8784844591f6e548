package dev.mil4j.cli;

import dev.mil4j.converter.spi.ClassifierConfig;
import dev.mil4j.core.value.TensorValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a classifier returns, computed by {@code mil4j run} from the model's probability output as Core ML does: the
 * label of the highest probability (the first on a tie) and the dictionary from label to probability. Written as
 * {@code OUT/LABEL.txt} (the label) and {@code OUT/LABEL_probs.json} (the dictionary, in label order), where LABEL is
 * the predicted feature's name.
 */
final class ClassifierOutputs {
    private ClassifierOutputs() {
    }

    /** The label and dictionary of the first output of {@code outputs}; the label is returned. */
    static String write(ClassifierConfig classifier, Map<String, TensorValue> outputs, Path folder)
            throws IOException {
        TensorValue probs = outputs.values().iterator().next();
        float[] p = probs.toFloatArray();
        if (p.length != classifier.labels().size()) {
            throw new Mil4j.UsageException("--classifier-labels gives " + classifier.labels().size() + " labels, "
                    + "but the probability output has " + p.length + " values (" + probs.type() + ")");
        }
        int best = 0;
        Map<String, Float> dictionary = new LinkedHashMap<>();
        for (int i = 0; i < p.length; i++) {
            dictionary.put(classifier.labels().get(i), p[i]);
            if (p[i] > p[best]) {
                best = i;
            }
        }
        String label = classifier.labels().get(best);
        String name = RunCommand.fileName(classifier.predictedFeature());
        Files.writeString(folder.resolve(name + ".txt"), label + "\n", StandardCharsets.UTF_8);
        Files.writeString(folder.resolve(name + "_probs.json"), Json.write(dictionary) + "\n",
                StandardCharsets.UTF_8);
        return label;
    }
}
