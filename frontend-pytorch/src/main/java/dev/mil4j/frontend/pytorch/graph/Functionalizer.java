package dev.mil4j.frontend.pytorch.graph;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.diag.Location;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns in-place writes into functional nodes as the graph is built, with the bookkeeping of a {@link ViewTable}:
 * every node input is read as the current value of the name the code holds; a view op's output is recorded as a view
 * of its input; an in-place op ({@code aten::fill_}, {@code copy_}, {@code add_}, {@code masked_fill_},
 * {@code index_put_}, ...: an {@code aten::} name ending in one underscore) becomes its functional node, whose output
 * is the written tensor's new value, and the write goes back up the view chain to the root, each parent getting a
 * new value made from its current one and its child's new value:
 *
 * <ul>
 *   <li>{@code slice(p, dim, start, end, step)}: {@code aten::slice_scatter(p, child, dim, start, end, step)};
 *   <li>{@code select(p, dim, index)}: {@code aten::select_scatter(p, child, dim, index)};
 *   <li>{@code narrow(p, dim, start, length)}: {@code aten::slice_scatter(p, child, dim, start, start + length)};
 *   <li>{@code view}, {@code reshape}, {@code flatten}, {@code unflatten}, {@code view_as}, {@code reshape_as},
 *       {@code squeeze}, {@code unsqueeze}: {@code aten::reshape_as(child, p)};
 *   <li>{@code permute(p, dims)}: {@code aten::permute(child, inverse dims)}; {@code transpose} and {@code t}:
 *       themselves;
 *   <li>{@code detach}, {@code contiguous}, {@code alias} and an in-place op's result: {@code child} itself.
 * </ul>
 *
 * <p>A view made before a write and read after it is made again from its root's new value. The in-place op's result
 * (TorchScript binds it, {@code _36 = torch.fill_(_35, c)}) is an alias of the written tensor, so writes through it
 * reach the root too.
 *
 * <p>Nested blocks (data-dependent {@code if} and loops) see the writes made before them; their own writes stay
 * inside them. A write through a view inside such a block is an error, as its effect after the block would be lost.
 */
final class Functionalizer {
    /** View ops whose write-back is {@code reshape_as} of the parent: they only change the shape. */
    private static final Set<String> RESHAPES = Set.of("aten::view", "aten::reshape", "aten::flatten",
            "aten::unflatten", "aten::view_as", "aten::reshape_as", "aten::squeeze", "aten::unsqueeze");
    /** View ops that are the same tensor. */
    private static final Set<String> IDENTITIES = Set.of("aten::detach", "aten::contiguous", "aten::alias",
            ViewTable.ALIAS);
    private static final Set<String> OTHER_VIEWS = Set.of("aten::slice", "aten::select", "aten::narrow",
            "aten::permute", "aten::transpose", "aten::t");

    private final GraphBuilder g;
    private ViewTable table = new ViewTable();
    private final Deque<ViewTable> saved = new ArrayDeque<>();
    private final Deque<Integer> viewWritesAtEntry = new ArrayDeque<>();
    /** Writes through a view so far, and where the last one was. */
    private int viewWrites;
    private Location lastViewWrite = Location.UNKNOWN;
    /** The outputs of the nodes this class added: in-place values, write-backs and remade views. */
    private final Set<String> made = new HashSet<>();

    Functionalizer(GraphBuilder g) {
        this.g = g;
    }

    /** Whether {@code kind} writes its first input in place ({@code aten::add_}; not {@code aten::__iand__}). */
    static boolean isInPlace(String kind) {
        return kind.startsWith("aten::") && kind.endsWith("_") && !kind.endsWith("__");
    }

    static boolean isView(String kind) {
        return RESHAPES.contains(kind) || IDENTITIES.contains(kind) || OTHER_VIEWS.contains(kind);
    }

    ViewTable table() {
        return table;
    }

    /** Adds the node {@code kind(args, keywords)} as the code called it, reading inputs through the table. */
    Object node(String kind, List<TorchValue> args, Map<String, TorchValue> keywords, int outputs,
            List<String> preferred, Location at) {
        List<TorchValue> in = read(args, at);
        Map<String, TorchValue> kw = read(keywords, at);
        if (outputs == 1 && !args.isEmpty() && isInPlace(kind) && args.get(0) instanceof TorchValue.Ref self) {
            TorchValue.Ref value = (TorchValue.Ref) g.emit(kind, in, kw, 1, preferred, at);
            made.add(value.name());
            g.copyRank(self.name(), value.name());
            write(self.name(), value.name(), at);
            table.addView(value.name(), new ViewTable.View(self.name(), ViewTable.ALIAS, List.of(), Map.of()));
            return value;
        }
        Object out = g.emit(kind, in, kw, outputs, preferred, at);
        if (outputs == 1 && !args.isEmpty() && isView(kind) && args.get(0) instanceof TorchValue.Ref parent) {
            table.addView(((TorchValue.Ref) out).name(), new ViewTable.View(parent.name(), kind,
                    args.subList(1, args.size()), keywords));
        }
        return out;
    }

