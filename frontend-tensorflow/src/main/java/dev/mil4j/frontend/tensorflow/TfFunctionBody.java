package dev.mil4j.frontend.tensorflow;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;

/**
 * The body of a function of a graph's function library ({@code FunctionDef}) as nodes in graph form: an input
 * {@code arg} names argument {@code arg}, an input {@code node:out_arg:i} becomes {@code node:k} with {@code k} the
 * flat output index (output arg {@code out_arg} of the node's op, element {@code i}), and the outputs are the
 * {@code ret} tensors in the order of the signature's output args.
 *
 * @param name the function's name
 * @param args the argument names, in order
 * @param nodes the body's nodes by name, in the body's order
 * @param outputs the tensor each output arg returns, in order
 */
record TfFunctionBody(String name, List<String> args, Map<String, TfNode> nodes, List<TfNode.Ref> outputs) {
    /**
     * The output args of the multi-output ops, in order (each one tensor). An op not listed is taken to have one
     * output arg (a single tensor or a list such as {@code Split}'s or {@code If}'s), so its element index is the
     * flat index.
     */
    private static final Map<String, List<String>> OUTPUT_ARGS = Map.of(
            "TopKV2", List.of("values", "indices"),
            "TopK", List.of("values", "indices"),
            "FusedBatchNorm", List.of("y", "batch_mean", "batch_variance", "reserve_space_1", "reserve_space_2"),
            "FusedBatchNormV3", List.of("y", "batch_mean", "batch_variance", "reserve_space_1", "reserve_space_2",
                    "reserve_space_3"),
            "Unique", List.of("y", "idx"),
            "UniqueWithCounts", List.of("y", "idx", "count"));

    TfFunctionBody {
        requireNonNull(name, "name is null");
        args = List.copyOf(args);
        nodes = new LinkedHashMap<>(nodes);
        outputs = List.copyOf(outputs);
    }

    /** The body of {@code f}; an error naming the function and the node when a reference is malformed. */
    static TfFunctionBody of(FunctionDef f, String file) {
        OpDef sig = f.getSignature();
        String name = sig.getName();
        List<String> args = sig.getInputArgList().stream().map(OpDef.ArgDef::getName).toList();
        Map<String, NodeDef> defs = new LinkedHashMap<>();
        for (NodeDef n : f.getNodeDefList()) {
            if (args.contains(n.getName()) || defs.putIfAbsent(n.getName(), n) != null) {
                throw error(name, file, "has two nodes (or a node and an argument) named `" + n.getName() + "`");
            }
        }
        Map<String, TfNode> nodes = new LinkedHashMap<>();
        for (NodeDef n : defs.values()) {
            NodeDef.Builder b = n.toBuilder().clearInput();
            for (String in : n.getInputList()) {
                b.addInput(in.startsWith("^") ? in : ref(name, file, defs, args, in, n.getName()).toString());
            }
            nodes.put(n.getName(), new TfNode(b.build()));
        }
        List<TfNode.Ref> outputs = new ArrayList<>();
        for (OpDef.ArgDef out : sig.getOutputArgList()) {
            String ret = f.getRetMap().get(out.getName());
            if (ret == null) {
                throw error(name, file, "returns nothing for its output `" + out.getName() + "`");
            }
            outputs.add(ref(name, file, defs, args, ret, "output " + out.getName()));
        }
        return new TfFunctionBody(name, args, nodes, outputs);
    }

    /** The function a node's attribute names ({@code then_branch}, {@code body}, ...), if it is a function. */
    static java.util.Optional<String> functionAttr(TfNode n, String attr) {
        return n.attr(attr).filter(a -> a.getValueCase() == AttrValue.ValueCase.FUNC).map(a -> a.getFunc().getName());
    }

    /** Every function a node's attributes name. */
    static List<String> functionsOf(TfNode n) {
        List<String> out = new ArrayList<>();
        for (AttrValue a : n.def().getAttrMap().values()) {
            if (a.getValueCase() == AttrValue.ValueCase.FUNC) {
                out.add(a.getFunc().getName());
            } else if (a.getValueCase() == AttrValue.ValueCase.LIST) {
                a.getList().getFuncList().forEach(f -> out.add(f.getName()));
            }
        }
        return out;
    }

    /** {@code arg}, {@code node:out_arg:i} (or {@code node}, output 0) as a graph-form reference. */
    private static TfNode.Ref ref(String fn, String file, Map<String, NodeDef> defs, List<String> args, String text,
            String user) {
        String[] parts = text.split(":", -1);
        if (parts.length == 1) {
            if (args.contains(text) || defs.containsKey(text)) {
                return new TfNode.Ref(text, 0);
            }
        } else if (parts.length == 3 && defs.containsKey(parts[0]) && parts[2].matches("[0-9]{1,6}")) {
            int element = Integer.parseInt(parts[2]);
            List<String> outs = OUTPUT_ARGS.get(defs.get(parts[0]).getOp());
            if (outs == null) {
                return new TfNode.Ref(parts[0], element);
            }
            int arg = outs.indexOf(parts[1]);
            if (arg >= 0 && element == 0) {
                return new TfNode.Ref(parts[0], arg);
            }
        } else if (parts.length == 2 && args.contains(parts[0]) && parts[1].equals("0")) {
            return new TfNode.Ref(parts[0], 0);
        }
        throw error(fn, file, "refers to `" + text + "` (in `" + user + "`), which names no argument and no output "
                + "of a node of the function");
    }

    private static ConversionException error(String fn, String file, String message) {
        return new ConversionException(Diagnostic.error("function `" + fn + "` of TensorFlow graph " + file + " "
                + message).withHint("the function library is malformed; export the graph again"));
    }
}
