package dev.mil4j.frontend.tensorflow;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.diag.Location;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates the body of a function of the graph's library into a block, for the node that calls it ({@code If}
 * branches, {@code While} conds and bodies, {@code PartitionedCall}s; see
 * {@link TfTranslationContext#callFunction}): the body's arguments are bound to the given values, its needed nodes
 * are translated in topological order (located under the calling node's path) and its outputs returned.
 */
final class TfFunctionCaller {
    /** The deepest nesting of function calls translated (TensorFlow forbids recursion; this bounds bad input). */
    private static final int MAX_CALL_DEPTH = 32;

    private final TfLibrary library;
    private final TfGraphChecker checker;
    private final TfGraphTranslator translator;

    TfFunctionCaller(TfLibrary library, TfGraphChecker checker, TfGraphTranslator translator) {
        this.library = library;
        this.checker = checker;
        this.translator = translator;
    }

    /**
     * Translates the body of the function that attribute {@code attr} of {@code caller} names into the block
     * {@code builder} appends to, its arguments bound to {@code args}; returns its outputs in order.
     */
    List<Var> call(TfScope scope, TfNode caller, String attr, Builder builder, List<Var> args) {
        Location where = scope.location(caller);
        String f = TfFunctionBody.functionAttr(caller, attr).orElseThrow(() -> error(caller, where,
                "has no function attribute `" + attr + "`"));
        if (!library.defines(f)) {
            throw error(caller, where, "calls function `" + f + "`, which the function library of graph "
                    + scope.file + " does not define");
        }
        if (scope.depth >= MAX_CALL_DEPTH) {
            throw error(caller, where, "calls function `" + f + "` " + MAX_CALL_DEPTH + " calls deep; TensorFlow "
                    + "functions cannot recurse");
        }
        TfFunctionBody body = library.body(f);
        if (args.size() != body.args().size()) {
            throw error(caller, where, "passes " + args.size() + " values to function `" + f + "`, which takes "
                    + body.args().size());
        }
        TfScope inner = scope.body(scope.prefix + caller.name() + "/", body);
        for (int i = 0; i < args.size(); i++) {
            inner.values.put(new TfNode.Ref(body.args().get(i), 0), args.get(i));
        }
        List<Diagnostic> problems = new ArrayList<>();
        List<TfNode> order = checker.topologicalOrder(inner, checker.needed(inner, body.outputs(), problems),
                problems);
        TfGraphChecker.throwIf(problems);
        for (TfNode n : order) {
            translator.translateNode(inner, n, builder);
        }
        builder.at(where);
        List<Var> outs = new ArrayList<>();
        for (TfNode.Ref r : body.outputs()) {
            outs.add(translator.value(inner, r));
        }
        return outs;
    }

    private static ConversionException error(TfNode caller, Location where, String message) {
        return new ConversionException(Diagnostic.error("TensorFlow node " + caller.describe() + " " + message)
                .at(where));
    }
}
