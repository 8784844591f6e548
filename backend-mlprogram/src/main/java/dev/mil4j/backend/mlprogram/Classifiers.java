package dev.mil4j.backend.mlprogram;

import dev.mil4j.converter.spi.ClassifierConfig;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.ir.Block;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.ops.classify.ClassifyOp;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * An ML Program classifier, as coremltools 9 writes one for {@code ct.ClassifierConfig}: a {@code classify} op at the
 * end of {@code main} takes the first output (the probabilities, after its cast to the interface dtype) and the
 * labels, and its two outputs replace the function's outputs: the label, named after the predicted feature
 * ({@code classLabel} by default), and the dictionary of probabilities, named {@code <predicted feature>_probs}.
 *
 * <pre>
 * Given:                                     Result (--classifier-labels cat,dog):
 *   %var_39: fp32[1, 2] = cast(...)            %var_39: fp32[1, 2] = cast(...)
 * } -&gt; (%var_39)                               %classLabel: string[], %classLabel_probs: dict&lt;string, fp64&gt;
 *                                                  = classify(probabilities = %var_39, classes = string[2] ["cat", "dog"])
 *                                            } -&gt; (%classLabel, %classLabel_probs)
 * </pre>
 *
 * The model description then has a {@code stringType} (or {@code int64Type}) label and a {@code dictionaryType}
 * output, and names them as the predicted feature and probabilities ({@link ModelDescriptions}).
 */
final class Classifiers {
    /** The suffix of the probability dictionary's name after the predicted feature's. */
    static final String PROBABILITIES_SUFFIX = "_probs";

    private Classifiers() {
    }

    /**
     * Every problem of the classifier options against {@code main}; none once {@code main} ends in the
     * {@code classify} op {@link #insert} adds.
     */
    static List<Diagnostic> check(Program program, ClassifierConfig classifier) {
        Function main = program.main();
        List<Diagnostic> out = new ArrayList<>();
        if (ModelDescriptions.classifierOutputs(main).isPresent()) {
            return out;
        }
        if (main.outputs().isEmpty() || !(main.outputs().get(0).type() instanceof TensorType probabilities)) {
            out.add(Diagnostic.error("--classifier-labels: the model's first output must be a tensor of class "
                    + "probabilities, but its outputs are " + main.outputs().stream().map(v -> v.name() + ": "
                    + v.type()).collect(Collectors.joining(", "))));
            return out;
        }
        OptionalLong count = probabilities.shape().elementCount();
        if (count.isPresent() && count.getAsLong() != classifier.labels().size()) {
            out.add(Diagnostic.error("--classifier-labels gives " + classifier.labels().size() + " labels, but the "
                    + "probability output `" + main.outputs().get(0).name() + "` has " + count.getAsLong()
                    + " values (" + probabilities + ")").withHint("give one label per class"));
        }
        List<String> names = new ArrayList<>();
        collectNames(main.body(), names);
        main.inputs().forEach(v -> names.add(v.name()));
        for (String name : List.of(classifier.predictedFeature(), probabilitiesName(classifier))) {
            if (names.contains(name)) {
                out.add(Diagnostic.error("--predicted-feature " + classifier.predictedFeature() + ": the model "
                        + "already has a value named '" + name + "'")
                        .withHint("choose another --predicted-feature"));
            }
        }
        return out;
    }

    /** Appends the {@code classify} op and makes its outputs the function's (check first). */
    static void insert(Program program, ClassifierConfig classifier, OpRegistry registry) {
        Function main = program.main();
        Var probabilities = main.outputs().get(0);
        Builder b = Builder.atEnd(main.body(), registry);
        String name = ClassifyOp.NAME + "_0"; // as coremltools names it; the builder makes it unique if taken
        Var classes = b.constant(classifier.classes(), name + "_" + ClassLabels.INPUT);
        Operation classify = b.op(ClassifyOp.NAME).input("probabilities", probabilities).input(ClassLabels.INPUT,
                classes).name(name).outputNames(List.of(classifier.predictedFeature(), probabilitiesName(classifier)))
                .build();
        main.setOutputs(classify.outputs());
    }

    /** The name of the probability dictionary output: {@code <predicted feature>_probs}. */
    static String probabilitiesName(ClassifierConfig classifier) {
        return classifier.predictedFeature() + PROBABILITIES_SUFFIX;
    }

    private static void collectNames(Block block, List<String> names) {
        for (Operation op : block.operations()) {
            op.outputs().forEach(v -> names.add(v.name()));
            op.blocks().forEach(nested -> collectNames(nested, names));
        }
    }
}
