package dev.mil4j.core.ir;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An {@link InferenceContext} over vars bound to inputs, for ops being built or already in the IR. */
final class VarInferenceContext extends InferenceContext {
    private final Map<String, List<Var>> inputs;
    private final Map<String, TensorValue> attributes;
    private final List<Block> blocks;
    private final Function symbols;

    /** {@code symbols}: the function whose name pool fresh symbols come from; null mints context-local names. */
    VarInferenceContext(OpDef def, Map<String, List<Var>> inputs, Map<String, TensorValue> attributes,
            List<Block> blocks, Function symbols) {
        super(def);
        this.inputs = inputs;
        this.attributes = attributes;
        this.blocks = blocks;
        this.symbols = symbols;
    }

    @Override
    protected String mintSymbolName(String hint) {
        return symbols == null ? super.mintSymbolName(hint) : symbols.freshName(op().name() + "_" + hint);
    }

    @Override
    protected List<ValueType> boundTypes(String input) {
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
        return inputs.get(input).get(index).value();
    }

    @Override
    public Set<String> boundInputs() {
        return inputs.keySet();
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
