package dev.mil4j.frontend.tensorflow;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Freezes the variables of a SavedModel graph: each variable node the outputs need ({@code VariableV2},
 * {@code Variable}, {@code VarHandleOp}) becomes a {@code Const} holding the value its checkpoint saved. Reads of a
 * resource variable ({@code ReadVariableOp}, {@code ResourceGather}) then read that constant (see their
 * translations), also inside function bodies that receive the handle as an argument.
 *
 * <p>A variable's checkpoint key is found the way TensorFlow restores it: the graph's {@code RestoreV2} nodes name
 * the saved tensors ({@code tensor_names}) and each of their outputs is assigned ({@code Assign},
 * {@code AssignVariableOp}) to one variable. A variable that no restore op assigns is looked up under its
 * {@code shared_name} or, without one, its node name.
 */
final class TfVariableFreezer {
    /** The ops that hold a variable. */
    static final Set<String> VARIABLES = Set.of("VariableV2", "Variable", "VarHandleOp");

    private TfVariableFreezer() {
    }

    /**
     * The graph with {@code variables} (node names) replaced by constants read from {@code checkpoint}; every
     * problem (a variable the checkpoint lacks, a corrupt tensor, a dtype or shape that does not match the
     * variable's) is listed in one error.
     */
    static GraphDef freeze(GraphDef graph, Collection<String> variables, TfCheckpoint checkpoint, String file) {
        Map<String, String> keys = restoreKeys(graph);
        Map<String, NodeDef> byName = new HashMap<>();
        graph.getNodeList().forEach(n -> byName.put(n.getName(), n));
        Map<String, NodeDef> frozen = new LinkedHashMap<>();
        List<Diagnostic> problems = new ArrayList<>();
        for (String name : variables) {
            NodeDef var = byName.get(name);
            String key = keys.getOrDefault(name, Optional.ofNullable(var.getAttrMap().get("shared_name"))
                    .map(a -> a.getS().toStringUtf8()).filter(s -> !s.isEmpty()).orElse(name));
            try {
                TensorProto value = checkpoint.tensor(key);
                String mismatch = mismatch(var, value);
                if (mismatch != null) {
                    problems.add(Diagnostic.error("variable `" + name + "` (" + var.getOp() + ") of TensorFlow "
                            + "SavedModel " + file + " " + mismatch + ", but its checkpoint tensor `" + key
                            + "` has dtype " + TfTensors.name(value.getDtype()) + " and shape "
                            + shapeText(value.getTensorShape())).withHint("the variables/ folder belongs to another "
                            + "model; export the SavedModel again"));
                    continue;
                }
                frozen.put(name, NodeDef.newBuilder().setName(name).setOp("Const")
                        .putAttr("dtype", AttrValue.newBuilder().setType(value.getDtype()).build())
                        .putAttr("value", AttrValue.newBuilder().setTensor(value).build()).build());
            } catch (TfCheckpoint.CheckpointException e) {
                problems.add(Diagnostic.error("cannot freeze variable `" + name + "` (" + var.getOp() + ") of "
                        + "TensorFlow SavedModel " + file + ": " + e.getMessage()).withHint("export the SavedModel "
                        + "again, or copy its variables/ folder completely"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConversionException(problems);
        }
        GraphDef.Builder out = graph.toBuilder().clearNode();
        for (NodeDef n : graph.getNodeList()) {
            out.addNode(frozen.getOrDefault(n.getName(), n));
        }
        return out.build();
    }

    /** Why the variable's declared dtype or shape differs from the saved tensor's, or null when they agree. */
    private static String mismatch(NodeDef var, TensorProto value) {
        AttrValue dtype = var.getAttrMap().get("dtype");
        if (dtype != null && dtype.getType() != DataType.DT_INVALID && dtype.getType() != value.getDtype()) {
            return "has dtype " + TfTensors.name(dtype.getType());
        }
        AttrValue shape = var.getAttrMap().get("shape");
        if (shape != null && shape.hasShape() && !shape.getShape().getUnknownRank()) {
            TensorShapeProto s = shape.getShape();
            TensorShapeProto v = value.getTensorShape();
            boolean same = s.getDimCount() == v.getDimCount();
            for (int i = 0; same && i < s.getDimCount(); i++) {
                same = s.getDim(i).getSize() < 0 || s.getDim(i).getSize() == v.getDim(i).getSize();
            }
            if (!same) {
                return "has shape " + shapeText(s);
            }
        }
        return null;
    }

    private static String shapeText(TensorShapeProto s) {
        return s.getDimList().stream().map(d -> String.valueOf(d.getSize()))
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    /**
     * Variable node name to checkpoint key, from the graph's restore ops, also those in functions the graph calls
     * (TensorFlow 2 restores inside a function that gets the variables' handles as arguments).
     */
    static Map<String, String> restoreKeys(GraphDef graph) {
        Map<String, org.tensorflow.proto.FunctionDef> library = new HashMap<>();
        graph.getLibrary().getFunctionList().forEach(f -> library.put(f.getSignature().getName(), f));
        Map<String, String> keys = new HashMap<>();
        Map<String, NodeDef> byName = new LinkedHashMap<>();
        graph.getNodeList().forEach(n -> byName.put(n.getName(), n));
        scan(byName, Map.of(), library, keys, 0, "graph");
        return keys;
    }

    /**
     * Finds the assignments of restored tensors in one scope (the graph, or a function body whose arguments
     * {@code outer} maps to the graph's variables) and in the functions its call nodes call.
     */
    private static void scan(Map<String, NodeDef> byName, Map<String, String> outer,
            Map<String, org.tensorflow.proto.FunctionDef> library, Map<String, String> keys, int depth, String file) {
        if (depth > 8) {
            return;
        }
        for (NodeDef n : byName.values()) {
            if ((n.getOp().equals("Assign") || n.getOp().equals("AssignVariableOp")) && n.getInputCount() >= 2) {
                String variable = variable(byName, outer, TfNode.Ref.parse(n.getInput(0)), depth);
                String key = restoredKey(byName, TfNode.Ref.parse(n.getInput(1)));
                if (variable != null && key != null) {
                    keys.putIfAbsent(variable, key);
                }
            }
            if ((n.getOp().equals("StatefulPartitionedCall") || n.getOp().equals("PartitionedCall"))
                    && n.getAttrMap().containsKey("f")) {
                var f = library.get(n.getAttrMap().get("f").getFunc().getName());
                if (f == null) {
                    continue;
                }
                TfFunctionBody body;
                try {
                    body = TfFunctionBody.of(f, file);
                } catch (RuntimeException e) {
                    continue; // a malformed function: the translation reports it if it is needed
                }
                Map<String, String> args = new HashMap<>();
                List<String> inputs = n.getInputList().stream().filter(i -> !i.startsWith("^")).toList();
                for (int i = 0; i < Math.min(inputs.size(), body.args().size()); i++) {
                    String v = variable(byName, outer, TfNode.Ref.parse(inputs.get(i)), depth);
                    if (v != null) {
                        args.put(body.args().get(i), v);
                    }
                }
                if (!args.isEmpty()) {
                    Map<String, NodeDef> inner = new LinkedHashMap<>();
                    body.nodes().forEach((k, v) -> inner.put(k, v.def()));
                    scan(inner, args, library, keys, depth + 1, file);
                }
            }
        }
    }

    /** The graph variable a reference in a scope stands for: a variable node of the graph, or an argument. */
    private static String variable(Map<String, NodeDef> byName, Map<String, String> outer, TfNode.Ref ref,
            int depth) {
        TfNode.Ref r = source(byName, ref);
        NodeDef n = byName.get(r.node());
        if (n == null) {
            return outer.get(r.node());
        }
        return depth == 0 && VARIABLES.contains(n.getOp()) ? n.getName() : null;
    }

    /** The checkpoint key of a tensor that a RestoreV2 of the same scope restored, or null. */
    private static String restoredKey(Map<String, NodeDef> byName, TfNode.Ref ref) {
        TfNode.Ref value = source(byName, ref);
        NodeDef restore = byName.get(value.node());
        if (restore == null || !restore.getOp().equals("RestoreV2") || restore.getInputCount() < 2) {
            return null;
        }
        NodeDef names = byName.get(source(byName, TfNode.Ref.parse(restore.getInput(1))).node());
        if (names == null || !names.getOp().equals("Const") || !names.getAttrMap().containsKey("value")) {
            return null;
        }
        try {
            TensorProto t = names.getAttrMap().get("value").getTensor();
            long count = 1;
            for (var d : t.getTensorShape().getDimList()) {
                count *= Math.max(0, d.getSize());
            }
            List<String> strings = TfTensors.strings(t, (int) Math.min(count, TfTable.MAX_ENTRIES));
            return value.index() < strings.size() ? strings.get(value.index()) : null;
        } catch (IllegalArgumentException e) {
            return null; // not a list of names: the variable is looked up under its own name
        }
    }

    /** Follows {@code Identity} nodes back to the tensor they pass on. */
    private static TfNode.Ref source(Map<String, NodeDef> byName, TfNode.Ref ref) {
        TfNode.Ref r = ref;
        for (int hops = 0; hops < 100; hops++) {
            NodeDef n = byName.get(r.node());
            if (n == null || !n.getOp().equals("Identity") || n.getInputCount() == 0
                    || n.getInput(0).startsWith("^")) {
                return r;
            }
            r = TfNode.Ref.parse(n.getInput(0));
        }
        return r;
    }
}