    /** {@code v} with every name replaced by its current value (stale views made again). */
    TorchValue read(TorchValue v, Location at) {
        if (v instanceof TorchValue.Ref r) {
            String now = current(r.name(), at);
            return now.equals(r.name()) ? r : new TorchValue.Ref(now);
        }
        if (v instanceof TorchValue.Sequence s) {
            return new TorchValue.Sequence(read(s.items(), at), s.tuple());
        }
        return v;
    }

    List<TorchValue> read(List<TorchValue> values, Location at) {
        List<TorchValue> out = new ArrayList<>(values.size());
        for (TorchValue v : values) {
            out.add(read(v, at));
        }
        return out;
    }

    private Map<String, TorchValue> read(Map<String, TorchValue> values, Location at) {
        Map<String, TorchValue> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, read(v, at)));
        return out;
    }

    /** The name of the current value of {@code name}, making a stale view again from its parent's current value. */
    private String current(String name, Location at) {
        if (table.isFresh(name)) {
            return table.current(name);
        }
        ViewTable.View v = table.view(name).orElseThrow();
        String parent = current(v.parent(), at);
        String made;
        if (IDENTITIES.contains(v.kind())) {
            made = parent;
        } else {
            List<TorchValue> in = new ArrayList<>();
            in.add(new TorchValue.Ref(parent));
            in.addAll(read(v.args(), at));
            made = ((TorchValue.Ref) g.emit(v.kind(), in, read(v.keywords(), at), 1, List.of(name), at)).name();
            this.made.add(made);
        }
        table.rebind(name, made);
        return made;
    }

    /** {@code name} now has the value {@code value}: its parents up to the root get theirs. */
    private void write(String name, String value, Location at) {
        String child = name;
        String childValue = value;
        List<String> chain = new ArrayList<>();
        chain.add(child);
        for (Optional<ViewTable.View> v = table.view(child); v.isPresent(); v = table.view(child)) {
            String parent = v.get().parent();
            String parentValue = writeBack(v.get(), current(parent, at), childValue, parent, at);
            child = parent;
            childValue = parentValue;
            chain.add(child);
            chain.add(childValue);
        }
        if (chain.size() > 1) {
            viewWrites++;
            lastViewWrite = at;
        }
        table.bump(child);
        table.rebind(name, value);
        for (int i = 1; i < chain.size(); i += 2) {
            table.rebind(chain.get(i), chain.get(i + 1));
        }
    }

    /** The new value of {@code parent} (now {@code parentNow}) when its view {@code view} becomes {@code child}. */
    private String writeBack(ViewTable.View view, String parentNow, String child, String parent, Location at) {
        TorchValue p = new TorchValue.Ref(parentNow);
        TorchValue c = new TorchValue.Ref(child);
        String kind = view.kind();
        List<String> name = List.of(parent);
        Map<String, TorchValue> kw = read(view.keywords(), at);
        List<TorchValue> args = read(view.args(), at);
        TorchValue out;
        if (IDENTITIES.contains(kind)) {
            return child;
        } else if (kind.equals("aten::slice") || kind.equals("aten::select")) {
            List<TorchValue> in = new ArrayList<>(List.of(p, c));
            in.addAll(args);
            out = (TorchValue) g.emit(kind + "_scatter", in, kw, 1, name, at);
        } else if (kind.equals("aten::narrow") && args.size() == 3) {
            // narrow(p, dim, start, length) is slice(p, dim, start, start + length)
            TorchValue end = args.get(1) instanceof TorchValue.Literal s && s.value() instanceof Long a
                    && args.get(2) instanceof TorchValue.Literal l && l.value() instanceof Long b ? TorchValue.of(a + b)
                    : (TorchValue) g.emit("aten::add", List.of(args.get(1), args.get(2)), Map.of(), 1, List.of(), at);
            out = (TorchValue) g.emit("aten::slice_scatter", List.of(p, c, args.get(0), args.get(1), end), Map.of(), 1,
                    name, at);
        } else if (RESHAPES.contains(kind)) {
            out = (TorchValue) g.emit("aten::reshape_as", List.of(c, p), Map.of(), 1, name, at);
        } else if (kind.equals("aten::transpose") || kind.equals("aten::t")) {
            List<TorchValue> in = new ArrayList<>(List.of(c));
            in.addAll(args);
            out = (TorchValue) g.emit(kind, in, kw, 1, name, at);
        } else if (kind.equals("aten::permute")) {
            out = (TorchValue) g.emit("aten::permute", List.of(c, inverse(view, at)), Map.of(), 1, name, at);
        } else {
            throw new ConversionException(Diagnostic.error("an in-place write through `" + kind + "` with "
                    + "arguments " + args + " " + kw + " is not supported").at(at));
        }
        String made = ((TorchValue.Ref) out).name();
        this.made.add(made);
        g.copyRank(parent, made);
        return made;
    }

    /** The inverse of a {@code permute}'s dims, which must be known. */
    private TorchValue inverse(ViewTable.View view, Location at) {
        TorchValue dims = view.args().isEmpty() ? view.keywords().get("dims") : view.args().get(0);
        if (!(dims instanceof TorchValue.Sequence s) || !s.items().stream().allMatch(
                d -> d instanceof TorchValue.Literal l && l.value() instanceof Long)) {
            throw new ConversionException(Diagnostic.error("an in-place write through `aten::permute` needs its dims "
                    + "known when the model is loaded, got " + dims).at(at));
        }
        int rank = s.items().size();
        List<TorchValue> inv = new ArrayList<>(rank);
        long[] perm = new long[rank];
        for (int i = 0; i < rank; i++) {
            long d = (Long) ((TorchValue.Literal) s.items().get(i)).value();
            perm[i] = d < 0 ? d + rank : d;
        }
        for (int i = 0; i < rank; i++) {
            inv.add(null);
        }
        for (int i = 0; i < rank; i++) {
            inv.set((int) perm[i], TorchValue.of((long) i));
        }
        return new TorchValue.Sequence(inv, false);
    }

    /**
     * {@code nodes} without the top-level nodes this class added whose outputs nothing reads: no later node, no
     * graph output, and not the final value of a written root that is {@code state} (graph inputs and tensor
     * attributes, whose final values a converter of model state needs). A write whose effect is never read costs
     * nothing then, and cannot fail.
     */
    List<TorchNode> prune(List<TorchNode> nodes, List<TorchValue> outputs, Predicate<String> state) {
        Set<String> live = new HashSet<>();
        table.writtenRoots().forEach((root, value) -> {
            if (state.test(root)) {
                live.add(value);
            }
        });
        uses(outputs, live);
        List<TorchNode> kept = new ArrayList<>(nodes.size());
        for (int i = nodes.size() - 1; i >= 0; i--) {
            TorchNode n = nodes.get(i);
            if (n.outputs().stream().anyMatch(made::contains) && n.outputs().stream().noneMatch(live::contains)) {
                continue;
            }
            kept.add(n);
            uses(n, live);
        }
        Collections.reverse(kept);
        return kept;
    }

    private static void uses(TorchNode n, Set<String> live) {
        uses(n.inputs(), live);
        uses(List.copyOf(n.keywords().values()), live);
        for (TorchBlock b : n.blocks()) {
            uses(b.outputs(), live);
            for (TorchNode inner : b.nodes()) {
                uses(inner, live);
            }
        }
    }

    private static void uses(List<TorchValue> values, Set<String> live) {
        for (TorchValue v : values) {
            if (v instanceof TorchValue.Ref r) {
                live.add(r.name());
            } else if (v instanceof TorchValue.Sequence s) {
                uses(s.items(), live);
            }
        }
    }

    /** A nested block starts: it sees the writes so far, and its own stay inside it. */
    void enterBlock() {
        saved.push(table);
        viewWritesAtEntry.push(viewWrites);
        table = table.copy();
    }

    /** A nested block ends: the table goes back to what it was before the block. */
    void leaveBlock() {
        table = saved.pop();
        if (viewWritesAtEntry.pop() != viewWrites) {
            throw new ConversionException(Diagnostic.error("an in-place write through a view inside control flow "
                    + "that depends on tensor values is not supported").at(lastViewWrite).withHint("trace the model "
                    + "(torch.jit.trace) so the branch is taken at conversion time, or compute the new value with "
                    + "out-of-place ops (torch.where, torch.cat)"));
        }
    }
}
