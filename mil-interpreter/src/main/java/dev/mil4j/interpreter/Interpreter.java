package dev.mil4j.interpreter;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.ir.Block;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.ConstOp;
import dev.mil4j.core.types.DictType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.ListType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.StateType;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.kernels.StandardKernels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs a MIL program on the CPU, op by op, with the kernels of a {@link KernelRegistry}: the reference against which
 * converted models are checked on machines without Core ML.
 *
 * <pre>{@code
 * Interpreter interpreter = Interpreter.standard();
 * Map<String, TensorValue> out = interpreter.run(program, Map.of("x", x));
 * }</pre>
 *
 * <p>Before running, the function's inputs are checked against its input types (dtype, rank, known sizes, and one
 * size per symbol) and every op is checked to have a kernel (all missing ones in one error). Symbolic dims take the
 * sizes of the actual values. Every output a kernel returns is checked against the op's declared output type.
 * An interpreter is stateless and may run several programs at once.
 */
public final class Interpreter {
    private final KernelRegistry kernels;

    public Interpreter(KernelRegistry kernels) {
        this.kernels = requireNonNull(kernels, "kernels is null");
    }

    /** An interpreter with the kernels of the standard op set. */
    public static Interpreter standard() {
        return new Interpreter(StandardKernels.newRegistry());
    }

    public KernelRegistry kernels() {
        return kernels;
    }

    /** Runs the program's {@code main} function (or its first one). */
    public Map<String, TensorValue> run(Program program, Map<String, TensorValue> inputs) {
        requireNonNull(program, "program is null");
        return run(program.main(), inputs);
    }

    /** Runs the named function of the program. */
    public Map<String, TensorValue> run(Program program, String function, Map<String, TensorValue> inputs) {
        requireNonNull(program, "program is null");
        requireNonNull(function, "function is null");
        Function f = program.function(function).orElseThrow(() -> new InterpreterException("the program has no "
                + "function '" + function + "'; it has " + program.functions().stream().map(Function::name).toList()));
        return run(f, inputs);
    }

    /**
     * Runs a function; the result maps each output var name to its value, in output order. A state input (iOS18)
     * starts as zeros, or as the value {@code inputs} gives under its name; use a {@link #session} to keep states
     * across runs.
     */
    public Map<String, TensorValue> run(Function function, Map<String, TensorValue> inputs) {
        Map<String, TensorValue> tensors = new LinkedHashMap<>(inputs);
        return once(function, tensors).run(tensors);
    }

    /**
     * Runs a function whose outputs may be dictionaries as well as tensors (a classifier's probabilities, from
     * {@code classify}); otherwise as {@link #run(Function, Map)}.
     *
     * @return each output var name to its {@link Value.Tensor} or {@link Value.Dictionary}, in output order
     */
    public Map<String, Value> runValues(Function function, Map<String, TensorValue> inputs) {
        Map<String, TensorValue> tensors = new LinkedHashMap<>(inputs);
        return once(function, tensors).runValues(tensors);
    }

    /** A session for one run, its states set from (and removed from) {@code tensors} where given. */
    private InterpreterSession once(Function function, Map<String, TensorValue> tensors) {
        requireNonNull(function, "function is null");
        InterpreterSession once = session(function);
        for (Var in : function.inputs()) {
            TensorValue initial = in.type() instanceof StateType ? tensors.remove(in.name()) : null;
            if (initial != null) {
                once.setState(in.name(), initial);
            }
        }
        return once;
    }

    /** A session that runs {@code function} repeatedly, its states persisting from run to run. */
    public InterpreterSession session(Function function) {
        return new InterpreterSession(this, function);
    }

    /** Runs a function with the given state cells (read and written in place). */
    Map<String, TensorValue> run(Function function, Map<String, TensorValue> inputs, Map<String, StateCell> states) {
        Map<String, TensorValue> out = new LinkedHashMap<>();
        run(function, inputs, states, false).forEach((name, v) -> out.put(name, v.tensor()));
        return out;
    }

