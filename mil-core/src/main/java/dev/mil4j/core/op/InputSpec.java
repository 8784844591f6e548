package dev.mil4j.core.op;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.value.TensorValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The declarative input specification of an op: its inputs in order and its type domains. Built with
 * {@link #builder()}:
 *
 * <pre>{@code
 * InputSpec.builder()
 *     .tensor("x", "T")
 *     .scalar("k", DType.INT32).constant().defaultValue(TensorValue.scalar(1))
 *     .domain("T", DType.FP16, DType.FP32)
 *     .build();
 * }</pre>
 */
public final class InputSpec {
    private static final InputSpec EMPTY = new InputSpec(List.of(), Map.of());

    private final List<InputParam> params;
    private final Map<String, InputParam> byName;
    private final Map<String, Set<DType>> domains;

    private InputSpec(List<InputParam> params, Map<String, Set<DType>> domains) {
        this.params = List.copyOf(params);
        Map<String, InputParam> m = new LinkedHashMap<>();
        for (InputParam p : params) {
            if (m.put(p.name(), p) != null) {
                throw new IllegalArgumentException("input '" + p.name() + "' is declared twice");
            }
            p.typeVar().ifPresent(tv -> {
                if (!domains.containsKey(tv)) {
                    throw new IllegalArgumentException("input '" + p.name() + "' uses type domain '" + tv
                            + "', which is not declared");
                }
            });
        }
        this.byName = Map.copyOf(m);
        this.domains = Map.copyOf(domains);
    }

    public static InputSpec empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<InputParam> params() {
        return params;
    }

    public Optional<InputParam> param(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The dtypes of a type domain such as {@code T}. */
    public Set<DType> domain(String typeVar) {
        Set<DType> d = domains.get(typeVar);
        if (d == null) {
            throw new IllegalArgumentException("no type domain '" + typeVar + "'");
        }
        return d;
    }

    public Map<String, Set<DType>> domains() {
        return domains;
    }

    /** The allowed dtypes of an input: its type variable's domain, or its own set (empty means any). */
    public Set<DType> allowedDtypes(InputParam p) {
        return p.typeVar().map(this::domain).orElse(p.dtypes());
    }

    /** Builds an {@link InputSpec}; modifiers such as {@link #constant()} apply to the input declared last. */
    public static final class Builder {
        private final List<Pending> pending = new ArrayList<>();
        private final Map<String, Set<DType>> domains = new LinkedHashMap<>();

        private Builder() {
        }

        /** A tensor input in type domain {@code typeVar}. */
        public Builder tensor(String name, String typeVar) {
            return add(name, InputKind.TENSOR, typeVar, Set.of());
        }

        /** A tensor input of the given dtypes (any dtype when none are given). */
        public Builder tensor(String name, DType... dtypes) {
            return add(name, InputKind.TENSOR, null, set(dtypes));
        }

        public Builder scalar(String name, String typeVar) {
            return add(name, InputKind.SCALAR, typeVar, Set.of());
        }

        public Builder scalar(String name, DType... dtypes) {
            return add(name, InputKind.SCALAR, null, set(dtypes));
        }

        public Builder list(String name) {
            return add(name, InputKind.LIST, null, Set.of());
        }

        /** A state input (iOS18): {@code read_state}'s and {@code coreml_update_state}'s. */
        public Builder state(String name) {
            return add(name, InputKind.STATE, null, Set.of());
        }

        public Builder any(String name) {
            return add(name, InputKind.ANY, null, Set.of());
        }

        /** Zero or more tensors in type domain {@code typeVar}. */
        public Builder tensors(String name, String typeVar) {
            add(name, InputKind.TENSOR, typeVar, Set.of());
            last().variadic = true;
            return this;
        }

        /** Zero or more values of any kind (tensors or lists), such as a loop's variables. */
        public Builder anys(String name) {
            add(name, InputKind.ANY, null, Set.of());
            last().variadic = true;
            return this;
        }

        public Builder tensors(String name, DType... dtypes) {
            add(name, InputKind.TENSOR, null, set(dtypes));
            last().variadic = true;
            return this;
        }

        /** The last input must be const. */
        public Builder constant() {
            last().constant = true;
            return this;
        }

        /** The last input may be left out; it then has no value. */
        public Builder optional() {
            last().optional = true;
            return this;
        }

        /** The last input may be left out and then takes {@code value}. */
        public Builder defaultValue(TensorValue value) {
            Pending p = last();
            p.optional = true;
            p.defaultValue = requireNonNull(value, "value is null");
            return this;
        }

        /** The last input may be left out and then takes a value computed from the other inputs. */
        public Builder defaultFrom(Function<InferenceContext, TensorValue> computed) {
            Pending p = last();
            p.optional = true;
            p.computedDefault = requireNonNull(computed, "computed is null");
            return this;
        }

        /** Declares type domain {@code typeVar}. */
        public Builder domain(String typeVar, DType... dtypes) {
            domains.put(requireNonNull(typeVar, "typeVar is null"), Set.copyOf(Arrays.asList(dtypes)));
            return this;
        }

        public InputSpec build() {
            List<InputParam> params = new ArrayList<>(pending.size());
            for (Pending p : pending) {
                params.add(new InputParam(p.name, p.kind, p.typeVar, p.dtypes, p.constant, p.optional, p.variadic,
                        p.defaultValue, p.computedDefault));
            }
            return new InputSpec(params, domains);
        }

        private Builder add(String name, InputKind kind, String typeVar, Set<DType> dtypes) {
            Pending p = new Pending();
            p.name = requireNonNull(name, "name is null");
            p.kind = kind;
            p.typeVar = typeVar;
            p.dtypes = dtypes;
            pending.add(p);
            return this;
        }

        private Pending last() {
            if (pending.isEmpty()) {
                throw new IllegalStateException("declare an input first");
            }
            return pending.get(pending.size() - 1);
        }

        private static Set<DType> set(DType... dtypes) {
            return dtypes.length == 0 ? Set.of() : EnumSet.copyOf(Arrays.asList(dtypes));
        }

        private static final class Pending {
            String name;
            InputKind kind;
            String typeVar;
            Set<DType> dtypes;
            boolean constant;
            boolean optional;
            boolean variadic;
            TensorValue defaultValue;
            Function<InferenceContext, TensorValue> computedDefault;
        }
    }
}
