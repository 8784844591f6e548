package dev.mil4j.frontend.pytorch;

import static java.util.Objects.requireNonNull;

import dev.mil4j.converter.spi.TranslationRegistry;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.frontend.pytorch.graph.TorchGraph;
import dev.mil4j.frontend.pytorch.graph.TorchNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a {@link TorchGraph} before anything is translated: every node kind, those in nested blocks included, must
 * have a translation in the {@code pytorch} registry. All unsupported ops are reported in one error, one diagnostic
 * per op kind at its first use (module path and code line), with a note for every further use and a hint on adding
 * the translation through a plugin. ({@code prim::RaiseException}, the raising branch of a guard, is the translator's
 * own.)
 */
public final class TorchGraphChecker {
    /** The raise of a guard branch, which the translator handles itself and no plugin translates. */
    static final String RAISE = "prim::RaiseException";

    private TorchGraphChecker() {
    }

    /**
     * Looks up the translation of every node.
     *
     * @return each node's translation
     * @throws ConversionException listing every unsupported op with each use
     */
    public static Map<TorchNode, TorchTranslation> check(TorchGraph graph, TranslationRegistry<TorchTranslation> registry) {
        requireNonNull(graph, "graph is null");
        requireNonNull(registry, "registry is null");
        Map<TorchNode, TorchTranslation> found = new HashMap<>();
        Map<String, List<TorchNode>> missing = new LinkedHashMap<>();
        for (TorchNode node : graph.allNodes()) {
            if (node.kind().equals(RAISE)) {
                continue;
            }
            registry.lookup(node.kind()).ifPresentOrElse(t -> found.put(node, t),
                    () -> missing.computeIfAbsent(node.kind(), k -> new ArrayList<>()).add(node));
        }
        if (missing.isEmpty()) {
            return found;
        }
        List<Diagnostic> diagnostics = new ArrayList<>();
        for (Map.Entry<String, List<TorchNode>> e : missing.entrySet()) {
            diagnostics.add(unsupported(e.getKey(), e.getValue()));
        }
        throw new ConversionException(diagnostics);
    }

    private static Diagnostic unsupported(String kind, List<TorchNode> uses) {
        Diagnostic d = Diagnostic.error("unsupported torch op `" + kind + "` (" + uses.size()
                + (uses.size() == 1 ? " use)" : " uses)")).at(uses.get(0).location())
                .withHint("a plugin can add the translation: its module() contributes "
                        + "TranslationContribution.of(\"pytorch\", \"" + kind + "\", translation) (see "
                        + "examples/custom-topk)");
        for (TorchNode n : uses.subList(1, uses.size())) {
            d = d.withNote("also used in " + n.location().scope() + " (" + n.location().file() + ":"
                    + n.location().line() + ")");
        }
        return d;
    }
}