    /** Runs a function with the given state cells; dictionary outputs are an error unless {@code dictionaries}. */
    Map<String, Value> run(Function function, Map<String, TensorValue> inputs, Map<String, StateCell> states,
            boolean dictionaries) {
        requireNonNull(function, "function is null");
        requireNonNull(inputs, "inputs is null");
        checkKernels(function);
        List<Value> args = checkInputs(function, inputs, states);
        List<Value> results = new Execution().runBlock(function.body(), args);
        Map<String, Value> out = new LinkedHashMap<>();
        List<Var> outs = function.outputs();
        for (int i = 0; i < outs.size(); i++) {
            Value v = results.get(i);
            if (v instanceof Value.Dictionary && !dictionaries) {
                throw new InterpreterException("output `" + outs.get(i).name() + "` is a dictionary (" + v.type()
                        + "), which this call cannot return; run the function with runValues");
            }
            if (!(v instanceof Value.Tensor) && !(v instanceof Value.Dictionary)) {
                throw new InterpreterException("output `" + outs.get(i).name() + "` is a list (" + v.type()
                        + "); a function must return tensors");
            }
            out.put(outs.get(i).name(), v);
        }
        return out;
    }

    private void checkKernels(Function function) {
        Map<String, Integer> missing = new TreeMap<>();
        collectMissing(function.body(), missing);
        if (missing.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder("no interpreter kernel for ");
        sb.append(missing.size() == 1 ? "op " : missing.size() + " ops: ");
        boolean first = true;
        for (Map.Entry<String, Integer> e : missing.entrySet()) {
            sb.append(first ? "" : ", ").append('`').append(e.getKey()).append("` (")
                    .append(e.getValue()).append(e.getValue() == 1 ? " use)" : " uses)");
            first = false;
        }
        sb.append("; register an OpKernel for each in the KernelRegistry (a plugin contributes the kernels of its "
                + "custom ops)");
        throw new InterpreterException(sb.toString());
    }

    private void collectMissing(Block block, Map<String, Integer> missing) {
        for (Operation op : block.operations()) {
            if (!op.type().equals(ConstOp.NAME) && !kernels.contains(op.type())) {
                missing.merge(op.type(), 1, Integer::sum);
            }
            for (Block b : op.blocks()) {
                collectMissing(b, missing);
            }
        }
    }

    private static List<Value> checkInputs(Function function, Map<String, TensorValue> inputs,
            Map<String, StateCell> states) {
        List<Var> declared = function.inputs();
        List<String> names = declared.stream().filter(v -> !(v.type() instanceof StateType)).map(Var::name)
                .toList();
        for (String given : inputs.keySet()) {
            if (!names.contains(given)) {
                throw new InterpreterException("input '" + given + "' is not an input of function '"
                        + function.name() + "'; its inputs are " + names);
            }
        }
        Map<String, Long> symbols = new HashMap<>();
        Map<String, String> symbolSource = new HashMap<>();
        List<Value> args = new ArrayList<>(declared.size());
        for (Var in : declared) {
            if (in.type() instanceof StateType) {
                args.add(states.get(in.name()));
                continue;
            }
            TensorValue v = inputs.get(in.name());
            if (v == null) {
                throw new InterpreterException("input '" + in.name() + "' of function '" + function.name()
                        + "' is missing; give a value of type " + in.type());
            }
            if (!(in.type() instanceof TensorType want)) {
                throw new InterpreterException("input '" + in.name() + "' has type " + in.type()
                        + "; only tensor inputs can be given");
            }
            String problem = mismatch(want, v.type(), symbols, symbolSource, in.name());
            if (problem != null) {
                throw new InterpreterException("input '" + in.name() + "' has type " + v.type() + " but function '"
                        + function.name() + "' expects " + want + ": " + problem);
            }
            args.add(Value.of(v));
        }
        return args;
    }

    /** Why {@code actual} does not fit {@code want}, or null; binds symbols in {@code symbols}. */
    private static String mismatch(TensorType want, TensorType actual, Map<String, Long> symbols,
            Map<String, String> sources, String where) {
        if (want.dtype() != actual.dtype()) {
            return "the dtype differs (cast the array to " + want.dtype() + ")";
        }
        Shape ws = want.shape();
        Shape as = actual.shape();
        if (ws.rank() != as.rank()) {
            return "the rank differs (" + as.rank() + " vs " + ws.rank() + ")";
        }
        for (int i = 0; i < ws.rank(); i++) {
            Dim d = ws.dim(i);
            long size = as.dim(i).size();
            if (d.isKnown() && d.size() != size) {
                return "dim " + i + " is " + size + ", not " + d.size();
            }
            if (d instanceof Dim.Symbol s && symbols != null) {
                Long bound = symbols.putIfAbsent(s.name(), size);
                if (bound != null && bound != size) {
                    return "symbol " + s.name() + " is " + bound + " in " + sources.get(s.name()) + " but " + size
                            + " here (dim " + i + ")";
                }
                sources.putIfAbsent(s.name(), "'" + where + "'");
            }
        }
        return null;
    }

    /** The values of one run: vars are SSA, so one map serves all blocks (loop bodies rebind theirs). */
    private final class Execution {
        private final Map<Var, Value> env = new IdentityHashMap<>();

        List<Value> runBlock(Block block, List<Value> args) {
            List<Var> ins = block.inputs();
            if (ins.size() != args.size()) {
                throw new IllegalStateException("block takes " + ins.size() + " inputs, got " + args.size());
            }
            for (int i = 0; i < ins.size(); i++) {
                env.put(ins.get(i), args.get(i));
            }
            for (Operation op : block.operations()) {
                if (op.type().equals(ConstOp.NAME)) {
                    continue;
                }
                execute(op);
            }
            List<Value> out = new ArrayList<>();
            for (Var v : block.outputs()) {
                out.add(lookup(v));
            }
            return out;
        }

        private Value lookup(Var v) {
            if (v.isConst()) {
                return Value.of(v.value().orElseThrow());
            }
            Value value = env.get(v);
            if (value == null) {
                throw new IllegalStateException("var %" + v.name() + " is used before it is computed");
            }
            return value;
        }

        private void execute(Operation op) {
            OpKernel kernel = kernels.kernel(op.type()).orElseThrow();
            Map<String, List<Value>> inputs = new LinkedHashMap<>();
            for (Map.Entry<String, List<Var>> e : op.inputs().entrySet()) {
                List<Value> vs = new ArrayList<>(e.getValue().size());
                for (Var v : e.getValue()) {
                    vs.add(lookup(v));
                }
                inputs.put(e.getKey(), vs);
            }
            KernelContext ctx = new KernelContext(op, inputs, this::runBlock);
            List<Value> results;
            try {
                results = kernel.executeValues(ctx);
            } catch (InterpreterException e) {
                throw e;
            } catch (dev.mil4j.core.types.TypeException e) {
                String what = e.input().map(in -> "input `" + in + "` " + e.getMessage()).orElse(e.getMessage());
                throw new InterpreterException(InterpreterException.describe(op) + " failed: " + what, op.name(), e);
            } catch (RuntimeException e) {
                throw new InterpreterException(InterpreterException.describe(op) + " failed: " + e.getMessage(),
                        op.name(), e);
            }
            List<Var> outs = op.outputs();
            if (results.size() != outs.size()) {
                throw new InterpreterException(InterpreterException.describe(op) + ": its kernel returned "
                        + results.size() + " values for " + outs.size() + " outputs", op.name(), null);
            }
            for (int i = 0; i < outs.size(); i++) {
                checkOutput(op, outs.get(i), results.get(i));
                env.put(outs.get(i), results.get(i));
            }
        }

        private void checkOutput(Operation op, Var out, Value value) {
            ValueType want = out.type();
            String problem;
            if (want instanceof TensorType wt) {
                problem = value instanceof Value.Tensor t ? mismatch(wt, t.value().type(), null, null, "") : "it is a list";
            } else if (want instanceof DictType) {
                problem = value.type().equals(want) ? null : "it is not such a dictionary";
            } else {
                ListType lt = (ListType) want;
                problem = value instanceof TensorList l ? (l.dtype() == lt.elementType().dtype() ? null
                        : "the element dtype differs") : "it is a tensor";
            }
            if (problem != null) {
                throw new InterpreterException(InterpreterException.describe(op) + ": its kernel produced "
                        + value.type() + " for output %" + out.name() + " declared " + want + ": " + problem
                        + " (a bug in the kernel of " + op.type() + ")", op.name(), null);
            }
        }
    }
}
