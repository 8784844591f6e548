package dev.mil4j.backend.mlprogram;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.diag.Location;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.ConstOp;
import dev.mil4j.core.op.InputParam;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.spec.proto.mil.Argument;
import dev.mil4j.spec.proto.mil.Block;
import dev.mil4j.spec.proto.mil.Function;
import dev.mil4j.spec.proto.mil.NamedValueType;
import dev.mil4j.spec.proto.mil.Program;
import dev.mil4j.spec.proto.mil.Value;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads a MIL.proto {@code Program} into a mil4j program: functions with their typed inputs and opset, ops built
 * through the {@link Builder} (never folded) so that every op is validated and its output types inferred, checked
 * against the types the package declares (exactly, when mil4j's {@link DebugInfo} names the symbolic dimensions;
 * otherwise an unknown dimension agrees with any). Inputs are bound in the order of the op's input specification; the
 * {@code name} attribute names the op; {@code const} values come from immediate values or from the weight file
 * (through a {@link BlobSource}, without copying). Program {@code buildInfo} entries become program attributes,
 * except {@link DebugInfo}, which restores locations, dimension symbol names and the ranges of input symbols.
 */
final class MilProtoReader {
    /** Gives the constant a {@code BlobFileValue} refers to. */
    @FunctionalInterface
    interface BlobSource {
        TensorValue read(String fileName, long offset, TensorType type, String where) throws IOException;
    }

    private final OpRegistry registry;
    private final BlobSource blobs;
    private final String source;
    private DebugInfo debug = new DebugInfo();
    private DebugInfo.FunctionInfo functionInfo;
    private String functionName;
    private int ordinal;
    private int freshSymbols;
    /** Whether the package names its symbols (mil4j's debug info), so declared output types are exact. */
    private boolean exactTypes;

    MilProtoReader(OpRegistry registry, BlobSource blobs, String source) {
        this.registry = requireNonNull(registry, "registry is null");
        this.blobs = requireNonNull(blobs, "blobs is null");
        this.source = requireNonNull(source, "source is null");
    }

