package dev.mil4j.frontend.onnx;

import dev.mil4j.core.ir.Var;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The values visible while translating one ONNX graph: the main graph, a subgraph (an {@code If} branch, a
 * {@code Loop} body: it also sees the values of the graphs enclosing it, ONNX's outer-scope capture), or the body of
 * an inlined model-local function (which sees only its own values). Each scope also knows the opset versions its
 * nodes are read with and the prefix its MIL names get.
 */
final class OnnxScope {
    private final OnnxScope parent;
    private final boolean main;
    private final Map<String, Integer> opsets;
    private final String prefix;
    private final Map<String, Var> values = new HashMap<>();

    private OnnxScope(OnnxScope parent, boolean main, Map<String, Integer> opsets, String prefix) {
        this.parent = parent;
        this.main = main;
        this.opsets = opsets;
        this.prefix = prefix;
    }

    /** The main graph's scope; its initializers are looked up by the translator. */
    static OnnxScope main(Map<String, Integer> opsets) {
        return new OnnxScope(null, true, opsets, "");
    }

    /** A subgraph's scope: sees this scope's values, reads ops with the same opsets. */
    OnnxScope subgraph() {
        return new OnnxScope(this, false, opsets, prefix);
    }

    /** A function body's scope: sees nothing outside, reads ops with the function's opsets, names get a prefix. */
    static OnnxScope function(Map<String, Integer> opsets, String prefix) {
        return new OnnxScope(null, false, opsets, prefix);
    }

    void put(String name, Var v) {
        values.put(name, v);
    }

    /** The var of a value name in this scope or an enclosing one. */
    Optional<Var> lookup(String name) {
        for (OnnxScope s = this; s != null; s = s.parent) {
            Var v = s.values.get(name);
            if (v != null) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** Whether the main graph's initializers are visible (not in a function body). */
    boolean seesInitializers() {
        OnnxScope s = this;
        while (s.parent != null) {
            s = s.parent;
        }
        return s.main;
    }

    /** The version of a domain the scope's nodes are read with (1 when it is not imported). */
    int opsetVersion(String domain) {
        Integer v = opsets.get(OnnxTranslations.isDefaultDomain(domain) ? "" : domain);
        return v == null ? 1 : v;
    }

    Map<String, Integer> opsets() {
        return opsets;
    }

    /** The prefix of MIL names made in this scope ({@code ""} outside function bodies). */
    String prefix() {
        return prefix;
    }
}
