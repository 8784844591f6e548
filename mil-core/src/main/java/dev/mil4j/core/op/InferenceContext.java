package dev.mil4j.core.op;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.ir.Identifiers;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.ListType;
import dev.mil4j.core.types.StateType;
import dev.mil4j.core.types.SymbolicInt;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What type and value inference see of an op's inputs: their types, their values where known (consts, or an absent
 * input's default), the op's attributes and the output types of its nested blocks. There is one implementation over
 * IR operations and one over plain maps ({@link SimpleInferenceContext}), so inference runs without building IR.
 *
 * <p>Accessors throw {@link TypeException}s naming the input, which callers turn into diagnostics for the op.
 */
public abstract class InferenceContext {
    /** The largest integer tensor whose elements are tracked symbolically (shape vectors are short). */
    public static final int MAX_SYMBOLIC_ELEMENTS = 64;

    private final OpDef op;
    private Set<Dim> minted = Set.of();
    private int counter;

    protected InferenceContext(OpDef op) {
        this.op = requireNonNull(op, "op is null");
    }

    /**
     * A new symbol for a size known only at run time (the length of {@code non_zero}'s output, a reshape to a
     * computed shape), never equal to another op's symbol. {@code hint} says what it is, e.g. {@code count}.
     */
    public final Dim freshSymbol(String hint) {
        Dim d = Dim.symbol(mintSymbolName(Identifiers.sanitize(hint)));
        if (minted.isEmpty()) {
            minted = new HashSet<>(4);
        }
        minted.add(d);
        return d;
    }

    /** The symbols {@link #freshSymbol} made in this context (inferred types match declared ones modulo them). */
    public final Set<Dim> mintedSymbols() {
        return minted.isEmpty() ? Set.of() : Collections.unmodifiableSet(minted);
    }

    /** A symbol name unique for what this context serves; by default unique within the context. */
    protected String mintSymbolName(String hint) {
        return op.name() + "_" + hint + "_" + counter++;
    }

    public final OpDef op() {
        return op;
    }

    /** The types bound to an input: one for a plain input, any number for a variadic one, none when absent. */
    protected abstract List<ValueType> boundTypes(String input);

    /** The known value of the {@code index}-th value bound to an input. */
    protected abstract Optional<TensorValue> boundValue(String input, int index);

    /**
     * Whether the {@code index}-th value bound to an input is a constant: its value is known, or (for contexts over
     * IR) it is an output of a {@link OpDef#isConstexpr() constexpr} op.
     */
    protected boolean boundIsConstant(String input, int index) {
        return boundValue(input, index).isPresent();
    }

    /**
     * What the producer of the {@code index}-th value bound to an input knows of its elements up to run-time sizes
     * ({@link OpDef#inferSymbolicValue}); empty by default, for contexts without IR.
     */
    protected Optional<List<SymbolicInt>> boundSymbolicValue(String input, int index) {
        return Optional.empty();
    }

    /** The names of the inputs that are bound, in any order. */
    public abstract Set<String> boundInputs();

    public abstract Optional<TensorValue> attribute(String name);

    /** The output types of each nested block, for control-flow ops. */
    public List<List<ValueType>> blockOutputTypes() {
        return List.of();
    }

    /** The input types of each nested block, for control-flow ops. */
    public List<List<ValueType>> blockInputTypes() {
        return List.of();
    }

    public final boolean isPresent(String input) {
        return !boundTypes(input).isEmpty() || boundInputs().contains(input);
    }

    /** The type of a required (or present) input. */
    public final ValueType type(String input) {
        List<ValueType> t = boundTypes(input);
        if (t.isEmpty()) {
            throw new TypeException(input, "is required but missing");
        }
        return t.get(0);
    }

    /** The tensor type of a required input. */
    public final TensorType tensor(String input) {
        ValueType t = type(input);
        if (t instanceof TensorType tt) {
            return tt;
        }
        throw new TypeException(input, "must be a tensor, got " + t);
    }

    public final Optional<TensorType> optionalTensor(String input) {
        return isPresent(input) && !boundTypes(input).isEmpty() ? Optional.of(tensor(input)) : Optional.empty();
    }

    public final ListType list(String input) {
        ValueType t = type(input);
        if (t instanceof ListType lt) {
            return lt;
        }
        throw new TypeException(input, "must be a list, got " + t);
    }

