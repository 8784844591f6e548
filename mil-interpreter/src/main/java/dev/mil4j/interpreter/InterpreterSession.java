package dev.mil4j.interpreter;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.StateType;
import dev.mil4j.core.value.TensorValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs one function several times with states that persist between the runs (Core ML iOS18 states, such as a
 * key/value cache): each state starts as zeros (or the value given with {@link #setState}), and what a run writes
 * with {@code coreml_update_state} is what the next run reads. A function without states runs as with
 * {@link Interpreter#run(Function, Map)}.
 *
 * <pre>{@code
 * InterpreterSession session = Interpreter.standard().session(program.main());
 * for (TensorValue x : steps) {
 *     Map<String, TensorValue> out = session.run(Map.of("x", x));
 * }
 * }</pre>
 * Not thread-safe.
 */
public final class InterpreterSession {
    private final Interpreter interpreter;
    private final Function function;
    private final Map<String, StateCell> states = new LinkedHashMap<>();

    InterpreterSession(Interpreter interpreter, Function function) {
        this.interpreter = requireNonNull(interpreter, "interpreter is null");
        this.function = requireNonNull(function, "function is null");
        for (Var in : function.inputs()) {
            if (in.type() instanceof StateType st) {
                states.put(in.name(), StateCell.zeros(st));
            }
        }
    }

    /** @return the function this session runs */
    public Function function() {
        return function;
    }

    /**
     * Runs the function once.
     *
     * @param inputs the values of its tensor inputs, by name (states are the session's)
     * @return the outputs by name, in output order
     * @throws InterpreterException naming the input or op when the function cannot run
     */
    public Map<String, TensorValue> run(Map<String, TensorValue> inputs) {
        return interpreter.run(function, inputs, states);
    }

    /** Runs the function once; its outputs may be dictionaries as well ({@link Interpreter#runValues}). */
    Map<String, Value> runValues(Map<String, TensorValue> inputs) {
        return interpreter.run(function, inputs, states, true);
    }

    /** @return the current value of every state, by name, in input order */
    public Map<String, TensorValue> states() {
        Map<String, TensorValue> out = new LinkedHashMap<>();
        states.forEach((name, cell) -> out.put(name, cell.get()));
        return Collections.unmodifiableMap(out);
    }

    /**
     * Sets a state's value, e.g. to start from another value than zeros.
     *
     * @throws InterpreterException when the function has no such state or the value has another type
     */
    public void setState(String name, TensorValue value) {
        StateCell cell = states.get(name);
        if (cell == null) {
            throw new InterpreterException("function '" + function.name() + "' has no state '" + name
                    + "'; its states are " + states.keySet());
        }
        cell.set(value);
    }
}
