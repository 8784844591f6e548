package dev.mil4j.core.op;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.SymbolicInt;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The definition of one MIL op at one opset version: a declarative input specification, pure type inference and
 * optional value inference. Subclasses are small final classes, one per op, sharing family bases. A custom op is an
 * ordinary definition whose {@link #binding()} is present.
 *
 * <p>{@link #inferTypes} and {@link #inferValues} must be pure functions of the context: they are called by the
 * builder, the verifier, frontends and benchmarks, without IR.
 */
public abstract class OpDef {
    private final String name;
    private final Opset since;
    private final InputSpec inputs;
    private final boolean valueInference;

    protected OpDef(String name, Opset since, InputSpec inputs) {
        this.name = requireNonNull(name, "name is null");
        this.since = requireNonNull(since, "since is null");
        this.inputs = requireNonNull(inputs, "inputs is null");
        this.valueInference = overridesInferValues(getClass());
    }

    /** The op type, e.g. {@code conv}. */
    public final String name() {
        return name;
    }

    /** The first opset this definition applies to. */
    public final Opset since() {
        return since;
    }

    public final InputSpec inputs() {
        return inputs;
    }

    /** The output types, given valid inputs (checked by {@link #validate} first). */
    public abstract List<ValueType> inferTypes(InferenceContext ctx);

    /** The output values when they can be computed now (usually: all inputs known); empty otherwise. */
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        return Optional.empty();
    }

    /**
     * The elements of this op's only output, an integer tensor of rank 0 or 1, when they are known up to run-time
     * sizes although its value is not (see {@link SymbolicInt}); empty otherwise, which is the default. Ops that
     * compute shapes implement it ({@code shape}, {@code gather}, {@code concat}, integer arithmetic, ...), and ops
     * whose output shape comes from such a tensor ({@code reshape}, {@code fill}, ...) read it with
     * {@link InferenceContext#symbolicValue}. Must be pure, like {@link #inferTypes}.
     */
    public Optional<List<SymbolicInt>> inferSymbolicValue(InferenceContext ctx) {
        return Optional.empty();
    }

    /**
     * Whether {@link #inferValues} is implemented, so callers can skip it cheaply: true when this class or a base
     * below {@code OpDef} overrides it.
     */
    public boolean hasValueInference() {
        return valueInference;
    }

    private static boolean overridesInferValues(Class<?> type) {
        try {
            return type.getMethod("inferValues", InferenceContext.class).getDeclaringClass() != OpDef.class;
        } catch (NoSuchMethodException e) {
            throw new AssertionError("OpDef.inferValues is public", e);
        }
    }

    /** Present for custom ops: how the op becomes a NeuralNetwork custom layer. */
    public Optional<Binding> binding() {
        return Optional.empty();
    }

    public final boolean isCustom() {
        return binding().isPresent();
    }

    /** How many nested blocks the op holds ({@code cond}: 2, {@code while_loop}: 2). */
    public int blockCount() {
        return 0;
    }

    /**
     * Whether the op is a constant stored compressed, computed from constant inputs when Core ML loads the model (the
     * {@code constexpr_*} ops of weight compression). Its outputs count as constants where an input must be const,
     * and folding ({@code common::const_elimination}, a folding builder) leaves it in place, since materializing it
     * would undo the compression; its value inference, if any, decompresses (the interpreter runs it that way).
     */
    public boolean isConstexpr() {
        return false;
    }

    /** Ops with side effects are never removed as dead code. */
    public boolean hasSideEffects() {
        return false;
    }

    /** A one-line description for listings. */
    public String summary() {
        return "";
    }

    /**
     * Checks the bound inputs against the input specification: no unknown input, every required input present, each
     * of the right kind, in its type domain (inputs sharing a type variable have one dtype) and const where required.
     *
     * @throws TypeException naming the first offending input
     */
    public final void validate(InferenceContext ctx) {
        for (String bound : ctx.boundInputs()) {
            if (inputs.param(bound).isEmpty()) {
                throw new TypeException(bound, "is not an input of `" + name + "`; its inputs are "
                        + inputs.params().stream().map(InputParam::name).collect(Collectors.joining(", ")));
            }
        }
        Map<String, String> firstOfVar = new HashMap<>(4);
        Map<String, DType> dtypeOfVar = new HashMap<>(4);
        for (InputParam p : inputs.params()) {
            List<ValueType> types = ctx.boundTypes(p.name());
            if (types.isEmpty()) {
                if (!p.isOptional() && !(p.isVariadic() && ctx.boundInputs().contains(p.name()))) {
                    throw new TypeException(p.name(), "is required but missing");
                }
                continue;
            }
            if (!p.isVariadic() && types.size() > 1) {
                throw new TypeException(p.name(), "takes one value, got " + types.size());
            }
            for (int i = 0; i < types.size(); i++) {
                checkOne(ctx, p, types.get(i), i, firstOfVar, dtypeOfVar);
            }
        }
    }

    private void checkOne(InferenceContext ctx, InputParam p, ValueType t, int index, Map<String, String> firstOfVar,
            Map<String, DType> dtypeOfVar) {
        switch (p.kind()) {
            case TENSOR -> {
                if (!(t instanceof TensorType)) {
                    throw new TypeException(p.name(), "must be a tensor, got " + t);
                }
            }
            case SCALAR -> {
                if (!(t instanceof TensorType tt) || !tt.isScalar()) {
                    throw new TypeException(p.name(), "must be a scalar, got " + t);
                }
            }
            case LIST -> {
                if (!(t instanceof dev.mil4j.core.types.ListType)) {
                    throw new TypeException(p.name(), "must be a list, got " + t);
                }
            }
            case STATE -> {
                if (!(t instanceof dev.mil4j.core.types.StateType)) {
                    throw new TypeException(p.name(), "must be a state, got " + t);
                }
            }
            case ANY -> {
            }
        }
        if (t instanceof TensorType tt) {
            Set<DType> allowed = inputs.allowedDtypes(p);
            if (!allowed.isEmpty() && !allowed.contains(tt.dtype())) {
                throw new TypeException(p.name(), "has dtype " + tt.dtype() + ", but "
                        + p.typeVar().map(v -> "type domain " + v).orElse("it") + " allows only "
                        + sorted(allowed));
            }
            if (p.typeVar().isPresent()) {
                String var = p.typeVar().get();
                DType seen = dtypeOfVar.putIfAbsent(var, tt.dtype());
                if (seen != null && seen != tt.dtype()) {
                    throw new TypeException(p.name(), "has dtype " + tt.dtype() + ", but `" + firstOfVar.get(var)
                            + "` has " + seen + " and both are in type domain " + var);
                }
                firstOfVar.putIfAbsent(var, p.name());
            }
        }
        if (p.isConst() && !ctx.boundIsConstant(p.name(), index)) {
            throw new TypeException(p.name(), "must be const");
        }
    }

    private static String sorted(Set<DType> dtypes) {
        return dtypes.stream().sorted().map(DType::milName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return name + "@" + since;
    }
}
