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

    /** Variable node name to checkpoint key, from the graph's restore ops. */
    static Map<String, String> restoreKeys(GraphDef graph) {
        Map<String, NodeDef> byName = new HashMap<>();
        graph.getNodeList().forEach(n -> byName.put(n.getName(), n));
        Map<String, String> keys = new HashMap<>();
        for (NodeDef n : graph.getNodeList()) {
            if (!n.getOp().equals("Assign") && !n.getOp().equals("AssignVariableOp") || n.getInputCount() < 2) {
                continue;
            }
            TfNode.Ref value = source(byName, TfNode.Ref.parse(n.getInput(1)));
            NodeDef restore = byName.get(value.node());
            if (restore == null || !restore.getOp().equals("RestoreV2") || restore.getInputCount() < 2) {
                continue;
            }
            NodeDef names = byName.get(source(byName, TfNode.Ref.parse(restore.getInput(1))).node());
            if (names == null || !names.getOp().equals("Const") || !names.getAttrMap().containsKey("value")) {
                continue;
            }
            List<String> strings;
            try {
                TensorProto t = names.getAttrMap().get("value").getTensor();
                long count = 1;
                for (var d : t.getTensorShape().getDimList()) {
                    count *= Math.max(0, d.getSize());
                }
                strings = TfTensors.strings(t, (int) Math.min(count, TfTable.MAX_ENTRIES));
            } catch (IllegalArgumentException e) {
                continue; // not a list of names: the variable is looked up under its own name
            }
            if (value.index() < strings.size()) {
                keys.put(TfNode.Ref.parse(n.getInput(0)).node(), strings.get(value.index()));
            }
        }
        return keys;
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
