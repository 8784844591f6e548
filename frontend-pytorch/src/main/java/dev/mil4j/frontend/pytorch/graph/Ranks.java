package dev.mil4j.frontend.pytorch.graph;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The ranks of values while the graph is built, where they follow from the graph inputs' shapes and the tensors' sizes
 * through ops whose output rank is a simple function of their inputs: so that {@code torch.dim(y)} of a value computed
 * inside the model (a layer's input checked by the code, as {@code nn.MultiheadAttention} checks {@code query})
 * folds. An op not listed here gives a value of unknown rank.
 */
final class Ranks {
    /** Ops whose output has the rank of their first input. */
    private static final Set<String> SAME = Set.of("relu", "relu_", "gelu", "sigmoid", "tanh", "silu", "hardswish",
            "hardsigmoid", "dropout", "dropout_", "layer_norm", "batch_norm", "group_norm", "softmax", "log_softmax",
            "contiguous", "clone", "detach", "neg", "transpose", "_convolution", "conv1d", "conv2d", "conv3d", "linear",
            "hardtanh", "relu6", "leaky_relu", "elu", "to", "type_as", "masked_fill", "scaled_dot_product_attention",
            "max_pool2d", "avg_pool2d", "adaptive_avg_pool2d", "upsample_bilinear2d", "upsample_nearest2d", "pad",
            "constant_pad_nd", "roll", "cumsum", "sqrt", "exp", "erf", "abs", "_transformer_encoder_layer_fwd",
            "instance_norm", "softplus", "mish", "log_sigmoid", "clamp", "clamp_min", "clamp_max", "reciprocal",
            "rsqrt", "log", "sin", "cos", "floor", "ceil", "round", "sign", "flip", "bmm", "baddbmm", "max_pool1d",
            "max_pool3d", "avg_pool1d", "avg_pool3d", "adaptive_avg_pool1d", "adaptive_avg_pool3d",
            "upsample_bicubic2d", "pixel_shuffle", "channel_shuffle", "logical_not", "isfinite", "isnan", "isinf",
            "masked_fill_", "fill_", "copy_", "zero_", "to_padded_tensor", "gru_cell", "rnn_tanh_cell");
    /** Elementwise ops with broadcasting: the largest rank of their tensor inputs. */
    private static final Set<String> BROADCAST = Set.of("add", "add_", "sub", "sub_", "mul", "mul_", "div", "div_",
            "pow", "maximum", "minimum", "where", "eq", "ne", "lt", "le", "gt", "ge", "matmul");

    /** Ops that split a tensor into pieces of its rank (several outputs). */
    static final Set<String> PIECES = Set.of("aten::chunk", "aten::split", "aten::split_with_sizes",
            "aten::tensor_split", "aten::lstm_cell");

    /** The eval fast path of nn.MultiheadAttention: its first output is shaped as the query. */
    static final String ATTENTION = "aten::_native_multi_head_attention";

    /** Ops that give a Python number. */
    private static final Set<String> NUMBERS = Set.of("Int", "Float", "Bool", "len", "dim", "numel", "ScalarImplicit");

    private final Map<String, Integer> ranks = new HashMap<>();

    void set(String name, int rank) {
        ranks.put(name, rank);
    }

    Optional<Integer> of(TorchValue v) {
        if (v instanceof TorchValue.Ref r) {
            return Optional.ofNullable(ranks.get(r.name()));
        }
        if (v instanceof TorchValue.Literal l && (l.value() instanceof Number || l.value() instanceof Boolean)) {
            return Optional.of(0);
        }
        return Optional.empty();
    }

    /** Records the rank of a one-output node's output, when it follows from its inputs. */
    /** Records that a value is a Python number (an item of a size list), of rank 0. */
    void number(String name) {
        ranks.put(name, 0);
    }

    void infer(TorchNode node) {
        if (node.inputs().isEmpty()) {
            return;
        }
        if (PIECES.contains(node.kind())) {
            of(node.inputs().get(0)).ifPresent(r -> node.outputs().forEach(o -> ranks.put(o, r)));
            return;
        }
        if (node.kind().equals(ATTENTION) && !node.outputs().isEmpty()) {
            of(node.inputs().get(0)).ifPresent(r -> ranks.put(node.outputs().get(0), r));
            return;
        }
        if (node.outputs().size() != 1) {
            return;
        }
        String op = node.kind().substring(node.kind().indexOf("::") + 2);
        List<TorchValue> in = node.inputs();
        Optional<Integer> first = of(in.get(0));
        Optional<Integer> rank = Optional.empty();
        if (SAME.contains(op)) {
            rank = first;
        } else if (BROADCAST.contains(op)) {
            int max = -1;
            for (TorchValue v : in.subList(0, Math.min(2, in.size()))) {
                Optional<Integer> r = of(v);
                if (r.isEmpty()) {
                    return;
                }
                max = Math.max(max, r.get());
            }
            rank = Optional.of(max);
        } else if ((op.equals("reshape") || op.equals("view") || op.equals("expand")) && in.size() > 1
                && in.get(1) instanceof TorchValue.Sequence s) {
            rank = Optional.of(s.items().size());
        } else if (op.equals("permute") && in.size() > 1 && in.get(1) instanceof TorchValue.Sequence s) {
            rank = Optional.of(s.items().size());
        } else if (op.equals("cat") && in.get(0) instanceof TorchValue.Sequence s && !s.items().isEmpty()) {
            rank = of(s.items().get(0));
        } else if (op.equals("unsqueeze")) {
            rank = first.map(r -> r + 1);
        } else if (op.equals("select")) {
            rank = first.filter(r -> r > 0).map(r -> r - 1);
        } else if (op.equals("slice")) {
            rank = first;
        } else if (NUMBERS.contains(op) || op.equals("size") && in.size() == 2) {
            rank = Optional.of(0); // a number the model computes: a dim's size, a count
        }
        rank.ifPresent(r -> ranks.put(node.outputs().get(0), r));
    }
}
