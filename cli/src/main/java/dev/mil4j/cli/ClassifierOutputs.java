package dev.mil4j.cli;

import dev.mil4j.converter.spi.ClassifierConfig;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.Classification;
import dev.mil4j.interpreter.Value;
import dev.mil4j.ops.classify.ClassifyOp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A classifier's two outputs, the label and the dictionary of probabilities, made from a probability tensor by the
 * rule of the {@code classify} op's kernel ({@link Classification}), for what has the probabilities only: a
 * NeuralNetwork classifier read back (its label is no layer's blob), a source model run with
 * {@code --classifier-labels} (the backend adds {@code classify} when it writes), and the source model's output that
 * {@code verify} compares with a converted classifier's.
 *
 * @param classes the labels, a rank-1 {@code string} or {@code int64} tensor
 * @param labelName the name of the label output
 * @param probabilitiesName the name of the dictionary output
 * @param probabilitiesVar the name of the program's value holding the probabilities
 */
record ClassifierOutputs(TensorValue classes, String labelName, String probabilitiesName, String probabilitiesVar) {

    /** A classifier configured by options (or read from a NeuralNetwork model): its outputs as {@code run} names them. */
    static ClassifierOutputs of(ClassifierConfig config, String probabilitiesVar) {
        return new ClassifierOutputs(config.classes(), config.predictedFeature(), config.predictedFeature()
                + "_probs", probabilitiesVar);
    }

    /** The {@code classify} op that makes outputs of the program's {@code main}, as an ML Program classifier has. */
    static Optional<ClassifierOutputs> inProgram(Program program) {
        for (Var o : program.main().outputs()) {
            Optional<Operation> op = o.producer().filter(p -> p.type().equals(ClassifyOp.NAME));
            if (op.isPresent() && op.get().requireInput("classes").isConst()) {
                Operation c = op.get();
                return Optional.of(new ClassifierOutputs(c.requireInput("classes").value().orElseThrow(),
                        c.outputs().get(0).name(), c.outputs().get(1).name(),
                        c.requireInput("probabilities").name()));
            }
        }
        return Optional.empty();
    }

    /**
     * The label and the dictionary of {@code probabilities}, by {@link #labelName} and {@link #probabilitiesName}.
     *
     * @throws IllegalArgumentException when there are not as many probabilities as labels
     */
    Map<String, Value> classify(TensorValue probabilities) {
        Classification c = Classification.of(probabilities, classes);
        Map<String, Value> out = new LinkedHashMap<>();
        out.put(labelName, Value.of(c.label()));
        out.put(probabilitiesName, c.probabilities());
        return out;
    }
}
