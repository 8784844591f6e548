package dev.mil4j.core.op;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.value.TensorValue;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The declaration of one op input: its name, the kind of value, its type domain (a type variable shared with other
 * inputs, such as {@code T}, or a fixed set of dtypes), whether it must be const, whether it may be left out and
 * what it then defaults to, and whether it takes a variable number of values. Made with {@link InputSpec.Builder}.
 */
public final class InputParam {
    private final String name;
    private final InputKind kind;
    private final String typeVar;
    private final Set<DType> dtypes;
    private final boolean constant;
    private final boolean optional;
    private final boolean variadic;
    private final TensorValue defaultValue;
    private final Function<InferenceContext, TensorValue> computedDefault;

    InputParam(String name, InputKind kind, String typeVar, Set<DType> dtypes, boolean constant, boolean optional,
            boolean variadic, TensorValue defaultValue, Function<InferenceContext, TensorValue> computedDefault) {
        this.name = requireNonNull(name, "name is null");
        this.kind = requireNonNull(kind, "kind is null");
        this.typeVar = typeVar;
        this.dtypes = dtypes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(dtypes));
        this.constant = constant;
        this.optional = optional;
        this.variadic = variadic;
        this.defaultValue = defaultValue;
        this.computedDefault = computedDefault;
    }

    public String name() {
        return name;
    }

    public InputKind kind() {
        return kind;
    }

    /** The type variable (e.g. {@code T}) whose domain the op declares; inputs sharing it must have one dtype. */
    public Optional<String> typeVar() {
        return Optional.ofNullable(typeVar);
    }

    /** The allowed dtypes when no type variable is used; empty means any. */
    public Set<DType> dtypes() {
        return dtypes;
    }

    /** The value must be known when the op is built (a const or a folded value). */
    public boolean isConst() {
        return constant;
    }

    public boolean isOptional() {
        return optional;
    }

    /** Takes zero or more values (like {@code concat}'s {@code values}). */
    public boolean isVariadic() {
        return variadic;
    }

    public Optional<TensorValue> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** True when an absent optional input has a default (fixed or computed from the other inputs). */
    public boolean hasDefault() {
        return defaultValue != null || computedDefault != null;
    }

    /** The default for an absent input, computed from the other inputs where the op declares it so. */
    public Optional<TensorValue> defaultFor(InferenceContext ctx) {
        if (defaultValue != null) {
            return Optional.of(defaultValue);
        }
        return computedDefault == null ? Optional.empty() : Optional.of(computedDefault.apply(ctx));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append(": ");
        if (constant) {
            sb.append("const ");
        }
        sb.append(kind.name().toLowerCase(java.util.Locale.ROOT));
        if (variadic) {
            sb.append("...");
        }
        if (typeVar != null) {
            sb.append('<').append(typeVar).append('>');
        } else if (!dtypes.isEmpty()) {
            sb.append(EnumSet.copyOf(dtypes));
        }
        if (optional) {
            sb.append(defaultValue != null ? " = " + defaultValue : computedDefault != null ? " = (computed)" : "?");
        }
        return sb.toString();
    }
}
