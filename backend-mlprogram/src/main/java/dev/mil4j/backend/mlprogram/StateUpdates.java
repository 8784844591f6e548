package dev.mil4j.backend.mlprogram;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.spec.proto.mil.Argument;
import dev.mil4j.spec.proto.mil.NamedValueType;
import java.util.Optional;

/**
 * How {@code coreml_update_state} is stored in an ML Program, as coremltools stores it: Core ML's opset has
 * {@code write_state(input, data)} (no output) instead, so the op becomes a {@code write_state} followed by a
 * {@code read_state} of the same state whose output takes the op's output name; reading turns such a pair (or a lone
 * {@code write_state}) back into one {@code coreml_update_state}.
 */
final class StateUpdates {
    /** The op type of mil4j's (and coremltools') state update. */
    static final String UPDATE = "coreml_update_state";
    /** Core ML's op that writes a state. */
    static final String WRITE = "write_state";
    /** Core ML's op that reads a state. */
    static final String READ = "read_state";

    private StateUpdates() {
    }

    /** @return the {@code write_state} of an update: {@code input} its state, {@code data} its value */
    static dev.mil4j.spec.proto.mil.Operation write(Operation update) {
        return dev.mil4j.spec.proto.mil.Operation.newBuilder().setType(WRITE)
                .putInputs("input", binding(update.requireInput("state").name()))
                .putInputs("data", binding(update.requireInput("value").name()))
                .putAttributes(MilProtoWriter.NAME_ATTRIBUTE, MilProtoValues.string(update.name()))
                .build();
    }

    /** @return the {@code read_state} after the write, whose output is the update's output */
    static dev.mil4j.spec.proto.mil.Operation read(Operation update, NamedValueType output) {
        return dev.mil4j.spec.proto.mil.Operation.newBuilder().setType(READ)
                .putInputs("input", binding(update.requireInput("state").name()))
                .addOutputs(output)
                .putAttributes(MilProtoWriter.NAME_ATTRIBUTE, MilProtoValues.string(update.name() + "_read"))
                .build();
    }

    /**
     * @param write a {@code write_state} op
     * @param next the op after it, if any
     * @return {@code next} when it is the {@code read_state} of the state {@code write} wrote: the pair is one update
     */
    static Optional<dev.mil4j.spec.proto.mil.Operation> pairedRead(dev.mil4j.spec.proto.mil.Operation write,
            dev.mil4j.spec.proto.mil.Operation next) {
        if (next == null || !next.getType().equals(READ) || next.getOutputsCount() != 1) {
            return Optional.empty();
        }
        Argument written = write.getInputsMap().get("input");
        return Optional.of(next).filter(r -> written != null && written.equals(r.getInputsMap().get("input")));
    }

    private static Argument binding(String name) {
        return Argument.newBuilder().addArguments(Argument.Binding.newBuilder().setName(name)).build();
    }
}
