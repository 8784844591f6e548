package dev.mil4j.core.ir;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.SymbolicInt;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An {@link InferenceContext} over vars bound to inputs: those of an op being built (a map), or those of an op in the
 * IR, read in place (no copies: const elimination and the verifier make one per op).
 */
final class VarInferenceContext extends InferenceContext {
    private final Map<String, List<Var>> inputs;
    private final Operation operation;
    private final Map<String, TensorValue> attributes;
    private final List<Block> blocks;
    private final Function symbols;
    private SymbolicTrace trace;

    /** {@code symbols}: the function whose name pool fresh symbols come from; null mints context-local names. */
    VarInferenceContext(OpDef def, Map<String, List<Var>> inputs, Map<String, TensorValue> attributes,
            List<Block> blocks, Function symbols) {
        super(def);
        this.inputs = inputs;
        this.operation = null;
        this.attributes = attributes;
        this.blocks = blocks;
        this.symbols = symbols;
    }

    /** A context over the inputs of {@code op} as they are now. */
    VarInferenceContext(Operation op, SymbolicTrace trace) {
        super(op.def());
        this.inputs = null;
        this.operation = op;
        this.attributes = op.attributes();
        this.blocks = op.blocks();
        this.symbols = null;
        this.trace = trace;
    }

    private Var bound(String input, int index) {
        return operation != null ? operation.boundVar(input, index) : inputs.get(input).get(index);
    }

    @Override
    protected Optional<List<SymbolicInt>> boundSymbolicValue(String input, int index) {
        if (trace == null) {
            trace = new SymbolicTrace();
        }
        return trace.of(bound(input, index));
    }

    /**
     * Symbolic values of vars, traced through their producers ({@link OpDef#inferSymbolicValue}) with a memo, so a
     * shared subexpression is traced once, and a depth bound, so a long chain of integer ops costs little.
     */
    static final class SymbolicTrace {
        private static final int MAX_DEPTH = 32;
        private final Map<Var, Optional<List<SymbolicInt>>> memo = new IdentityHashMap<>();
        private int depth;

        Optional<List<SymbolicInt>> of(Var v) {
            Optional<List<SymbolicInt>> done = memo.get(v);
            if (done != null) {
                return done;
            }
            Optional<List<SymbolicInt>> r = Optional.empty();
            Operation op = v.producer().orElse(null);
            if (op != null && depth < MAX_DEPTH && op.outputs().size() == 1 && isSmallIntegerVector(v.type())) {
                depth++;
                try {
                    r = op.def().inferSymbolicValue(new VarInferenceContext(op, this));
                } catch (TypeException e) {
                    r = Optional.empty();
                } finally {
                    depth--;
                }
            }
            memo.put(v, r);
            return r;
        }

        private static boolean isSmallIntegerVector(ValueType type) {
            if (!(type instanceof TensorType t) || !t.dtype().isInteger() || t.rank() > 1) {
                return false;
            }
            Dim length = t.rank() == 0 ? Dim.of(1) : t.shape().dim(0);
            return length.isKnown() && length.size() <= InferenceContext.MAX_SYMBOLIC_ELEMENTS;
        }
    }

    @Override
    protected String mintSymbolName(String hint) {
        return symbols == null ? super.mintSymbolName(hint) : symbols.freshName(op().name() + "_" + hint);
    }

    @Override
    protected List<ValueType> boundTypes(String input) {
        if (operation != null) {
            int n = operation.boundCount(input);
            if (n == 0) {
                return List.of();
            }
            if (n == 1) {
                return List.of(operation.boundVar(input, 0).type());
            }
            List<ValueType> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(operation.boundVar(input, i).type());
            }
            return out;
        }
        List<Var> vars = inputs.get(input);
        if (vars == null || vars.isEmpty()) {
            return List.of();
        }
        if (vars.size() == 1) {
            return List.of(vars.get(0).type());
        }
        List<ValueType> out = new ArrayList<>(vars.size());
        for (Var v : vars) {
            out.add(v.type());
        }
        return out;
    }

    @Override
    protected Optional<TensorValue> boundValue(String input, int index) {
        return bound(input, index).value();
    }

    @Override
    protected boolean boundIsConstant(String input, int index) {
        Var v = bound(input, index);
        return v.isConst() || v.producer().map(p -> p.def().isConstexpr()).orElse(false);
    }

    @Override
    public Set<String> boundInputs() {
        return operation != null ? operation.inputNameSet() : inputs.keySet();
    }

    @Override
    public Optional<TensorValue> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    @Override
    public List<List<ValueType>> blockInputTypes() {
        List<List<ValueType>> out = new ArrayList<>(blocks.size());
        for (Block b : blocks) {
            out.add(b.inputs().stream().map(Var::type).toList());
        }
        return out;
    }

    @Override
    public List<List<ValueType>> blockOutputTypes() {
        List<List<ValueType>> out = new ArrayList<>(blocks.size());
        for (Block b : blocks) {
            out.add(b.outputs().stream().map(Var::type).toList());
        }
        return out;
    }
}
