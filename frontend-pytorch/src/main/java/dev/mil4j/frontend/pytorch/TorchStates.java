package dev.mil4j.frontend.pytorch;

import dev.mil4j.converter.spi.FrontendContext;
import dev.mil4j.converter.spi.InputType;
import dev.mil4j.converter.spi.Precision;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.StateType;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.pytorch.archive.TorchTensor;
import dev.mil4j.frontend.pytorch.graph.TorchGraph;
import dev.mil4j.ops.MathOps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registered buffers that become Core ML states (iOS18), as coremltools' {@code ct.StateType}: each buffer the user
 * declares ({@code --state NAME:DIMS[:DTYPE]}, {@code ConversionOptions.states()}) is a state input of the function
 * (after the tensor inputs) instead of a constant; its reads are a {@code read_state} at the function's start, and its
 * final value, when {@code forward} writes it in place ({@code TorchGraph.writes()}), goes back with
 * {@code coreml_update_state} at the end. Under fp16 compute precision a state is fp16 (coremltools stores it so),
 * unless the declaration names a dtype; the graph computes in the buffer's own dtype, cast at the read and the write.
 */
final class TorchStates {
    /** One declared state: the buffer's dotted name, the function input's name and the state's tensor type. */
    private record Declared(String buffer, String input, TensorType state, DType compute) {
    }

    private final List<Declared> declared;
    private final Map<String, String> writes;

    private TorchStates(List<Declared> declared, Map<String, String> writes) {
        this.declared = declared;
        this.writes = writes;
    }

    /**
     * @return the states the options declare, checked against the graph's buffers
     * @throws ConversionException naming every declaration that does not fit, with the buffers there are
     */
    static TorchStates of(TorchGraph graph, FrontendContext<?> context) {
        List<InputType> states = context.options().states();
        List<Declared> out = new ArrayList<>();
        List<Diagnostic> problems = new ArrayList<>();
        if (!states.isEmpty() && context.opset().compareTo(Opset.IOS18) < 0) {
            problems.add(Diagnostic.error("states (" + String.join(", ", states.stream().map(InputType::name)
                    .toList()) + ") need iOS18, but the target is " + context.opset())
                    .withHint("convert with --target iOS18"));
        }
        for (InputType s : states) {
            // the graph names tensors from its root module (`Model.k_cache`); the user names them as PyTorch does
            List<String> keys = graph.tensors().keySet().stream()
                    .filter(k -> k.equals(s.name()) || k.endsWith("." + s.name())).toList();
            TorchTensor buffer = keys.size() == 1 ? graph.tensors().get(keys.get(0)) : null;
            if (buffer == null) {
                problems.add(Diagnostic.error("--state " + s.name() + ": the model has no buffer of that name; "
                        + "its buffers and parameters are " + graph.tensors().keySet())
                        .withHint("name a registered buffer (named_buffers()), e.g. --state k_cache:1x8x64"));
                continue;
            }
            Shape shape = buffer.shape();
            if (s.shape().isPresent() && !s.shape().get().equals(shape)) {
                problems.add(Diagnostic.error("--state " + s.name() + " has shape " + s.shape().get()
                        + ", but the buffer has shape " + shape).withHint("declare the buffer's own shape"));
                continue;
            }
            DType compute = computeDtype(buffer.storage().dtype().milType().orElse(DType.FP32));
            DType stored = s.dtype().orElse(compute == DType.FP32
                    && context.options().computePrecision() == Precision.FP16 ? DType.FP16 : compute);
            out.add(new Declared(keys.get(0), s.name().replace('.', '_'), new TensorType(stored, shape), compute));
        }
        if (!problems.isEmpty()) {
            throw new ConversionException(problems);
        }
        return new TorchStates(out, graph.writes());
    }

    private static DType computeDtype(DType buffer) {
        return buffer == DType.INT64 ? DType.INT32 : buffer == DType.FP64 ? DType.FP32 : buffer;
    }

    /** @return whether a tensor of the graph is a declared state */
    boolean isState(String name) {
        return declared.stream().anyMatch(d -> d.buffer().equals(name));
    }

    /** @return the state inputs to add to the function, in declaration order */
    Map<String, ValueType> inputTypes() {
        Map<String, ValueType> out = new LinkedHashMap<>();
        declared.forEach(d -> out.put(d.input(), new StateType(d.state())));
        return out;
    }

    /** Reads every state at the function's start; {@code values} maps each buffer name to its value. */
    void read(Builder top, Function main, Map<String, Var> values) {
        for (Declared d : declared) {
            Var state = input(main, d);
            Var v = top.op("read_state").input("input", state).name(d.input() + "_read").output();
            if (d.state().dtype() != d.compute()) {
                v = MathOps.cast(top, v, d.compute());
            }
            values.put(d.buffer(), v);
        }
    }

    /** Writes each state that {@code forward} wrote its final value back. */
    void writeBack(Builder b, Function main, Map<String, Var> values) {
        for (Declared d : declared) {
            String last = writes.get(d.buffer());
            Var v = last == null ? null : values.get(last);
            if (v == null) {
                continue;
            }
            if (d.state().dtype() != v.tensorType().dtype()) {
                v = MathOps.cast(b, v, d.state().dtype());
            }
            b.op("coreml_update_state").input("state", input(main, d)).input("value", v)
                    .name(d.input() + "_update").output();
        }
    }

    private static Var input(Function main, Declared d) {
        return main.inputs().stream().filter(v -> v.name().equals(d.input())).findFirst().orElseThrow();
    }
}
