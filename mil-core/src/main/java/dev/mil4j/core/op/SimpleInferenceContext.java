package dev.mil4j.core.op;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An {@link InferenceContext} over plain maps, for running type and value inference without IR (frontends probing a
 * shape, tests, benchmarks).
 *
 * <pre>{@code
 * var ctx = SimpleInferenceContext.of(conv).input("x", xType).input("weight", wValue).build();
 * List<ValueType> out = conv.inferTypes(ctx);
 * }</pre>
 */
public final class SimpleInferenceContext extends InferenceContext {
    private final Map<String, List<ValueType>> types;
    private final Map<String, List<TensorValue>> values;
    private final Map<String, TensorValue> attributes;
    private final List<List<ValueType>> blockInputs;
    private final List<List<ValueType>> blockOutputs;

    private SimpleInferenceContext(Builder b) {
        super(b.op);
        this.types = b.types;
        this.values = b.values;
        this.attributes = b.attributes;
        this.blockInputs = b.blockInputs;
        this.blockOutputs = b.blockOutputs;
    }

    public static Builder of(OpDef op) {
        return new Builder(op);
    }

    @Override
    protected List<ValueType> boundTypes(String input) {
        List<ValueType> t = types.get(input);
        return t == null ? List.of() : t;
    }

    @Override
    protected Optional<TensorValue> boundValue(String input, int index) {
        List<TensorValue> v = values.get(input);
        return v == null || v.get(index) == null ? Optional.empty() : Optional.of(v.get(index));
    }

    @Override
    public Set<String> boundInputs() {
        return Collections.unmodifiableSet(types.keySet());
    }

    @Override
    public Optional<TensorValue> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    @Override
    public List<List<ValueType>> blockInputTypes() {
        return blockInputs;
    }

    @Override
    public List<List<ValueType>> blockOutputTypes() {
        return blockOutputs;
    }

    /** Collects inputs; values given with {@link #input(String, TensorValue)} are known (const). */
    public static final class Builder {
        private final OpDef op;
        private final Map<String, List<ValueType>> types = new HashMap<>();
        private final Map<String, List<TensorValue>> values = new HashMap<>();
        private final Map<String, TensorValue> attributes = new HashMap<>();
        private List<List<ValueType>> blockInputs = List.of();
        private List<List<ValueType>> blockOutputs = List.of();

        private Builder(OpDef op) {
            this.op = requireNonNull(op, "op is null");
        }

        /** An input whose value is unknown. */
        public Builder input(String name, ValueType type) {
            types.computeIfAbsent(name, k -> new ArrayList<>(1)).add(requireNonNull(type, "type is null"));
            values.computeIfAbsent(name, k -> new ArrayList<>(1)).add(null);
            return this;
        }

        /** A const input. */
        public Builder input(String name, TensorValue value) {
            types.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value.type());
            values.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            return this;
        }

        /** A variadic input bound to no value at all (e.g. an empty {@code concat}). */
        public Builder emptyInput(String name) {
            types.putIfAbsent(name, new ArrayList<>(0));
            values.putIfAbsent(name, new ArrayList<>(0));
            return this;
        }

        public Builder attribute(String name, TensorValue value) {
            attributes.put(name, requireNonNull(value, "value is null"));
            return this;
        }

        public Builder blocks(List<List<ValueType>> inputs, List<List<ValueType>> outputs) {
            this.blockInputs = List.copyOf(inputs);
            this.blockOutputs = List.copyOf(outputs);
            return this;
        }

        public SimpleInferenceContext build() {
            return new SimpleInferenceContext(this);
        }
    }
}
