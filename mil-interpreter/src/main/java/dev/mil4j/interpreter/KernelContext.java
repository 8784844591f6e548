package dev.mil4j.interpreter;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.ir.Block;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a kernel sees of one op at run time: the values of its inputs (an absent input reads as its declared default,
 * as in type inference), its attributes, its declared output types and its nested blocks, which it can run. It is an
 * {@link InferenceContext} whose every input is known, so the op's own type inference run on it yields static
 * output shapes, symbols resolved from the actual values.
 */
public final class KernelContext extends InferenceContext {
    private final Operation operation;
    private final Map<String, List<Value>> inputs;
    private final BlockRunner runner;

    /** Runs a nested block on argument values; the interpreter provides it. */
    @FunctionalInterface
    public interface BlockRunner {
        List<Value> run(Block block, List<Value> args);
    }

    /** {@code inputs} maps each bound input name to its values (several for a variadic input). */
    public KernelContext(Operation operation, Map<String, List<Value>> inputs, BlockRunner runner) {
        super(requireNonNull(operation, "operation is null").def());
        this.operation = operation;
        this.inputs = Collections.unmodifiableMap(requireNonNull(inputs, "inputs is null"));
        this.runner = requireNonNull(runner, "runner is null");
    }

    /** The IR operation being executed (name, type, location, blocks). */
    public Operation operation() {
        return operation;
    }

    @Override
    protected List<ValueType> boundTypes(String input) {
        List<Value> vs = inputs.get(input);
        if (vs == null) {
            return List.of();
        }
        List<ValueType> out = new ArrayList<>(vs.size());
        for (Value v : vs) {
            out.add(v.type());
        }
        return out;
    }

    @Override
    protected Optional<TensorValue> boundValue(String input, int index) {
        Value v = inputs.get(input).get(index);
        return v instanceof Value.Tensor t ? Optional.of(t.value()) : Optional.empty();
    }

    @Override
    public Set<String> boundInputs() {
        return inputs.keySet();
    }

    @Override
    public Optional<TensorValue> attribute(String name) {
        return operation.attribute(name);
    }

    @Override
    public List<List<ValueType>> blockInputTypes() {
        List<List<ValueType>> out = new ArrayList<>();
        for (Block b : operation.blocks()) {
            out.add(b.inputs().stream().map(Var::type).toList());
        }
        return out;
    }

    @Override
    public List<List<ValueType>> blockOutputTypes() {
        List<List<ValueType>> out = new ArrayList<>();
        for (Block b : operation.blocks()) {
            out.add(b.outputs().stream().map(Var::type).toList());
        }
        return out;
    }

    /** The tensor bound to an input, or its declared default; an error naming the input when there is neither. */
    public TensorValue input(String name) {
        if (inputs.containsKey(name) && !(inputs.get(name).get(0) instanceof Value.Tensor)) {
            throw new IllegalArgumentException("input `" + name + "` must be a tensor, got "
                    + inputs.get(name).get(0).type());
        }
        return value(name).orElseThrow(() -> new IllegalArgumentException("input `" + name
                + "` is required but missing"));
    }

    /** The tensor bound to an optional input (or its default), if any. */
    public Optional<TensorValue> optionalInput(String name) {
        return value(name);
    }

    /** The tensors bound to a variadic input, in order. */
    public List<TensorValue> inputs(String name) {
        return runtimeValues(name).stream().map(Value::tensor).toList();
    }

    /** The run-time values bound to an input (tensors or lists), in order; empty when absent. */
    public List<Value> runtimeValues(String name) {
        return inputs.getOrDefault(name, List.of());
    }

    /** The list bound to an input. */
    public TensorList listInput(String name) {
        List<Value> vs = runtimeValues(name);
        if (vs.isEmpty()) {
            throw new IllegalArgumentException("input `" + name + "` is required but missing");
        }
        if (vs.get(0) instanceof TensorList l) {
            return l;
        }
        throw new IllegalArgumentException("input `" + name + "` must be a list, got " + vs.get(0).type());
    }

    /** The declared output types (their shapes may hold symbols). */
    public List<ValueType> outputTypes() {
        return operation.outputs().stream().map(Var::type).toList();
    }

    /** The declared tensor type of output {@code index}. */
    public TensorType outputType(int index) {
        return operation.output(index).tensorType();
    }

    /** The declared dtype of output {@code index}. */
    public DType outputDtype(int index) {
        return outputType(index).dtype();
    }

    /** The op's nested blocks (the two branches of {@code cond}, the cond and body of {@code while_loop}). */
    public List<Block> blocks() {
        return operation.blocks();
    }

    /** Runs nested block {@code index} with {@code args} bound to its inputs and returns its outputs. */
    public List<Value> runBlock(int index, List<Value> args) {
        return runner.run(operation.blocks().get(index), args);
    }
}
