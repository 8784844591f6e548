package dev.mil4j.frontend.tensorflow;

import static java.util.Objects.requireNonNull;

import dev.mil4j.converter.spi.TranslationContext;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.value.TensorValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a {@link TfTranslation} works with for one node: the MIL builder (positioned in the current block, the node's
 * location set, folding on), the node's input vars, the function input made for a placeholder, and errors that name
 * the node.
 */
public final class TfTranslationContext implements TranslationContext {
    private final Builder builder;
    private final TfNode node;
    private final Function<TfNode.Ref, Var> values;
    private final Optional<Var> placeholder;
    private final FunctionCaller caller;

    /** Translates the function a node's attribute names into a block (see {@link #callFunction}). */
    @FunctionalInterface
    interface FunctionCaller {
        List<Var> call(String attr, Builder builder, List<Var> args);
    }

    TfTranslationContext(Builder builder, TfNode node, Function<TfNode.Ref, Var> values, Optional<Var> placeholder,
            FunctionCaller caller) {
        this.builder = requireNonNull(builder, "builder is null");
        this.node = requireNonNull(node, "node is null");
        this.values = requireNonNull(values, "values is null");
        this.placeholder = requireNonNull(placeholder, "placeholder is null");
        this.caller = requireNonNull(caller, "caller is null");
    }

    /**
     * Translates the body of the function that the node's attribute {@code attr} names ({@code then_branch},
     * {@code body}, ...; a function of the graph's function library) with {@code builder}, usually the builder of a
     * nested block: its arguments are bound to {@code args}, its nodes are translated in order, and its outputs
     * are returned in the order of the function's output args. Body nodes are located (and their vars named) by
     * the calling node's name, then their own ({@code loop/body_node}).
     */
    public List<Var> callFunction(String attr, Builder builder, List<Var> args) {
        requireNonNull(attr, "attr is null");
        requireNonNull(builder, "builder is null");
        return caller.call(attr, builder, List.copyOf(args));
    }

    @Override
    public Builder builder() {
        return builder;
    }

    public TfNode node() {
        return node;
    }

    /** The number of data inputs. */
    public int inputCount() {
        return node.inputs().size();
    }

    /** Data input {@code i}; an error naming the node when it has fewer inputs. */
    public Var input(int i) {
        if (i >= node.inputs().size()) {
            throw error("needs at least " + (i + 1) + " inputs, has " + node.inputs().size());
        }
        return values.apply(node.inputs().get(i));
    }

    /** Data inputs {@code from}, {@code from + 1}, ... to the last, in order. */
    public List<Var> inputs(int from) {
        List<Var> out = new ArrayList<>();
        for (int i = from; i < inputCount(); i++) {
            out.add(input(i));
        }
        return out;
    }

    /** The constant value of input {@code i} (after folding), when it is constant. */
    public Optional<TensorValue> constInput(int i) {
        return input(i).value();
    }

    /** The constant value of input {@code i}; an error saying it must be constant otherwise. */
    public TensorValue constInput(int i, String what) {
        return input(i).value().orElseThrow(() -> error("input " + i + " (" + what + ") must be a constant (a Const "
                + "or computable from constants and static shapes), but `" + node.inputs().get(i)
                + "` is computed at run time", "give the model's inputs static shapes (InputType), or freeze the "
                + "graph so that the value is constant"));
    }

    /** The function input made for this node, when it is a placeholder. */
    public Optional<Var> placeholderInput() {
        return placeholder;
    }

    @Override
    public String describeNode() {
        return "TensorFlow node " + node.describe();
    }
}
