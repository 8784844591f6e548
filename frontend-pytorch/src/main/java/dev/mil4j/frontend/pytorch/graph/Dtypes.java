package dev.mil4j.frontend.pytorch.graph;

import dev.mil4j.core.types.DType;
import dev.mil4j.frontend.pytorch.archive.TorchDType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The element types of values while the graph is built, as PyTorch's dtype codes ({@code torch.float32} is 6), where
 * they follow from the graph inputs' types, the tensors' storages and the ops between: so that scripted code's dtype
 * checks ({@code query.dtype != self.in_proj_bias.dtype} in {@code nn.MultiheadAttention}'s fast-path test,
 * {@code torch.is_floating_point(mask)}) fold while the graph is built, and the values those checks choose between
 * (strings, flags, tuples) stay known. An op not listed here gives a value of unknown dtype.
 */
final class Dtypes {
    static final long BOOL = 11;
    /** Ops whose output has the dtype of their first input. */
    private static final Set<String> SAME = Set.of("relu", "gelu", "sigmoid", "tanh", "silu", "hardswish",
            "gru_cell", "hardsigmoid", "dropout", "layer_norm", "batch_norm", "group_norm", "instance_norm", "softmax",
            "log_softmax", "contiguous", "clone", "detach", "neg", "transpose", "permute", "reshape", "view", "flatten",
            "squeeze", "unsqueeze", "select", "slice", "expand", "_convolution", "conv1d", "conv2d", "conv3d",
            "linear", "hardtanh", "relu6", "leaky_relu", "elu", "masked_fill", "max_pool2d", "avg_pool2d",
            "adaptive_avg_pool2d", "upsample_bilinear2d", "upsample_nearest2d", "pad", "constant_pad_nd", "roll",
            "sqrt", "exp", "erf", "abs", "matmul", "bmm", "baddbmm", "addmm", "mm", "t", "narrow", "repeat",
            "scaled_dot_product_attention", "_native_multi_head_attention", "_transformer_encoder_layer_fwd",
            "embedding_dense", "mean", "amax", "amin", "stack", "cat");
    /** Elementwise ops of two operands: the dtype both share. */
    private static final Set<String> BINARY = Set.of("add", "sub", "mul", "div", "maximum", "minimum", "pow",
            "remainder", "where", "floor_divide");
    private static final Set<String> COMPARISONS = Set.of("eq", "ne", "lt", "le", "gt", "ge", "isfinite", "isnan",
            "isinf", "logical_not", "logical_and", "logical_or", "__and__", "__or__");

    private final Map<String, Long> codes = new HashMap<>();

    void set(String name, long code) {
        codes.put(name, code);
    }

    /** The PyTorch dtype code of a value, when known. */
    Optional<Long> of(TorchValue v) {
        if (v instanceof TorchValue.Ref r) {
            return Optional.ofNullable(codes.get(r.name()));
        }
        if (v instanceof TorchValue.Sequence s && !s.items().isEmpty()) {
            return of(s.items().get(0)); // the tensors of a list given to cat or stack
        }
        return Optional.empty();
    }

    /** Records the dtype of a one-output node's output, when it follows from its inputs. */
    void infer(TorchNode node) {
        if (node.inputs().isEmpty()) {
            return;
        }
        if (Ranks.PIECES.contains(node.kind())) { // every piece has the dtype of the whole
            of(node.inputs().get(0)).ifPresent(c -> node.outputs().forEach(o -> codes.put(o, c)));
            return;
        }
        if (node.kind().equals(Ranks.ATTENTION) && !node.outputs().isEmpty()) {
            of(node.inputs().get(0)).ifPresent(c -> codes.put(node.outputs().get(0), c));
            return;
        }
        if (node.outputs().size() != 1) {
            return;
        }
        String op = node.kind().substring(node.kind().indexOf("::") + 2);
        if (op.endsWith("_") && !op.endsWith("__")) {
            op = op.substring(0, op.length() - 1); // in-place forms keep their input's dtype
        }
        List<TorchValue> in = node.inputs();
        Optional<Long> code = Optional.empty();
        if (COMPARISONS.contains(op)) {
            code = Optional.of(BOOL);
        } else if (SAME.contains(op)) {
            code = of(in.get(0));
        } else if (BINARY.contains(op) && in.size() >= 2) {
            code = binary(op, op.equals("where") ? in.subList(1, 3) : in);
        }
        code.ifPresent(c -> codes.put(node.outputs().get(0), c));
    }

    /**
     * Two operands' result type where PyTorch's promotion is plain: equal types; a float tensor with an integer one
     * or a number gives the float; true division of integers gives float32. Else unknown.
     */
    private Optional<Long> binary(String op, List<TorchValue> in) {
        if (in.size() < 2) {
            return Optional.empty();
        }
        Optional<Long> a = of(in.get(0));
        Optional<Long> b = in.get(1) instanceof TorchValue.Literal l
                ? (l.value() instanceof Double ? Optional.of(6L) : a) : of(in.get(1));
        if (a.isPresent() && isFloating(a.get()) && b.isEmpty()) {
            return a; // a float tensor with a number the model computes (q / sqrt(E)): the tensor's type
        }
        if (a.isEmpty() || b.isEmpty()) {
            return Optional.empty();
        }
        long x = a.get();
        long y = b.get();
        if (isFloating(x) || isFloating(y)) {
            if (isFloating(x) && isFloating(y) && x != y) {
                return Optional.empty(); // mixed float widths: left to PyTorch's table
            }
            return Optional.of(isFloating(x) ? x : in.get(1) instanceof TorchValue.Literal ? 6L : y);
        }
        if (op.equals("div")) {
            return Optional.of(6L);
        }
        return x == y ? Optional.of(x) : Optional.empty();
    }

    /** The PyTorch dtype code of a MIL input type: int32 stands for PyTorch's int64 (code 4), as in conversion. */
    static Optional<Long> code(DType dtype) {
        return Optional.ofNullable(switch (dtype) {
            case FP32 -> 6L;
            case FP16 -> 5L;
            case FP64 -> 7L;
            case INT32, INT64 -> 4L;
            case INT16 -> 2L;
            case INT8 -> 1L;
            case UINT8 -> 0L;
            case BOOL -> BOOL;
            default -> null;
        });
    }

    /** The PyTorch dtype code of a stored tensor's element type. */
    static long code(TorchDType dtype) {
        return switch (dtype) {
            case BYTE -> 0;
            case CHAR -> 1;
            case SHORT -> 2;
            case INT -> 3;
            case LONG -> 4;
            case HALF -> 5;
            case FLOAT -> 6;
            case DOUBLE -> 7;
            case BOOL -> BOOL;
            case BFLOAT16 -> 15;
        };
    }

    /** Whether a dtype code is a floating-point type (half, float, double, bfloat16). */
    static boolean isFloating(long code) {
        return code == 5 || code == 6 || code == 7 || code == 15;
    }
}
