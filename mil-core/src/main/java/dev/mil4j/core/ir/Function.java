package dev.mil4j.core.ir;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.DimBound;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A MIL function: named, typed inputs, the ranges of sizes their symbolic dimensions may take at run time, a body
 * block whose outputs are the function's outputs, and the opset its ops are taken from. It hands out var and op
 * names that are unique within it.
 */
public final class Function {
    private final String name;
    private Opset opset;
    private final Block body;
    private final Map<String, DimBound> dimBounds = new LinkedHashMap<>();
    private final Set<String> names = new HashSet<>();
    private final Map<String, Integer> counters = new HashMap<>();

    Function(String name, Opset opset, Map<String, ValueType> inputs) {
        this.name = requireNonNull(name, "name is null");
        this.opset = requireNonNull(opset, "opset is null");
        List<Var> vars = new ArrayList<>(inputs.size());
        for (Map.Entry<String, ValueType> e : inputs.entrySet()) {
            vars.add(new Var(claimName(e.getKey()), e.getValue(), null, null));
        }
        this.body = new Block(this, vars);
    }

    public String name() {
        return name;
    }

    public Opset opset() {
        return opset;
    }

    /** Changes the opset (e.g. when a backend raises the deployment target). */
    public void setOpset(Opset newOpset) {
        this.opset = requireNonNull(newOpset, "newOpset is null");
    }

    public Block body() {
        return body;
    }

    public List<Var> inputs() {
        return body.inputs();
    }

    public List<Var> outputs() {
        return body.outputs();
    }

    public void setOutputs(List<Var> outputs) {
        body.setOutputs(outputs);
    }

    /**
     * The range of sizes given to a symbolic dimension of the inputs ({@code S} in {@code %x: fp32[1, S]}): empty
     * when none was given, and then a backend chooses the range (a NeuralNetwork model accepts any size, an ML
     * Program 1 to 2, as in coremltools).
     */
    public Optional<DimBound> dimBound(String symbol) {
        return Optional.ofNullable(dimBounds.get(symbol));
    }

    /** Every range given to a symbolic dimension of the inputs, by symbol, in the order given. */
    public Map<String, DimBound> dimBounds() {
        return Collections.unmodifiableMap(dimBounds);
    }

    /**
     * Gives a symbolic dimension of the inputs a range of sizes, replacing the one it had.
     *
     * @throws IllegalArgumentException when no input of this function has a dimension named {@code symbol}
     */
    public void setDimBound(String symbol, DimBound bound) {
        requireNonNull(bound, "bound is null");
        if (!isInputSymbol(symbol)) {
            throw new IllegalArgumentException("no input of function '" + name + "' has a dimension " + symbol);
        }
        dimBounds.put(symbol, bound);
    }

    /** Whether an input of this function has the symbolic dimension {@code symbol}. */
    public boolean isInputSymbol(String symbol) {
        requireNonNull(symbol, "symbol is null");
        for (Var in : inputs()) {
            if (in.type() instanceof TensorType t) {
                for (Dim d : t.shape().dims()) {
                    if (d instanceof Dim.Symbol s && s.name().equals(symbol)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Creates the input vars of a nested block of this function. */
    Block newBlock(Map<String, ValueType> inputs) {
        List<Var> vars = new ArrayList<>(inputs.size());
        for (Map.Entry<String, ValueType> e : inputs.entrySet()) {
            vars.add(new Var(claimName(e.getKey()), e.getValue(), null, null));
        }
        return new Block(this, vars);
    }

    /** A name not handed out before in this function: {@code preferred} itself if free, else with a suffix. */
    public String claimName(String preferred) {
        requireNonNull(preferred, "preferred is null");
        if (names.add(preferred)) {
            return preferred;
        }
        return freshName(preferred);
    }

    /** A new name {@code prefix_N} not handed out before in this function. */
    public String freshName(String prefix) {
        int n = counters.getOrDefault(prefix, 0);
        String candidate;
        do {
            candidate = prefix + "_" + n++;
        } while (!names.add(candidate));
        counters.put(prefix, n);
        return candidate;
    }

    /** Records that a name is in use (for passes that rename). */
    public void reserveName(String used) {
        names.add(used);
    }
}
