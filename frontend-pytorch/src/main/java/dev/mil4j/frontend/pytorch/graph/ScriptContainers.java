package dev.mil4j.frontend.pytorch.graph;

import dev.mil4j.frontend.pytorch.archive.PyNone;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Python list and dict operations while code runs, as TorchScript prints them ({@code torch.append(xs, x)},
 * {@code torch._set_item(d, "out", y)}, {@code torch.__contains__(d, k)}, {@code torch.keys(d)}, ...), on
 * {@link ScriptList}s, {@link ScriptDict}s and known sequences.
 */
final class ScriptContainers {
    private ScriptContainers() {
    }

    /** The items of a list or tuple known while code runs, if {@code v} is one. */
    static Optional<List<Object>> items(Object v) {
        if (v instanceof TorchValue.Sequence s) {
            return Optional.of(new ArrayList<>(s.items()));
        }
        if (v instanceof ScriptList l) {
            return Optional.of(l.items);
        }
        if (v instanceof ScriptTuple t) {
            return Optional.of(new ArrayList<>(t.items()));
        }
        return Optional.empty();
    }

    /**
     * Applies the list or dict operation {@code name} to {@code args}; empty when the first argument is not a
     * container known while code runs (then the call is a tensor op of the same name).
     */
    static Optional<Object> call(GraphBuilder g, Frame f, String name, List<Object> args, int line) {
        Object first = args.isEmpty() ? null : args.get(0);
        if (name.equals("list") || name.equals("dict")) {
            if (args.isEmpty()) {
                return Optional.of(name.equals("list") ? new ScriptList(List.of()) : new ScriptDict());
            }
            if (name.equals("list") && items(first).isPresent()) {
                return Optional.of(new ScriptList(items(first).get()));
            }
            if (name.equals("dict") && first instanceof ScriptDict d) {
                ScriptDict copy = new ScriptDict();
                copy.entries.putAll(d.entries);
                return Optional.of(copy);
            }
            return Optional.empty();
        }
        if (name.equals("__contains__") && args.size() == 2 && first instanceof TorchValue.Literal text
                && text.value() instanceof String haystack && args.get(1) instanceof TorchValue.Literal part
                && part.value() instanceof String needle) {
            return Optional.of(TorchValue.of(haystack.contains(needle))); // 'cpu' in str(x.device)
        }
        if (first instanceof ScriptDict d) {
            return Optional.of(dict(g, f, name, d, args, line));
        }
        if (name.equals("__contains__") && args.size() == 2 && items(first).isPresent()
                && !(args.get(1) instanceof TorchValue.Literal) && !items(first).get().contains(args.get(1))) {
            return Optional.empty(); // a value the model computes, in a list of others: known only when it runs
        }
        if (first instanceof ScriptList || first instanceof TorchValue.Sequence) {
            return Optional.of(list(g, f, name, first, args, line));
        }
        return Optional.empty();
    }

    private static Object list(GraphBuilder g, Frame f, String name, Object target, List<Object> args, int line) {
        if (name.equals("__contains__")) {
            need(g, f, name, args, 2, line);
            return TorchValue.of(items(target).orElseThrow().stream().anyMatch(x -> Objects.equals(x, args.get(1))));
        }
        if (name.equals("copy")) {
            return new ScriptList(items(target).orElseThrow());
        }
        if (!(target instanceof ScriptList l)) {
            throw g.fail(f, line, "torch." + name + " changes " + target + ", a list the converter knows only as a "
                    + "value; only lists the code builds can change", "");
        }
        switch (name) {
            case "append" -> {
                need(g, f, name, args, 2, line);
                l.items.add(args.get(1));
            }
            case "extend" -> {
                need(g, f, name, args, 2, line);
                l.items.addAll(items(args.get(1)).orElseThrow(() -> g.fail(f, line, "torch.extend of "
                        + GraphBuilder.describe(args.get(1)) + ", which is not a list", "")));
            }
            case "insert" -> {
                need(g, f, name, args, 3, line);
                int at = index(g, f, args.get(1), l.items.size() + 1, line);
                l.items.add(Math.min(at, l.items.size()), args.get(2));
            }
            case "_set_item" -> {
                need(g, f, name, args, 3, line);
                l.items.set(index(g, f, args.get(1), l.items.size(), line), args.get(2));
            }
            case "pop" -> {
                int at = args.size() > 1 ? index(g, f, args.get(1), l.items.size(), line) : l.items.size() - 1;
                if (at < 0) {
                    throw g.fail(f, line, "torch.pop of an empty list", "");
                }
                return l.items.remove(at);
            }
            case "clear" -> l.items.clear();
            default -> throw g.fail(f, line, "torch." + name + " of a list is not supported", "");
        }
        return TorchValue.of(PyNone.NONE);
    }

    private static Object dict(GraphBuilder g, Frame f, String name, ScriptDict d, List<Object> args, int line) {
        switch (name) {
            case "_set_item" -> {
                need(g, f, name, args, 3, line);
                d.entries.put(key(g, f, args.get(1), line), args.get(2));
                return TorchValue.of(PyNone.NONE);
            }
            case "__contains__" -> {
                need(g, f, name, args, 2, line);
                return TorchValue.of(d.entries.containsKey(key(g, f, args.get(1), line)));
            }
            case "keys" -> {
                return new ScriptList(d.entries.keySet().stream().map(TorchValue::of).toList());
            }
            case "values" -> {
                return new ScriptList(new ArrayList<>(d.entries.values()));
            }
            case "items" -> {
                List<Object> out = new ArrayList<>();
                for (Map.Entry<Object, Object> e : d.entries.entrySet()) {
                    out.add(new TorchValue.Sequence(List.of(TorchValue.of(e.getKey()),
                            g.asValue(e.getValue(), f.file, line, f.self.path())), true));
                }
                return new ScriptList(out);
            }
            case "copy" -> {
                ScriptDict copy = new ScriptDict();
                copy.entries.putAll(d.entries);
                return copy;
            }
            case "clear" -> {
                d.entries.clear();
                return TorchValue.of(PyNone.NONE);
            }
            case "pop" -> {
                need(g, f, name, args, 2, line);
                Object v = d.entries.remove(key(g, f, args.get(1), line));
                if (v == null) {
                    throw g.fail(f, line, "torch.pop of a key the dict does not hold: " + args.get(1), "");
                }
                return v;
            }
            default -> throw g.fail(f, line, "torch." + name + " of a dict is not supported", "");
        }
    }

    /** A dict key: a literal known while code runs. */
    static Object key(GraphBuilder g, Frame f, Object k, int line) {
        if (k instanceof TorchValue.Literal l) {
            return l.value();
        }
        throw g.fail(f, line, "a dict key must be known when the model is loaded, got " + GraphBuilder.describe(k),
                "");
    }

    private static int index(GraphBuilder g, Frame f, Object i, int size, int line) {
        if (!(i instanceof TorchValue.Literal l) || !(l.value() instanceof Long k)) {
            throw g.fail(f, line, "a list index must be an integer known when the model is loaded, got "
                    + GraphBuilder.describe(i), "");
        }
        long at = k < 0 ? k + size : k;
        if (at < 0 || at >= size) {
            throw g.fail(f, line, "list index " + k + " is out of range for " + size + " items", "");
        }
        return (int) at;
    }

    private static void need(GraphBuilder g, Frame f, String name, List<Object> args, int n, int line) {
        if (args.size() != n) {
            throw g.fail(f, line, "torch." + name + " takes " + n + " arguments, got " + args.size(), "");
        }
    }
}
