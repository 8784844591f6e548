package dev.mil4j.core.ir;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.diag.Location;
import dev.mil4j.core.op.ConstOp;
import dev.mil4j.core.op.InputParam;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.TypeMatcher;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Inserts operations at a point of a block. Each op is validated against its input specification and its types are
 * inferred at once; when the op's value inference can compute its outputs (usually: all inputs are constant), the
 * builder inserts constants instead (turn this off with {@link #folding(boolean)}). Problems are thrown as a
 * {@link ConversionException} whose diagnostic names the op, the input and the source location.
 *
 * <pre>{@code
 * Builder b = Builder.atEnd(fn.body(), registry).at(Location.of("torch", "aten::relu"));
 * Var y = b.op("relu").input("x", x).output();
 * }</pre>
 */
public final class Builder {
    private final OpRegistry registry;
    private final Block block;
    private final Operation before;
    private Location location = Location.UNKNOWN;
    private boolean fold = true;

    private Builder(Block block, Operation before, OpRegistry registry) {
        this.block = requireNonNull(block, "block is null");
        this.before = before;
        this.registry = requireNonNull(registry, "registry is null");
    }

    /** A builder appending to the end of {@code block}. */
    public static Builder atEnd(Block block, OpRegistry registry) {
        return new Builder(block, null, registry);
    }

    /** A builder inserting right before {@code anchor}, with the anchor's location as default. */
    public static Builder before(Operation anchor, OpRegistry registry) {
        Block b = anchor.parent().orElseThrow(() -> new IllegalArgumentException(anchor + " is not in a block"));
        return new Builder(b, anchor, registry).at(anchor.location());
    }

    /** The location given to the ops built from now on. */
    public Builder at(Location where) {
        this.location = requireNonNull(where, "where is null");
        return this;
    }

    /** Whether ops whose outputs value inference can compute are replaced by constants (default: true). */
    public Builder folding(boolean enabled) {
        this.fold = enabled;
        return this;
    }

    public Block block() {
        return block;
    }

    public Function function() {
        return block.function();
    }

    public OpRegistry registry() {
        return registry;
    }

    public Location location() {
        return location;
    }

    /** Starts an op of the given type, in the version that applies to the function's opset. */
    public OpBuilder op(String type) {
        OpDef def = registry.lookup(type, function().opset()).orElseThrow(() -> new ConversionException(
                Diagnostic.error(registry.knows(type)
                        ? "op `" + type + "` is not available in opset " + function().opset()
                        : "unknown op `" + type + "`")
                        .at(location)
                        .withHint(registry.knows(type) ? "raise the minimum deployment target"
                                : "register the op (a plugin can contribute custom ops)")));
        return new OpBuilder(def);
    }

    /** Starts an op of an explicit definition (for custom ops held by a plugin, or a specific version). */
    public OpBuilder op(OpDef def) {
        return new OpBuilder(requireNonNull(def, "def is null"));
    }

    /** Inserts a constant and returns its var. */
    public Var constant(TensorValue value) {
        return insertConstant(value, function().freshName(ConstOp.NAME));
    }

    /** Inserts a constant with the given name (made unique in the function if taken). */
    public Var constant(TensorValue value, String name) {
        return insertConstant(value, function().claimName(name));
    }

    private Var insertConstant(TensorValue value, String n) {
        Operation op = new Operation(ConstOp.INSTANCE, n, location, Map.of(), Map.of(ConstOp.VALUE, value),
                List.of(new Operation.OutputSpec(n, value.type(), value)), List.of());
        block.link(op, before);
        return op.output();
    }

    /** Builds the body of a nested block: gets the block's input vars, returns its outputs. */
    @FunctionalInterface
    public interface BlockBody {
        List<Var> build(Builder inner, List<Var> inputs);
    }

    /** Collects one op's inputs, attributes, name and nested blocks, then inserts it. */
    public final class OpBuilder {
        private final OpDef def;
        private final Map<String, List<Var>> inputs = new LinkedHashMap<>();
        private final Map<String, TensorValue> attributes = new LinkedHashMap<>();
        private final List<Block> blocks = new ArrayList<>(0);
        private String name;
        private boolean nameClaimed;
        private List<String> outputNames = List.of();
        private List<ValueType> declaredTypes;
        private Location opLocation = location;

        private OpBuilder(OpDef def) {
            this.def = def;
        }

        public OpBuilder input(String inputName, Var value) {
            inputs.put(requireNonNull(inputName, "inputName is null"), List.of(requireNonNull(value, "value is null")));
            return this;
        }

        /** Binds an input to a new constant. */
        public OpBuilder input(String inputName, TensorValue value) {
            return input(inputName, constant(value, displayName() + "_" + inputName));
        }

        /** Binds an input only when the value is present. */
        public OpBuilder input(String inputName, Optional<Var> value) {
            value.ifPresent(v -> input(inputName, v));
            return this;
        }

        /** Binds a variadic input. */
        public OpBuilder inputs(String inputName, List<Var> values) {
            inputs.put(requireNonNull(inputName, "inputName is null"), List.copyOf(values));
            return this;
        }

        public OpBuilder attribute(String attributeName, TensorValue value) {
            attributes.put(requireNonNull(attributeName, "attributeName is null"),
                    requireNonNull(value, "value is null"));
            return this;
        }

        /** The op name (and, for a single output, the output's name); made unique in the function if taken. */
        public OpBuilder name(String opName) {
            this.name = requireNonNull(opName, "opName is null");
            return this;
        }

        /** Explicit output names, one per output. */
        public OpBuilder outputNames(List<String> names) {
            this.outputNames = List.copyOf(names);
            return this;
        }

        /**
         * Output types as declared by a reader (MIL text, MIL.proto): used when they equal the inferred ones, up to
         * the names of symbols that inference mints for run-time sizes; a type error otherwise.
         */
        public OpBuilder declaredOutputTypes(List<ValueType> types) {
            this.declaredTypes = List.copyOf(types);
            return this;
        }

        public OpBuilder location(Location where) {
            this.opLocation = requireNonNull(where, "where is null");
            return this;
        }

        /** Adds a nested block with typed inputs, built by {@code body}. */
        public OpBuilder block(Map<String, ValueType> blockInputs, BlockBody body) {
            Block nested = function().newBlock(new LinkedHashMap<>(blockInputs));
            Builder inner = Builder.atEnd(nested, registry).at(opLocation).folding(fold);
            nested.setOutputs(body.build(inner, nested.inputs()));
            blocks.add(nested);
            return this;
        }

        /** Inserts the op (or, when it folds, constants) and returns its outputs. */
        public List<Var> outputs() {
            List<ValueType> types = inferTypes();
            if (fold && def != ConstOp.INSTANCE && !def.isConstexpr()) {
                Optional<List<TensorValue>> values = def.hasValueInference() ? inferValues() : Optional.empty();
                if (values.isEmpty() && SymbolicFolding.applies(types)) {
                    values = SymbolicFolding.value(def, types,
                            new VarInferenceContext(def, inputs, attributes, blocks, null));
                }
                if (values.isPresent()) {
                    List<String> names = outputNamesFor(values.get().size());
                    List<Var> out = new ArrayList<>(values.get().size());
                    for (int i = 0; i < values.get().size(); i++) {
                        out.add(insertConst(values.get().get(i), names.get(i)));
                    }
                    return out;
                }
            }
            return insert(types).outputs();
        }

        /** Inserts the op and returns its only output. */
        public Var output() {
            List<Var> out = outputs();
            if (out.size() != 1) {
                throw new IllegalStateException("`" + def.name() + "` has " + out.size() + " outputs; use outputs()");
            }
            return out.get(0);
        }

        /** Inserts the op itself, never folded, and returns it. */
        public Operation build() {
            return insert(inferTypes());
        }

        private List<ValueType> inferTypes() {
            VarInferenceContext ctx = new VarInferenceContext(def, inputs, attributes, blocks, function());
            try {
                def.validate(ctx);
                List<ValueType> types = def.inferTypes(ctx);
                if (def.blockCount() != blocks.size()) {
                    throw new TypeException("takes " + def.blockCount() + " nested blocks, got " + blocks.size());
                }
                if (declaredTypes != null) {
                    if (!TypeMatcher.matches(types, declaredTypes, ctx.mintedSymbols())) {
                        throw new TypeException("outputs are declared as " + declaredTypes
                                + ", but its inputs give " + types);
                    }
                    return declaredTypes;
                }
                return types;
            } catch (TypeException e) {
                throw new ConversionException(Diagnostic.error(e.describe(def.name()))
                        .at(opLocation).forOp(displayName(), def.name()));
            }
        }

        private Optional<List<TensorValue>> inferValues() {
            try {
                return def.inferValues(new VarInferenceContext(def, inputs, attributes, blocks, null));
            } catch (TypeException e) {
                throw new ConversionException(Diagnostic.error(e.describe(def.name()))
                        .at(opLocation).forOp(displayName(), def.name()));
            }
        }

        private Operation insert(List<ValueType> types) {
            String opName = claimOpName();
            List<String> names = outputNamesFor(types.size());
            List<Operation.OutputSpec> outs = new ArrayList<>(types.size());
            TensorValue constValue = def == ConstOp.INSTANCE ? attributes.get(ConstOp.VALUE) : null;
            for (int i = 0; i < types.size(); i++) {
                outs.add(new Operation.OutputSpec(names.get(i), types.get(i), constValue));
            }
            Operation op = new Operation(def, opName, opLocation, inSpecOrder(), attributes, outs, blocks);
            block.link(op, before);
            return op;
        }

        private Var insertConst(TensorValue value, String outName) {
            Operation op = new Operation(ConstOp.INSTANCE, outName, opLocation, Map.of(),
                    Map.of(ConstOp.VALUE, value), List.of(new Operation.OutputSpec(outName, value.type(), value)),
                    List.of());
            block.link(op, before);
            return op.output();
        }

        /** The bound inputs in the order of the op's input specification (a canonical form for printing). */
        private Map<String, List<Var>> inSpecOrder() {
            Map<String, List<Var>> ordered = new LinkedHashMap<>();
            for (InputParam p : def.inputs().params()) {
                List<Var> bound = inputs.get(p.name());
                if (bound != null) {
                    ordered.put(p.name(), bound);
                }
            }
            return ordered;
        }

        private String displayName() {
            return name != null ? name : def.name();
        }

        /** Claims the op name in the function once: the given one (made unique) or a fresh {@code type_N}. */
        private String claimOpName() {
            if (!nameClaimed) {
                name = name == null ? function().freshName(def.name()) : function().claimName(name);
                nameClaimed = true;
            }
            return name;
        }

        /** Output names: explicit ones, else the op name for one output and {@code name_i} for several. */
        private List<String> outputNamesFor(int count) {
            if (!outputNames.isEmpty()) {
                if (outputNames.size() != count) {
                    throw new IllegalArgumentException("`" + def.name() + "` has " + count + " outputs, but "
                            + outputNames.size() + " names were given");
                }
                String opName = claimOpName();
                List<String> out = new ArrayList<>(count);
                for (String n : outputNames) {
                    out.add(n.equals(opName) ? n : function().claimName(n));
                }
                return out;
            }
            String base = claimOpName();
            if (count == 1) {
                return List.of(base);
            }
            List<String> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                out.add(function().claimName(base + "_" + i));
            }
            return out;
        }
    }
}