    /** The type of a required state input. */
    public final StateType state(String input) {
        ValueType t = type(input);
        if (t instanceof StateType st) {
            return st;
        }
        throw new TypeException(input, "must be a state, got " + t);
    }

    public final DType dtype(String input) {
        return tensor(input).dtype();
    }

    /** The types of a variadic input. */
    public final List<ValueType> types(String input) {
        return boundTypes(input);
    }

    /** The tensor types of a variadic input. */
    public final List<TensorType> tensors(String input) {
        List<ValueType> ts = boundTypes(input);
        List<TensorType> out = new ArrayList<>(ts.size());
        for (ValueType t : ts) {
            if (!(t instanceof TensorType tt)) {
                throw new TypeException(input, "must hold tensors, got " + t);
            }
            out.add(tt);
        }
        return out;
    }

    /**
     * @return whether {@code input} is bound to a constant: a known value, or (over IR) the output of a
     *     {@link OpDef#isConstexpr() constexpr} op, such as a compressed weight that Core ML decompresses at load time
     */
    public final boolean isConstant(String input) {
        return isPresent(input) && boundIsConstant(input, 0);
    }

    /** The known value of an input: its const value, or the declared default when it is absent. */
    public final Optional<TensorValue> value(String input) {
        if (!boundTypes(input).isEmpty()) {
            return boundValue(input, 0);
        }
        return op.inputs().param(input).flatMap(p -> p.defaultFor(this));
    }

    /** The value of an input that must be known (const or defaulted); a {@link TypeException} otherwise. */
    public final TensorValue constValue(String input) {
        return value(input).orElseThrow(() -> boundTypes(input).isEmpty()
                ? new TypeException(input, "is required but missing")
                : new TypeException(input, "must be const"));
    }

    /** The known values of a variadic input, one per bound value. */
    public final List<Optional<TensorValue>> values(String input) {
        int n = boundTypes(input).size();
        List<Optional<TensorValue>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(boundValue(input, i));
        }
        return out;
    }

    /**
     * The elements of an integer input of rank 0 or 1 (a scalar is one element), known up to run-time sizes: its
     * value when known, otherwise what its producer infers symbolically (e.g. {@code [B, 6, 4, 8]} for a shape
     * vector computed from an input of shape {@code [B, 6, 32]}); empty when neither is known.
     */
    public final Optional<List<SymbolicInt>> symbolicValue(String input) {
        if (boundTypes(input).isEmpty()) {
            return value(input).flatMap(InferenceContext::symbolic);
        }
        return symbolicValue(input, 0);
    }

    /** {@link #symbolicValue(String)} for each value of a variadic input. */
    public final List<Optional<List<SymbolicInt>>> symbolicValues(String input) {
        int n = boundTypes(input).size();
        List<Optional<List<SymbolicInt>>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(symbolicValue(input, i));
        }
        return out;
    }

    private Optional<List<SymbolicInt>> symbolicValue(String input, int index) {
        Optional<TensorValue> known = boundValue(input, index);
        if (known.isPresent()) {
            return symbolic(known.get());
        }
        return boundSymbolicValue(input, index);
    }

    private static Optional<List<SymbolicInt>> symbolic(TensorValue v) {
        if (!v.dtype().isInteger() || v.shape().rank() > 1 || v.elementCount() > MAX_SYMBOLIC_ELEMENTS) {
            return Optional.empty();
        }
        int n = (int) v.elementCount();
        List<SymbolicInt> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(SymbolicInt.known(v.getLong(i)));
        }
        return Optional.of(out);
    }

    /** True when every bound input has a known value (the usual precondition of value inference). */
    public final boolean allInputsKnown() {
        for (String name : boundInputs()) {
            int n = boundTypes(name).size();
            for (int i = 0; i < n; i++) {
                if (boundValue(name, i).isEmpty()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A const int input as a long, e.g. an axis. */
    public final long constLong(String input) {
        TensorValue v = constValue(input);
        if (v.elementCount() != 1 || !(v.dtype().isInteger() || v.dtype().isBool())) {
            throw new TypeException(input, "must be an integer scalar, got " + v.type());
        }
        return v.scalarLong();
    }

    /** A const boolean input. */
    public final boolean constBoolean(String input) {
        TensorValue v = constValue(input);
        if (v.elementCount() != 1) {
            throw new TypeException(input, "must be a scalar, got " + v.type());
        }
        return v.scalarBoolean();
    }
}