    /**
     * @param proto the MIL.proto program
     * @return the mil4j program
     * @throws ConversionException listing every unknown op type or other problem
     * @throws IOException if a weight cannot be read
     */
    dev.mil4j.core.ir.Program read(Program proto) throws IOException {
        List<Diagnostic> problems = UnknownOps.find(proto, registry, source);
        if (!problems.isEmpty()) {
            throw new ConversionException(problems);
        }
        dev.mil4j.core.ir.Program program = new dev.mil4j.core.ir.Program(Math.toIntExact(proto.getVersion()));
        BuildInfo.read(proto, source).forEach((k, v) -> {
            if (k.equals(DebugInfo.BUILD_INFO_KEY)) {
                debug = decodeDebugInfo(v);
                exactTypes = true;
            } else {
                program.setAttribute(k, v);
            }
        });
        try {
            for (Map.Entry<String, Function> f : proto.getFunctionsMap().entrySet()) {
                function(program, f.getKey(), f.getValue());
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return program;
    }

    private DebugInfo decodeDebugInfo(String text) {
        try {
            return DebugInfo.decode(text);
        } catch (IllegalArgumentException e) {
            throw error("the `" + DebugInfo.BUILD_INFO_KEY + "` entry of the program's buildInfo is malformed: "
                    + e.getMessage(), "remove the entry (it only keeps source locations, symbol names and ranges)");
        }
    }

    private void function(dev.mil4j.core.ir.Program program, String name, Function proto) {
        functionName = name;
        functionInfo = debug.function(name);
        ordinal = 0;
        Opset opset = Opset.parse(proto.getOpset()).orElseThrow();
        Map<String, ValueType> inputs = new LinkedHashMap<>();
        for (NamedValueType in : proto.getInputsList()) {
            inputs.put(in.getName(), type(in.getType(), "input `" + in.getName() + "`"));
        }
        dev.mil4j.core.ir.Function f = program.addFunction(name, opset, inputs);
        functionInfo.ranges().forEach((symbol, range) -> {
            if (!f.isInputSymbol(symbol)) {
                throw error("the `" + DebugInfo.BUILD_INFO_KEY + "` entry gives a range to " + symbol + ", which is "
                        + "not a dimension of an input of function `" + name + "`",
                        "remove the entry (it only keeps source locations, symbol names and ranges)");
            }
            f.setDimBound(symbol, range);
        });
        Map<String, Var> scope = new HashMap<>();
        int i = 0;
        for (String in : inputs.keySet()) {
            scope.put(in, f.inputs().get(i++));
        }
        Deque<Map<String, Var>> scopes = new ArrayDeque<>();
        scopes.push(scope);
        Block body = UnknownOps.body(proto).orElseThrow();
        try {
            block(body, Builder.atEnd(f.body(), registry).folding(false), scopes);
        } catch (ConversionException e) {
            List<Diagnostic> noted = new ArrayList<>();
            for (Diagnostic d : e.diagnostics()) {
                noted.add(d.withNote("while reading function `" + name + "` of " + source));
            }
            throw new ConversionException(noted);
        }
        f.setOutputs(resolve(body.getOutputsList(), scopes, "an output of function `" + name + "`"));
    }

    private void block(Block proto, Builder b, Deque<Map<String, Var>> scopes) {
        List<dev.mil4j.spec.proto.mil.Operation> ops = proto.getOperationsList();
        for (int i = 0; i < ops.size(); i++) {
            dev.mil4j.spec.proto.mil.Operation op = ops.get(i);
            if (op.getType().equals(StateUpdates.WRITE)) {
                Optional<dev.mil4j.spec.proto.mil.Operation> read = StateUpdates.pairedRead(op,
                        i + 1 < ops.size() ? ops.get(i + 1) : null);
                stateUpdate(op, read, b, scopes);
                i += read.isPresent() ? 1 : 0;
            } else {
                operation(op, b, scopes);
            }
        }
    }

    /** A {@code write_state} (and the {@code read_state} after it) as one {@code coreml_update_state}. */
    private void stateUpdate(dev.mil4j.spec.proto.mil.Operation write,
            Optional<dev.mil4j.spec.proto.mil.Operation> read, Builder b, Deque<Map<String, Var>> scopes) {
        Location location = functionInfo.location(ordinal++);
        String name = opName(write, List.of(StateUpdates.UPDATE));
        List<String> outNames = read.map(r -> List.of(r.getOutputs(0).getName())).orElse(List.of());
        OpDef def = registry.lookup(StateUpdates.UPDATE, b.function().opset()).orElseThrow(() -> error("op `" + name
                + "` writes a state, but the registry has no `" + StateUpdates.UPDATE + "` at opset "
                + b.function().opset(), "read the package with StandardOps at iOS18"));
        Var state = stateArgument(write, "input", name, scopes);
        Var value = stateArgument(write, "data", name, scopes);
        Builder.OpBuilder ob = b.op(def).name(name).location(location).input("state", state).input("value", value);
        Operation op = (outNames.isEmpty() ? ob : ob.outputNames(outNames)).build();
        for (int i = 0; i < outNames.size(); i++) {
            scopes.peek().put(outNames.get(i), op.outputs().get(i));
        }
    }

    private Var stateArgument(dev.mil4j.spec.proto.mil.Operation write, String input, String name,
            Deque<Map<String, Var>> scopes) {
        Argument arg = write.getInputsMap().get(input);
        if (arg == null || arg.getArgumentsCount() != 1 || !arg.getArguments(0).hasName()) {
            throw error("`" + StateUpdates.WRITE + "` op `" + name + "` needs input `" + input + "` bound to one"
                    + " variable", "the package is malformed");
        }
        return lookup(arg.getArguments(0).getName(), scopes, "input `" + input + "` of op `" + name + "`");
    }

    private void operation(dev.mil4j.spec.proto.mil.Operation proto, Builder b, Deque<Map<String, Var>> scopes) {
        Location location = functionInfo.location(ordinal++);
        List<String> outNames = proto.getOutputsList().stream().map(NamedValueType::getName).toList();
        String name = opName(proto, outNames);
        Operation op;
        if (proto.getType().equals(ConstOp.NAME)) {
            op = b.op(ConstOp.INSTANCE).attribute(ConstOp.VALUE, constValue(proto, name)).name(name)
                    .outputNames(outNames).location(location).build();
        } else {
            Opset opset = b.function().opset();
            OpDef def = registry.lookup(proto.getType(), opset).orElseThrow();
            Builder.OpBuilder ob = b.op(def).name(name).outputNames(outNames).location(location);
            List<ValueType> declared = new ArrayList<>(outNames.size());
            for (NamedValueType o : proto.getOutputsList()) {
                declared.add(type(o.getType(), "output `" + o.getName() + "` of op `" + name + "`"));
            }
            if (exactTypes) {
                ob.declaredOutputTypes(declared);
            }
            bindInputs(proto, def, name, ob, b, scopes);
            for (Map.Entry<String, Value> a : proto.getAttributesMap().entrySet()) {
                if (!a.getKey().equals(MilProtoWriter.NAME_ATTRIBUTE) && !inlinedInput(def, a.getKey())) {
                    ob.attribute(a.getKey(), attribute(a.getValue(), "attribute `" + a.getKey() + "` of op `"
                            + name + "`"));
                }
            }
            for (Block nested : proto.getBlocksList()) {
                nestedBlock(nested, ob, scopes);
            }
            op = ob.build();
        }
        checkOutputs(proto, op);
        for (int i = 0; i < outNames.size(); i++) {
            scopes.peek().put(outNames.get(i), op.outputs().get(i));
        }
    }

    private void bindInputs(dev.mil4j.spec.proto.mil.Operation proto, OpDef def, String name, Builder.OpBuilder ob,
            Builder b, Deque<Map<String, Var>> scopes) {
        for (String bound : proto.getInputsMap().keySet()) {
            if (def.inputs().param(bound).isEmpty()) {
                throw error("op `" + name + "` (" + proto.getType() + ") binds input `" + bound + "`, which `"
                        + proto.getType() + "` does not have at opset " + def.since(),
                        "use an op registry whose `" + proto.getType() + "` matches the package's opset");
            }
        }
        for (InputParam p : def.inputs().params()) {
            Argument arg = proto.getInputsMap().get(p.name());
            Value attribute = proto.getAttributesMap().get(p.name());
            if (arg == null && attribute != null && inlinedInput(def, p.name())) {
                String where = "attribute `" + p.name() + "` of op `" + name + "`";
                ob.input(p.name(), b.constant(inlineValue(attribute, where), name + "_" + p.name()));
                continue;
            }
            if (arg == null) {
                continue;
            }
            List<Var> vars = new ArrayList<>(arg.getArgumentsCount());
            for (Argument.Binding binding : arg.getArgumentsList()) {
                String where = "input `" + p.name() + "` of op `" + name + "`";
                if (binding.hasValue()) {
                    vars.add(b.constant(inlineValue(binding.getValue(), where), name + "_" + p.name()));
                } else {
                    vars.add(lookup(binding.getName(), scopes, where));
                }
            }
            if (p.isVariadic()) {
                ob.inputs(p.name(), vars);
            } else if (vars.size() == 1) {
                ob.input(p.name(), vars.get(0));
            } else {
                throw error("input `" + p.name() + "` of op `" + name + "` (" + proto.getType() + ") is bound to "
                        + vars.size() + " values, but it takes one", "the package is malformed");
            }
        }
    }

    private void nestedBlock(Block proto, Builder.OpBuilder ob, Deque<Map<String, Var>> scopes) {
        Map<String, ValueType> inputs = new LinkedHashMap<>();
        for (NamedValueType in : proto.getInputsList()) {
            inputs.put(in.getName(), type(in.getType(), "block input `" + in.getName() + "`"));
        }
        ob.block(inputs, (inner, vars) -> {
            Map<String, Var> scope = new HashMap<>();
            int i = 0;
            for (String in : inputs.keySet()) {
                scope.put(in, vars.get(i++));
            }
            scopes.push(scope);
            try {
                block(proto, inner, scopes);
                return resolve(proto.getOutputsList(), scopes, "a block output");
            } finally {
                scopes.pop();
            }
        });
    }

    private TensorValue constValue(dev.mil4j.spec.proto.mil.Operation proto, String name) {
        String where = "the value of const `" + name + "`";
        Value val = proto.getAttributesMap().get(ConstOp.VALUE);
        if (val == null || proto.getOutputsCount() != 1) {
            throw error("const `" + name + "` needs attribute `val` and one output", "the package is malformed");
        }
        ValueType declared = type(proto.getOutputs(0).getType(), "const `" + name + "`");
        if (!(declared instanceof TensorType t) || !t.shape().isStatic()) {
            throw error(where + " must be a tensor of static shape, got " + declared, "the package is malformed");
        }
        if (val.hasBlobFileValue()) {
            try {
                return blobs.read(val.getBlobFileValue().getFileName(), val.getBlobFileValue().getOffset(), t, where);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return literal(val, where, t);
    }

    // constexpr ops written by coremltools before iOS18 hold their constant inputs as attributes (see Constexprs)
    private static boolean inlinedInput(OpDef def, String attribute) {
        return def.isConstexpr() && def.inputs().param(attribute).isPresent();
    }

    // a value inside an op (a binding's value, a constexpr attribute): immediate, or in a weight file; a list of
    // scalars (a classify's labels) as a rank-1 tensor
    private TensorValue inlineValue(Value v, String where) {
        if (ClassLabels.isList(v)) {
            try {
                return ClassLabels.fromProto(v, where + " of function `" + functionName + "`");
            } catch (MilProtoTypes.UnsupportedTypeException e) {
                throw error(e.getMessage(), "mil4j cannot represent this value");
            }
        }
        if (!v.hasBlobFileValue()) {
            return literal(v, where);
        }
        ValueType t = type(v.getType(), where);
        if (!(t instanceof TensorType tt) || !tt.shape().isStatic()) {
            throw error(where + " must be a tensor of static shape, got " + t, "the package is malformed");
        }
        try {
            return blobs.read(v.getBlobFileValue().getFileName(), v.getBlobFileValue().getOffset(), tt, where);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TensorValue literal(Value v, String where) {
        ValueType t = type(v.getType(), where);
        if (!(t instanceof TensorType tt)) {
            throw error(where + " is a " + t + " literal; mil4j reads tensor literals only", "");
        }
        return literal(v, where, tt);
    }

    private TensorValue literal(Value v, String where, TensorType t) {
        if (!v.hasImmediateValue() || !v.getImmediateValue().hasTensor()) {
            throw error(where + " is not an immediate tensor value", "the package is malformed");
        }
        try {
            return MilProtoValues.fromImmediate(t, v.getImmediateValue().getTensor(), where);
        } catch (MilProtoTypes.UnsupportedTypeException e) {
            throw error(e.getMessage(), "the package is malformed");
        }
    }

    private TensorValue attribute(Value v, String where) {
        return literal(v, where);
    }

    private void checkOutputs(dev.mil4j.spec.proto.mil.Operation proto, Operation op) {
        List<ValueType> inferred = op.outputs().stream().map(Var::type).toList();
        boolean ok = inferred.size() == proto.getOutputsCount();
        for (int i = 0; ok && i < inferred.size(); i++) {
            ok = MilProtoTypes.agrees(inferred.get(i), proto.getOutputs(i).getType());
        }
        if (!ok) {
            List<String> declared = new ArrayList<>();
            for (NamedValueType o : proto.getOutputsList()) {
                declared.add(String.valueOf(MilProtoTypes.fromProto(o.getType(), () -> "unknown", "output")));
            }
            throw new ConversionException(Diagnostic.error("the package declares the outputs of this op as "
                    + declared + ", but its inputs give " + inferred)
                    .at(op.location()).forOp(op.name(), op.type())
                    .withHint("the package and mil4j's definition of `" + op.type() + "` disagree; report it with"
                            + " the package"));
        }
    }

    private ValueType type(dev.mil4j.spec.proto.mil.ValueType proto, String where) {
        Supplier<String> symbols = () -> functionInfo.nextSymbol().orElseGet(() -> "s" + freshSymbols++);
        try {
            return MilProtoTypes.fromProto(proto, symbols, where + " of function `" + functionName + "`");
        } catch (MilProtoTypes.UnsupportedTypeException e) {
            throw error(e.getMessage(), "mil4j cannot represent this type");
        }
    }

    private static String opName(dev.mil4j.spec.proto.mil.Operation proto, List<String> outNames) {
        Value v = proto.getAttributesMap().get(MilProtoWriter.NAME_ATTRIBUTE);
        if (v != null && v.hasImmediateValue()
                && v.getImmediateValue().getTensor().getStrings().getValuesCount() == 1) {
            return v.getImmediateValue().getTensor().getStrings().getValues(0);
        }
        return outNames.isEmpty() ? proto.getType() : outNames.get(0);
    }

    private List<Var> resolve(List<String> names, Deque<Map<String, Var>> scopes, String where) {
        List<Var> out = new ArrayList<>(names.size());
        for (String n : names) {
            out.add(lookup(n, scopes, where));
        }
        return out;
    }

    private Var lookup(String name, Deque<Map<String, Var>> scopes, String where) {
        for (Map<String, Var> scope : scopes) {
            Var v = scope.get(name);
            if (v != null) {
                return v;
            }
        }
        throw error(where + " in function `" + functionName + "` refers to `" + name
                + "`, which is not defined before it", "the package is malformed");
    }

    private ConversionException error(String message, String hint) {
        Diagnostic d = Diagnostic.error(message).withNote("while reading " + source);
        return new ConversionException(hint.isEmpty() ? d : d.withHint(hint));
    }
}
