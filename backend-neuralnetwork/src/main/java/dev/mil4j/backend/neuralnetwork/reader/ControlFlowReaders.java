package dev.mil4j.backend.neuralnetwork.reader;

import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.spec.proto.LoopLayerParams;
import dev.mil4j.spec.proto.NeuralNetwork;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import dev.mil4j.spec.proto.NeuralNetworkLayer.LayerCase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code branch} as MIL {@code cond} and {@code loop} as MIL {@code while_loop}. A NeuralNetwork's blobs are global:
 * a branch's results are the blobs its networks write that exist before it or are written by both networks; a
 * loop's state is the blobs its networks write that exist before it, plus an iteration counter when the loop has a
 * {@code maxLoopIterations}.
 */
final class ControlFlowReaders {
    private ControlFlowReaders() {
    }

    static Map<LayerCase, LayerReader> readers() {
        return Map.of(LayerCase.BRANCH, ControlFlowReaders::branch, LayerCase.LOOP, ControlFlowReaders::loop);
    }

    /** The blobs a network writes, nested networks included, in order of first write. */
    private static Set<String> written(NeuralNetwork net) {
        Set<String> out = new LinkedHashSet<>();
        for (NeuralNetworkLayer l : net.getLayersList()) {
            out.addAll(l.getOutputList());
            if (l.hasBranch()) {
                out.addAll(written(l.getBranch().getIfBranch()));
                out.addAll(written(l.getBranch().getElseBranch()));
            } else if (l.hasLoop()) {
                out.addAll(written(l.getLoop().getConditionNetwork()));
                out.addAll(written(l.getLoop().getBodyNetwork()));
            }
        }
        return out;
    }

    // the layers of a nested network read into the block's context; a problem inside stops the control-flow layer
    private static ReadContext readNested(NeuralNetwork net, ReadContext outer, Builder inner) {
        ReadContext cx = outer.nested(inner);
        List<Diagnostic> problems = new ArrayList<>();
        NeuralNetworkReader.readLayers(net.getLayersList(), cx, problems);
        if (!problems.isEmpty()) {
            throw new ReaderException("has a nested layer that cannot be read: " + problems.get(0).message());
        }
        return cx;
    }

    /** A one-element blob as a bool scalar: non-zero is true. */
    private static Var predicate(ReadContext cx, Var v) {
        Var s = v.tensorType().rank() == 0 ? v
                : cx.builder().op("reshape").input("x", v).input("shape", TensorValue.ofInts(Shape.of(0))).output();
        return ElementwiseReaders.truth(cx, s);
    }

    private static void branch(NeuralNetworkLayer l, ReadContext cx) {
        NeuralNetwork yes = l.getBranch().getIfBranch();
        NeuralNetwork no = l.getBranch().getElseBranch();
        Set<String> a = written(yes);
        Set<String> b = written(no);
        List<String> results = new ArrayList<>();
        for (String name : union(a, b)) {
            if (cx.has(name) || (a.contains(name) && b.contains(name))) {
                results.add(name);
            }
        }
        Var pred = predicate(cx, cx.in(0));
        List<Var> out = cx.builder().op("cond").name(l.getName()).input("pred", pred)
                .block(Map.of(), (inner, ins) -> blobs(readNested(yes, cx, inner), results))
                .block(Map.of(), (inner, ins) -> blobs(readNested(no, cx, inner), results)).outputs();
        for (int i = 0; i < results.size(); i++) {
            cx.define(results.get(i), out.get(i));
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new LinkedHashSet<>(a);
        u.addAll(b);
        return u;
    }

    private static List<Var> blobs(ReadContext cx, List<String> names) {
        List<Var> out = new ArrayList<>(names.size());
        for (String n : names) {
            out.add(cx.blob(n));
        }
        return out;
    }

    private static void loop(NeuralNetworkLayer l, ReadContext cx) {
        LoopLayerParams p = l.getLoop();
        boolean hasCondition = !p.getConditionVar().isEmpty();
        long max = p.getMaxLoopIterations();
        if (!hasCondition && max == 0) {
            throw new ReaderException("has neither a condition nor a maximum number of iterations");
        }
        List<String> state = new ArrayList<>();
        for (String name : union(written(p.getConditionNetwork()), written(p.getBodyNetwork()))) {
            if (cx.has(name)) {
                state.add(name);
            }
        }
        List<Var> init = new ArrayList<>(blobs(cx, state));
        boolean counted = max > 0;
        if (counted) {
            init.add(cx.builder().constant(TensorValue.scalar(0), l.getName() + "_iteration"));
        }
        Map<String, ValueType> types = new LinkedHashMap<>();
        for (int i = 0; i < init.size(); i++) {
            types.put(l.getName() + "_state_" + i, init.get(i).type());
        }
        List<Var> out = cx.builder().op("while_loop").name(l.getName()).inputs("loop_vars", init)
                .block(types, (inner, ins) -> {
                    ReadContext c = bind(cx.nested(inner), state, ins);
                    c = readNested(p.getConditionNetwork(), c, inner);
                    Var go = hasCondition ? predicate(c, c.blob(p.getConditionVar())) : null;
                    if (counted) {
                        Var below = inner.op("less").input("x", ins.get(ins.size() - 1))
                                .input("y", TensorValue.scalar((int) max)).output();
                        go = go == null ? below : inner.op("logical_and").input("x", go).input("y", below).output();
                    }
                    return List.of(go);
                })
                .block(types, (inner, ins) -> {
                    ReadContext c = readNested(p.getBodyNetwork(), bind(cx.nested(inner), state, ins), inner);
                    List<Var> next = new ArrayList<>(blobs(c, state));
                    if (counted) {
                        next.add(inner.op("add").input("x", ins.get(ins.size() - 1)).input("y", TensorValue.scalar(1))
                                .output());
                    }
                    return next;
                }).outputs();
        for (int i = 0; i < state.size(); i++) {
            cx.define(state.get(i), out.get(i));
        }
    }

    private static ReadContext bind(ReadContext cx, List<String> state, List<Var> ins) {
        for (int i = 0; i < state.size(); i++) {
            cx.define(state.get(i), ins.get(i));
        }
        return cx;
    }
}
