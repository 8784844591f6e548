package dev.mil4j.backend.neuralnetwork.layers;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.ir.Operation;
import java.util.ArrayList;
import java.util.List;

/** Ops without a NeuralNetwork translation, and ops whose translation failed with the reason. */
public final class Problems {
    /** An op whose translation failed. */
    public record Failure(Operation op, LayerException reason) {
        public Failure {
            requireNonNull(op, "op is null");
            requireNonNull(reason, "reason is null");
        }
    }

    private final List<Operation> unsupported = new ArrayList<>();
    private final List<Failure> failures = new ArrayList<>();

    public void unsupported(Operation op) {
        unsupported.add(requireNonNull(op, "op is null"));
    }

    public void failed(Operation op, LayerException reason) {
        failures.add(new Failure(op, reason));
    }

    public List<Operation> unsupported() {
        return List.copyOf(unsupported);
    }

    public List<Failure> failures() {
        return List.copyOf(failures);
    }

    public boolean isEmpty() {
        return unsupported.isEmpty() && failures.isEmpty();
    }
}
