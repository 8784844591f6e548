package dev.mil4j.core.ir;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.diag.Location;
import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.value.TensorValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One operation: an op definition applied to named inputs (each bound to one var, or to several for a variadic
 * input), with attributes, output vars, nested blocks for control flow, a name and a source {@link Location}.
 * Operations are made by the {@link Builder} and live in a {@link Block}'s doubly linked list.
 */
public final class Operation {
    private final OpDef def;
    private String name;
    private Location location;
    private final String[] inputNames;
    private final Use[][] inputs;
    private final Map<String, TensorValue> attributes;
    private final List<Var> outputs;
    private final List<Block> blocks;

    Block parent;
    Operation prev;
    Operation next;
    /** Position in the parent block, increasing along the block; valid while the block says so. */
    long order;

    Operation(OpDef def, String name, Location location, Map<String, List<Var>> boundInputs,
            Map<String, TensorValue> attributes, List<OutputSpec> outputs, List<Block> blocks) {
        this.def = def;
        this.name = name;
        this.location = location;
        this.inputNames = new String[boundInputs.size()];
        this.inputs = new Use[boundInputs.size()][];
        int i = 0;
        for (Map.Entry<String, List<Var>> e : boundInputs.entrySet()) {
            inputNames[i] = e.getKey();
            List<Var> vars = e.getValue();
            Use[] us = new Use[vars.size()];
            for (int j = 0; j < us.length; j++) {
                us[j] = new Use(this, null);
                vars.get(j).addUse(us[j]);
            }
            inputs[i++] = us;
        }
        this.attributes = attributes.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        List<Var> outs = new ArrayList<>(outputs.size());
        for (OutputSpec o : outputs) {
            outs.add(new Var(o.name(), o.type(), this, o.value()));
        }
        this.outputs = List.copyOf(outs);
        this.blocks = List.copyOf(blocks);
        for (Block b : this.blocks) {
            b.parentOp = this;
        }
    }

    /** An output to create: its name, type and (for consts) value. */
    record OutputSpec(String name, dev.mil4j.core.types.ValueType type, TensorValue value) {
    }

    public OpDef def() {
        return def;
    }

    /** The op type, e.g. {@code conv}. */
    public String type() {
        return def.name();
    }

    public String name() {
        return name;
    }

    public void rename(String newName) {
        this.name = requireNonNull(newName, "newName is null");
    }

    public Location location() {
        return location;
    }

    public void setLocation(Location where) {
        this.location = requireNonNull(where, "where is null");
    }

    /** The names of the bound inputs, in the order of the op's input specification. */
    public List<String> inputNames() {
        return List.of(inputNames);
    }

    /** The var bound to a (non-variadic) input. */
    public Optional<Var> input(String inputName) {
        int i = indexOf(inputName);
        return i < 0 || inputs[i].length == 0 ? Optional.empty() : Optional.of(inputs[i][0].value);
    }

    /** The var bound to a required input; an {@link IllegalStateException} when it is absent. */
    public Var requireInput(String inputName) {
        return input(inputName).orElseThrow(() -> new IllegalStateException(
                "`" + name + "` (" + type() + ") has no input `" + inputName + "`"));
    }

    /** The vars bound to an input (several for a variadic one; none when absent). */
    public List<Var> inputList(String inputName) {
        int i = indexOf(inputName);
        if (i < 0) {
            return List.of();
        }
        List<Var> out = new ArrayList<>(inputs[i].length);
        for (Use u : inputs[i]) {
            out.add(u.value);
        }
        return out;
    }

    /** The names of the bound inputs as a set (for inference contexts). */
    Set<String> inputNameSet() {
        return Set.of(inputNames);
    }

    /** How many vars are bound to an input (0 when absent). */
    int boundCount(String inputName) {
        int i = indexOf(inputName);
        return i < 0 ? 0 : inputs[i].length;
    }

    /** The {@code index}-th var bound to an input. */
    Var boundVar(String inputName, int index) {
        return inputs[indexOf(inputName)][index].value;
    }

    /** All inputs by name, in specification order. */
    public Map<String, List<Var>> inputs() {
        Map<String, List<Var>> out = new LinkedHashMap<>();
        for (int i = 0; i < inputNames.length; i++) {
            out.put(inputNames[i], inputList(inputNames[i]));
        }
        return out;
    }

    /** True when some input var satisfies {@code test}; allocates nothing, for sweeps over large programs. */
    public boolean anyInputVar(java.util.function.Predicate<Var> test) {
        for (Use[] us : inputs) {
            for (Use u : us) {
                if (test.test(u.value)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Every input var, flattened, in order (a var bound twice appears twice). */
    public List<Var> inputVars() {
        List<Var> out = new ArrayList<>();
        for (Use[] us : inputs) {
            for (Use u : us) {
                out.add(u.value);
            }
        }
        return out;
    }

    /**
     * Rebinds every use of {@code old} among this op's inputs to {@code replacement}. The caller keeps types valid
     * (the verifier checks).
     */
    public void replaceInput(Var old, Var replacement) {
        for (Use[] us : inputs) {
            for (Use u : us) {
                if (u.value == old) {
                    old.removeUse(u);
                    replacement.addUse(u);
                }
            }
        }
    }

    public Map<String, TensorValue> attributes() {
        return attributes;
    }

    public Optional<TensorValue> attribute(String attributeName) {
        return Optional.ofNullable(attributes.get(attributeName));
    }

    public List<Var> outputs() {
        return outputs;
    }

    /** The only output; an {@link IllegalStateException} for ops with several. */
    public Var output() {
        if (outputs.size() != 1) {
            throw new IllegalStateException("`" + name + "` (" + type() + ") has " + outputs.size() + " outputs");
        }
        return outputs.get(0);
    }

    public Var output(int index) {
        return outputs.get(index);
    }

    public List<Block> blocks() {
        return blocks;
    }

    /** The block holding this op; empty once it is erased. */
    public Optional<Block> parent() {
        return Optional.ofNullable(parent);
    }

    /** True while the op is in a block; false once it is erased (cheaper than {@code parent().isPresent()}). */
    public boolean isInBlock() {
        return parent != null;
    }

    public Optional<Operation> next() {
        return Optional.ofNullable(next);
    }

    public Optional<Operation> previous() {
        return Optional.ofNullable(prev);
    }

    /** True when no output is used (by an operation or as a block output). */
    public boolean isUnused() {
        for (Var v : outputs) {
            if (v.hasUses()) {
                return false;
            }
        }
        return true;
    }

    /** A context for re-running type and value inference on this op as it is now. */
    public InferenceContext inferenceContext() {
        return new VarInferenceContext(this, null);
    }

    /** Drops all input uses and, recursively, those of nested blocks; the op is then dead. */
    void dropUses() {
        for (Use[] us : inputs) {
            for (Use u : us) {
                if (u.value != null) {
                    u.value.removeUse(u);
                }
            }
        }
        for (Block b : blocks) {
            b.dropAll();
        }
    }

    /** For the verifier: every input use registered in its var. */
    boolean usesAreConsistent() {
        for (Use[] us : inputs) {
            for (Use u : us) {
                if (u.value == null || !u.value.hasUse(u)) {
                    return false;
                }
            }
        }
        return true;
    }

    private int indexOf(String inputName) {
        for (int i = 0; i < inputNames.length; i++) {
            if (inputNames[i].equals(inputName)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "`" + name + "` (" + type() + ")";
    }
}
