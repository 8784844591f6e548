package dev.mil4j.core.ir;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.ValueType;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A MIL program: a version, string attributes (producer, source), and named functions ({@code main} first). A
 * program of several functions (an iOS18 multifunction model) may name its default function, the one run when none
 * is named; otherwise that is {@code main}, or the first function.
 */
public final class Program {
    public static final int VERSION = 1;

    private final int version;
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final Map<String, Function> functions = new LinkedHashMap<>();
    private String defaultFunction;

    public Program() {
        this(VERSION);
    }

    public Program(int version) {
        this.version = version;
    }

    public int version() {
        return version;
    }

    public Map<String, String> attributes() {
        return Collections.unmodifiableMap(attributes);
    }

    public void setAttribute(String key, String value) {
        attributes.put(requireNonNull(key, "key is null"), requireNonNull(value, "value is null"));
    }

    /**
     * Adds a function with typed inputs (in order).
     *
     * @throws IllegalArgumentException when a function of that name exists
     */
    public Function addFunction(String name, Opset opset, Map<String, ValueType> inputs) {
        if (functions.containsKey(name)) {
            throw new IllegalArgumentException("function '" + name + "' already exists");
        }
        Function f = new Function(name, opset, new LinkedHashMap<>(inputs));
        functions.put(name, f);
        return f;
    }

    public Optional<Function> function(String name) {
        return Optional.ofNullable(functions.get(name));
    }

    /**
     * Names the function run when none is named (Core ML's {@code defaultFunctionName}).
     *
     * @throws IllegalArgumentException when the program has no function of that name
     */
    public void setDefaultFunction(String name) {
        requireNonNull(name, "name is null");
        if (!functions.containsKey(name)) {
            throw new IllegalArgumentException("no function '" + name + "' to make the default; the program has "
                    + functions.keySet());
        }
        defaultFunction = name;
    }

    /** The default function's name when one was set with {@link #setDefaultFunction}. */
    public Optional<String> defaultFunctionName() {
        return Optional.ofNullable(defaultFunction);
    }

    /** The default function ({@link #setDefaultFunction}), else {@code main}, else the first one. */
    public Function main() {
        Function f = functions.get(defaultFunction != null ? defaultFunction : "main");
        if (f != null) {
            return f;
        }
        if (functions.isEmpty()) {
            throw new IllegalStateException("the program has no function");
        }
        return functions.values().iterator().next();
    }

    public Collection<Function> functions() {
        return Collections.unmodifiableCollection(functions.values());
    }

    /** The number of operations in all functions, nested blocks included. */
    public long operationCount() {
        long n = 0;
        for (Function f : functions.values()) {
            n += count(f.body());
        }
        return n;
    }

    private static long count(Block b) {
        long n = b.size();
        for (Operation op : b.operations()) {
            for (Block nested : op.blocks()) {
                n += count(nested);
            }
        }
        return n;
    }
}
