package dev.mil4j.backend.mlprogram;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.diag.Location;
import dev.mil4j.core.types.DimBound;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a mil4j program has that MIL.proto cannot say: the source {@link Location} of each op, the names of
 * symbolic dimensions (MIL.proto only knows "unknown") and the ranges the functions give their inputs' symbols (the
 * model description has ranges for every symbol, given or default). Written as one string entry, {@value #BUILD_INFO_KEY}, of the
 * program's {@code buildInfo} dictionary, which Core ML does not interpret, so that reading a package back gives the
 * same program text. Per function, symbols are listed in the order the unknown dimensions are written (function
 * inputs, then per op in program order its outputs and then its nested blocks' inputs and ops), and locations are
 * keyed by the op's ordinal in a pre-order walk (an op before the ops of its nested blocks). Text form, one record
 * per line, fields separated by tabs ({@code \\}, tab and newline escaped):
 * <pre>
 * mil4j-debug-info	1
 * function	main
 * symbols	B	S
 * range	S	1..512
 * location	3	torch	aten::add	model.add	code/model.py	12
 * </pre>
 */
final class DebugInfo {
    /** The {@code buildInfo} key holding the debug information. */
    static final String BUILD_INFO_KEY = "mil4j-debug-info";
    private static final String HEADER = "mil4j-debug-info";
    private static final String VERSION = "1";

    private final Map<String, FunctionInfo> functions = new LinkedHashMap<>();

    /** The debug information of one function. */
    static final class FunctionInfo {
        private final List<String> symbols = new ArrayList<>();
        private final Map<Integer, Location> locations = new TreeMap<>();
        private final Map<String, DimBound> ranges = new LinkedHashMap<>();
        private int nextSymbol;

        void addSymbol(String name) {
            symbols.add(requireNonNull(name, "name is null"));
        }

        void addRange(String symbol, DimBound range) {
            ranges.put(requireNonNull(symbol, "symbol is null"), requireNonNull(range, "range is null"));
        }

        /** @return the ranges of the function's input symbols, in the order recorded */
        Map<String, DimBound> ranges() {
            return ranges;
        }

        void addLocation(int ordinal, Location location) {
            locations.put(ordinal, requireNonNull(location, "location is null"));
        }

        /** @return the recorded symbol names, in write order */
        List<String> symbols() {
            return symbols;
        }

        /** @return the next recorded symbol name, if any is left */
        Optional<String> nextSymbol() {
            return nextSymbol < symbols.size() ? Optional.of(symbols.get(nextSymbol++)) : Optional.empty();
        }

        /**
         * Records that {@code count} ops were inserted before the function's first op: the locations of the ops
         * after them move up by {@code count}, and {@code outputSymbols} (the names of the new ops' unknown
         * dimensions, in write order) come after the first {@code inputSymbols} symbols (the function inputs').
         */
        void insertOpsAtStart(int count, int inputSymbols, List<String> outputSymbols) {
            Map<Integer, Location> shifted = new TreeMap<>();
            locations.forEach((ordinal, location) -> shifted.put(ordinal + count, location));
            locations.clear();
            locations.putAll(shifted);
            if (!symbols.isEmpty()) {
                symbols.addAll(Math.min(inputSymbols, symbols.size()), outputSymbols);
            }
        }

        /**
         * Records that the op of {@code ordinal} was removed (one without unknown dimensions or nested ops): the
         * locations of the ops after it move down by one.
         */
        void removeOp(int ordinal) {
            Map<Integer, Location> shifted = new TreeMap<>();
            locations.forEach((o, location) -> {
                if (o != ordinal) {
                    shifted.put(o > ordinal ? o - 1 : o, location);
                }
            });
            locations.clear();
            locations.putAll(shifted);
        }

        Location location(int ordinal) {
            return locations.getOrDefault(ordinal, Location.UNKNOWN);
        }

        boolean isEmpty() {
            return symbols.isEmpty() && ranges.isEmpty() && locations.isEmpty();
        }
    }

    /** @return the record of a function, created on first use */
    FunctionInfo function(String name) {
        return functions.computeIfAbsent(name, k -> new FunctionInfo());
    }

    /** Records what {@code from} holds of its function {@code fromName} as this program's {@code toName}. */
    void copyFunction(DebugInfo from, String fromName, String toName) {
        FunctionInfo info = from.functions.get(fromName);
        if (info != null) {
            functions.put(toName, info);
        }
    }

    /** @return whether nothing was recorded */
    boolean isEmpty() {
        return functions.values().stream().allMatch(FunctionInfo::isEmpty);
    }

    /** @return the text form */
    String encode() {
        StringBuilder sb = new StringBuilder(HEADER).append('\t').append(VERSION).append('\n');
        for (Map.Entry<String, FunctionInfo> f : functions.entrySet()) {
            if (f.getValue().isEmpty()) {
                continue;
            }
            line(sb, "function", f.getKey());
            if (!f.getValue().symbols.isEmpty()) {
                List<String> fields = new ArrayList<>();
                fields.add("symbols");
                fields.addAll(f.getValue().symbols);
                line(sb, fields.toArray(new String[0]));
            }
            for (Map.Entry<String, DimBound> r : f.getValue().ranges.entrySet()) {
                line(sb, "range", r.getKey(), r.getValue().toString());
            }
            for (Map.Entry<Integer, Location> l : f.getValue().locations.entrySet()) {
                Location loc = l.getValue();
                line(sb, "location", Integer.toString(l.getKey()), loc.framework(), loc.node(), loc.scope(),
                        loc.file(), Integer.toString(loc.line()));
            }
        }
        return sb.toString();
    }

    /**
     * @param text the text form
     * @return the debug information
     * @throws IllegalArgumentException naming the line if the text is malformed
     */
    static DebugInfo decode(String text) {
        DebugInfo info = new DebugInfo();
        String[] lines = text.split("\n", -1);
        List<String> header = fields(lines[0]);
        if (header.size() != 2 || !header.get(0).equals(HEADER) || !header.get(1).equals(VERSION)) {
            throw new IllegalArgumentException("line 1 must be \"" + HEADER + "<tab>" + VERSION + "\"");
        }
        FunctionInfo current = null;
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            List<String> f = fields(lines[i]);
            String kind = f.get(0);
            if (kind.equals("function") && f.size() == 2) {
                current = info.function(f.get(1));
            } else if (current == null) {
                throw new IllegalArgumentException("line " + (i + 1) + ": a \"function\" record must come first");
            } else if (kind.equals("symbols")) {
                f.subList(1, f.size()).forEach(current::addSymbol);
            } else if (kind.equals("range") && f.size() == 3) {
                try {
                    current.addRange(f.get(1), DimBound.parse(f.get(2)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
                }
            } else if (kind.equals("location") && f.size() == 7) {
                try {
                    current.addLocation(Integer.parseInt(f.get(1)),
                            new Location(f.get(2), f.get(3), f.get(4), f.get(5), Integer.parseInt(f.get(6))));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": bad location: " + e.getMessage(), e);
                }
            } else {
                throw new IllegalArgumentException("line " + (i + 1) + ": unknown record \"" + kind + "\" with "
                        + f.size() + " fields");
            }
        }
        return info;
    }

    private static void line(StringBuilder sb, String... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                sb.append('\t');
            }
            for (int j = 0; j < fields[i].length(); j++) {
                char c = fields[i].charAt(j);
                switch (c) {
                    case '\\' -> sb.append("\\\\");
                    case '\t' -> sb.append("\\t");
                    case '\n' -> sb.append("\\n");
                    default -> sb.append(c);
                }
            }
        }
        sb.append('\n');
    }

    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\t') {
                out.add(cur.toString());
                cur.setLength(0);
            } else if (c == '\\' && i + 1 < line.length()) {
                char e = line.charAt(++i);
                cur.append(e == 't' ? '\t' : e == 'n' ? '\n' : e);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
