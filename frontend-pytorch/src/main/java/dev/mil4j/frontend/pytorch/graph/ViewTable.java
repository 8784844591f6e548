package dev.mil4j.frontend.pytorch.graph;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The aliasing bookkeeping behind in-place writes ("functionalization"): which value is a view of which, how often
 * each tensor has been written, and the name of the current value of every tensor a write changed.
 *
 * <p>TorchScript names tensors, and several names may share storage: {@code v = torch.slice(x, 0, 0, 2)} is a view
 * of {@code x}, and {@code torch.fill_(v, 1.)} changes {@code x} too. The graph, like MIL, is functional, so a write
 * makes new values instead: the written tensor's new value, then each parent's ({@code slice_scatter},
 * {@code select_scatter}, a reshape back, an inverse permutation, ...) up to the <em>root</em>, the tensor that is
 * no view (a graph input, a parameter or buffer by its dotted name, or a node output). The names the code holds
 * stay the same; this table maps each to its current value, and the graph builder reads every node input through it.
 *
 * <p>A view records its parent and how it was made ({@link View}). Each root counts its writes (its
 * <em>version</em>); a view remembers the version its current value reflects, so a view made before a write to its
 * root, and read after it, is <em>stale</em> and is made again from the root's current value. Views never written
 * through and roots never written map to themselves, so graphs without in-place writes are unchanged.
 *
 * <p>{@link #writtenRoots()} lists every root that was written with the name of its final value: a graph input, a
 * parameter or a registered buffer among them (its name is a key of {@link TorchGraph#tensors()}) is a tensor the
 * model mutates, which a converter of model state can recognize by that name.
 */
public final class ViewTable {
    /**
     * How a view was made: {@code kind(parent, args..., keywords...)}, the arguments after the parent as the code
     * wrote them; {@link #ALIAS} for the same tensor under another name (the result of an in-place op).
     */
    public record View(String parent, String kind, List<TorchValue> args, Map<String, TorchValue> keywords) {
        public View {
            requireNonNull(parent, "parent is null");
            requireNonNull(kind, "kind is null");
            args = List.copyOf(args);
            keywords = Map.copyOf(keywords);
        }
    }

    /** The kind of a {@link View} that is the same tensor under another name. */
    public static final String ALIAS = "alias";

    private final Map<String, View> views;
    private final Map<String, String> current;
    private final Map<String, Integer> versions;
    private final Map<String, Integer> seen;
    private final Map<String, String> written;

    ViewTable() {
        this(new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>(), new LinkedHashMap<>());
    }

    private ViewTable(Map<String, View> views, Map<String, String> current, Map<String, Integer> versions,
            Map<String, Integer> seen, Map<String, String> written) {
        this.views = views;
        this.current = current;
        this.versions = versions;
        this.seen = seen;
        this.written = written;
    }

    /** An independent copy, to go back to when a nested block ends (its values are not visible after it). */
    ViewTable copy() {
        return new ViewTable(new HashMap<>(views), new HashMap<>(current), new HashMap<>(versions),
                new HashMap<>(seen), new LinkedHashMap<>(written));
    }

    /** How {@code name} was made from its parent, if it is a view. */
    public Optional<View> view(String name) {
        return Optional.ofNullable(views.get(name));
    }

    /** The tensor whose storage {@code name} shares that is no view: {@code name} itself for a root. */
    public String root(String name) {
        String n = name;
        for (View v = views.get(n); v != null; v = views.get(n)) {
            n = v.parent();
        }
        return n;
    }

    /** How many writes reached the root of {@code name} so far. */
    int version(String name) {
        return versions.getOrDefault(root(name), 0);
    }

    /** Whether the current value of view {@code name} reflects every write to its root (a root always does). */
    boolean isFresh(String name) {
        return !views.containsKey(name) || seen.getOrDefault(name, 0) == version(name);
    }

    /** The name of the current value of {@code name} (itself when no write changed it). */
    String current(String name) {
        return current.getOrDefault(name, name);
    }

    /** Records that {@code name} is a view of {@code parent}, made now (so it reflects the root's writes so far). */
    void addView(String name, View view) {
        views.put(name, view);
        seen.put(name, version(view.parent()));
    }

    /** A write reached root {@code root}: every view of it made before is stale from now on. */
    void bump(String root) {
        versions.merge(root, 1, Integer::sum);
    }

    /** {@code name}'s current value is {@code value}, reflecting every write to its root so far. */
    void rebind(String name, String value) {
        current.put(name, value);
        if (views.containsKey(name)) {
            seen.put(name, version(name));
        } else {
            written.put(name, value);
        }
    }

    /** The total number of writes so far, over all roots. */
    int writes() {
        return versions.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Every root written in place, in the order of first write, with the name of its current value. */
    public Map<String, String> writtenRoots() {
        return Collections.unmodifiableMap(written);
    }
}
