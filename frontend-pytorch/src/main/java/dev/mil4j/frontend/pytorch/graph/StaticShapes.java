package dev.mil4j.frontend.pytorch.graph;

import static dev.mil4j.frontend.pytorch.graph.ShapeArgs.axis;
import static dev.mil4j.frontend.pytorch.graph.ShapeArgs.bound;
import static dev.mil4j.frontend.pytorch.graph.ShapeArgs.ints;
import static dev.mil4j.frontend.pytorch.graph.ShapeArgs.matmul;
import static dev.mil4j.frontend.pytorch.graph.ShapeArgs.number;
import static dev.mil4j.frontend.pytorch.graph.ShapeArgs.pair;
import static dev.mil4j.frontend.pytorch.graph.ShapeArgs.reshape;
import static dev.mil4j.frontend.pytorch.graph.ShapeArgs.truthy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The sizes of values while the graph is built, where every dim is known: from the graph inputs' static shapes and
 * the tensors' sizes through ops whose output shape is a plain function of their inputs' shapes and their literal
 * arguments (elementwise ops with broadcasting, views and permutations, {@code linear}, {@code matmul}, 2-d
 * convolutions and pools, {@code cat}, {@code pad}, ...). Scripted code reads sizes of values it computed
 * ({@code B, H, W, C = x.shape} in swin's shifted-window attention, then {@code if pad_H > 0}, list items set under
 * conditions): with them known such code folds while the graph is built, as tracing would have decided it. An op
 * not listed here, or an argument known only when the model runs, gives a value of unknown sizes.
 */
final class StaticShapes {
    /** Ops whose output has the shape of their first input. */
    private static final Set<String> SAME = Set.of("relu", "gelu", "sigmoid", "tanh", "silu", "hardswish",
            "hardsigmoid", "dropout", "layer_norm", "batch_norm", "group_norm", "instance_norm", "softmax",
            "log_softmax", "contiguous", "clone", "detach", "neg", "hardtanh", "relu6", "leaky_relu", "elu", "to",
            "type_as", "roll", "cumsum", "sqrt", "rsqrt", "exp", "log", "erf", "abs", "clamp", "clamp_min",
            "clamp_max", "reciprocal", "sin", "cos", "floor", "ceil", "round", "sign", "flip", "softplus", "mish",
            "fill", "copy", "zero", "logical_not", "isfinite", "isnan", "isinf", "zeros_like", "ones_like",
            "full_like", "bitwise_not", "_transformer_encoder_layer_fwd", "channel_shuffle", "stochastic_depth");
    /** Elementwise ops of several tensors: their broadcast shape. */
    private static final Set<String> BROADCAST = Set.of("add", "sub", "mul", "div", "pow", "maximum", "minimum",
            "where", "eq", "ne", "lt", "le", "gt", "ge", "masked_fill", "logical_and", "logical_or", "__and__",
            "__or__", "remainder", "floor_divide", "atan2");

    private static final long UINT8 = 0;

    private final Map<String, long[]> shapes = new HashMap<>();

    void set(String name, long[] sizes) {
        shapes.put(name, sizes.clone());
    }

    /** The sizes of a value, when all are known: a named tensor's, or none for a number literal. */
    Optional<long[]> of(TorchValue v) {
        if (v instanceof TorchValue.Ref r) {
            return Optional.ofNullable(shapes.get(r.name())).map(long[]::clone);
        }
        if (v instanceof TorchValue.Literal l && (l.value() instanceof Number || l.value() instanceof Boolean)) {
            return Optional.of(new long[0]);
        }
        return Optional.empty();
    }

    /** Records the shapes of a node's outputs, when they follow from its inputs. */
    void infer(TorchNode node, Ranks ranks, Dtypes dtypes) {
        if (node.inputs().isEmpty()) {
            return;
        }
        String op = node.kind().substring(node.kind().indexOf("::") + 2);
        if (op.endsWith("_") && !op.endsWith("__")) {
            op = op.substring(0, op.length() - 1);
        }
        List<TorchValue> in = node.inputs();
        try {
            if (Ranks.PIECES.contains(node.kind())) {
                pieces(op, in, node.outputs());
            } else if (node.kind().equals(Ranks.ATTENTION) && !node.outputs().isEmpty()) {
                of(in.get(0)).ifPresent(s -> shapes.put(node.outputs().get(0), s));
            } else if (node.outputs().size() == 1) {
                infer(op, in, ranks, dtypes).ifPresent(s -> shapes.put(node.outputs().get(0), s));
            }
        } catch (RuntimeException e) {
            // arguments of another form than these rules read (a keyword, a symbolic size): sizes unknown
        }
    }

    private Optional<long[]> infer(String op, List<TorchValue> in, Ranks ranks, Dtypes dtypes) {
        Optional<long[]> first = of(in.get(0));
        if (SAME.contains(op)) {
            return first;
        }
        if (BROADCAST.contains(op)) {
            return broadcast(in.subList(0, op.equals("where") ? Math.min(3, in.size()) : Math.min(2, in.size())),
                    ranks);
        }
        if (first.isEmpty()) {
            return op.equals("cat") || op.equals("stack") ? join(op, in) : Optional.empty();
        }
        long[] x = first.get();
        int r = x.length;
        switch (op) {
            case "transpose" -> {
                int a = axis(in.get(1), r);
                int b = axis(in.get(2), r);
                long t = x[a];
                x[a] = x[b];
                x[b] = t;
                return Optional.of(x);
            }
            case "t" -> {
                return r < 2 ? Optional.of(x) : Optional.of(new long[] {x[1], x[0]});
            }
            case "permute" -> {
                List<Long> p = ints(in.get(1)).orElseThrow();
                long[] y = new long[r];
                for (int i = 0; i < r; i++) {
                    y[i] = x[axis(TorchValue.of(p.get(i)), r)];
                }
                return Optional.of(y);
            }
            case "reshape", "view" -> {
                return reshape(x, ints(in.get(1)));
            }
            case "flatten" -> {
                int s = in.size() > 1 ? axis(in.get(1), r) : 0;
                int e = in.size() > 2 ? axis(in.get(2), r) : r - 1;
                List<Long> y = new ArrayList<>();
                for (int i = 0; i < s; i++) {
                    y.add(x[i]);
                }
                long p = 1;
                for (int i = s; i <= e; i++) {
                    p *= x[i];
                }
                y.add(p);
                for (int i = e + 1; i < r; i++) {
                    y.add(x[i]);
                }
                return Optional.of(y.stream().mapToLong(Long::longValue).toArray());
            }
            case "unsqueeze" -> {
                int d = axis(in.get(1), r + 1);
                List<Long> y = new ArrayList<>(Arrays.stream(x).boxed().toList());
                y.add(d, 1L);
                return Optional.of(y.stream().mapToLong(Long::longValue).toArray());
            }
            case "squeeze" -> {
                List<Long> y = new ArrayList<>();
                int d = in.size() > 1 ? axis(in.get(1), r) : -1;
                for (int i = 0; i < r; i++) {
                    if (!(x[i] == 1 && (d < 0 || d == i))) {
                        y.add(x[i]);
                    }
                }
                return Optional.of(y.stream().mapToLong(Long::longValue).toArray());
            }
            case "select" -> {
                int d = axis(in.get(1), r);
                long[] y = new long[r - 1];
                for (int i = 0, j = 0; i < r; i++) {
                    if (i != d) {
                        y[j++] = x[i];
                    }
                }
                return Optional.of(y);
            }
            case "slice" -> {
                int d = in.size() > 1 ? axis(in.get(1), r) : 0;
                long n = x[d];
                long start = bound(in.size() > 2 ? in.get(2) : null, 0, n);
                long end = bound(in.size() > 3 ? in.get(3) : null, n, n);
                long step = in.size() > 4 ? number(in.get(4)).orElseThrow() : 1;
                x[d] = end <= start ? 0 : (end - start + step - 1) / step;
                return Optional.of(x);
            }
            case "narrow" -> {
                x[axis(in.get(1), r)] = number(in.get(3)).orElseThrow();
                return Optional.of(x);
            }
            case "expand" -> {
                List<Long> sizes = ints(in.get(1)).orElseThrow();
                long[] y = new long[sizes.size()];
                for (int i = 0; i < y.length; i++) {
                    int k = i - (y.length - r);
                    y[i] = sizes.get(i) == -1 ? x[k] : sizes.get(i);
                }
                return Optional.of(y);
            }
            case "linear" -> {
                long[] w = of(in.get(1)).orElseThrow();
                x[r - 1] = w[0];
                return Optional.of(x);
            }
            case "matmul", "bmm" -> {
                return matmul(x, of(in.get(1)).orElseThrow());
            }
            case "conv2d", "max_pool2d", "avg_pool2d" -> {
                return window(op, x, in);
            }
            case "adaptive_avg_pool2d", "adaptive_max_pool2d" -> {
                List<Long> size = ints(in.get(1)).orElseThrow();
                x[r - 2] = size.get(0);
                x[r - 1] = size.get(size.size() - 1);
                return Optional.of(x);
            }
            case "constant_pad_nd", "pad" -> {
                List<Long> pads = ints(in.get(1)).orElseThrow();
                for (int i = 0; i < pads.size() / 2; i++) {
                    x[r - 1 - i] += pads.get(2 * i) + pads.get(2 * i + 1);
                }
                return Optional.of(x);
            }
            case "expand_as" -> {
                return of(in.get(1));
            }
            case "sum", "mean", "amax", "amin", "norm", "linalg_vector_norm", "prod" -> {
                int at = op.equals("norm") || op.equals("linalg_vector_norm") ? 2 : 1;
                if (in.size() <= at || in.get(at) instanceof TorchValue.Literal l && l.isNone()) {
                    return in.size() <= at ? Optional.of(new long[0]) : Optional.empty();
                }
                List<Long> dims = ints(in.get(at)).or(() -> number(in.get(at)).map(List::of)).orElseThrow();
                boolean keep = in.size() > at + 1 && truthy(in.get(at + 1));
                List<Long> y = new ArrayList<>();
                for (int i = 0; i < r; i++) {
                    final int axis = i;
                    boolean reduced = dims.stream().anyMatch(d -> (d < 0 ? d + r : d) == axis);
                    if (!reduced) {
                        y.add(x[i]);
                    } else if (keep) {
                        y.add(1L);
                    }
                }
                return Optional.of(y.stream().mapToLong(Long::longValue).toArray());
            }
            case "index" -> {
                return index(x, in.get(1), dtypes);
            }
            case "embedding" -> {
                long[] idx = of(in.get(1)).orElseThrow();
                long[] y = Arrays.copyOf(idx, idx.length + 1);
                y[idx.length] = x[1];
                return Optional.of(y);
            }
            case "new_zeros", "new_ones", "new_full", "new_empty" -> {
                return ints(in.get(1)).map(l -> l.stream().mapToLong(Long::longValue).toArray());
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private void pieces(String op, List<TorchValue> in, List<String> outs) {
        Optional<long[]> x = of(in.get(0));
        if (x.isEmpty() || in.size() < 2) {
            return;
        }
        int r = x.get().length;
        int d = in.size() > 2 ? axis(in.get(2), r) : 0;
        long n = x.get()[d];
        List<Long> sizes = new ArrayList<>();
        if (op.equals("chunk")) {
            long each = (n + outs.size() - 1) / outs.size();
            for (long s = 0; s < n; s += each) {
                sizes.add(Math.min(each, n - s));
            }
        } else if (in.get(1) instanceof TorchValue.Sequence) {
            sizes.addAll(ints(in.get(1)).orElse(List.of()));
        } else {
            return;
        }
        if (sizes.size() != outs.size()) {
            return;
        }
        for (int i = 0; i < outs.size(); i++) {
            long[] y = x.get().clone();
            y[d] = sizes.get(i);
            shapes.put(outs.get(i), y);
        }
    }

    private Optional<long[]> broadcast(List<TorchValue> in, Ranks ranks) {
        long[] out = new long[0];
        for (TorchValue v : in) {
            Optional<long[]> s = of(v).or(() -> ranks.of(v).filter(k -> k == 0).map(k -> new long[0]));
            if (s.isEmpty()) {
                return Optional.empty();
            }
            long[] a = s.get();
            int n = Math.max(a.length, out.length);
            long[] y = new long[n];
            for (int i = 0; i < n; i++) {
                long p = i - (n - a.length) >= 0 ? a[i - (n - a.length)] : 1;
                long q = i - (n - out.length) >= 0 ? out[i - (n - out.length)] : 1;
                if (p != q && p != 1 && q != 1) {
                    return Optional.empty();
                }
                y[i] = p == 1 ? q : p;
            }
            out = y;
        }
        return Optional.of(out);
    }

    private Optional<long[]> join(String op, List<TorchValue> in) {
        if (!(in.get(0) instanceof TorchValue.Sequence s) || s.items().isEmpty()) {
            return Optional.empty();
        }
        List<long[]> parts = new ArrayList<>();
        for (TorchValue v : s.items()) {
            Optional<long[]> p = of(v);
            if (p.isEmpty()) {
                return Optional.empty();
            }
            parts.add(p.get());
        }
        long[] y = parts.get(0).clone();
        int r = y.length;
        if (op.equals("stack")) {
            int d = in.size() > 1 ? axis(in.get(1), r + 1) : 0;
            List<Long> out = new ArrayList<>(Arrays.stream(y).boxed().toList());
            out.add(d, (long) parts.size());
            return Optional.of(out.stream().mapToLong(Long::longValue).toArray());
        }
        int d = in.size() > 1 ? axis(in.get(1), r) : 0;
        for (int i = 1; i < parts.size(); i++) {
            y[d] += parts.get(i)[d];
        }
        return Optional.of(y);
    }

    /**
     * {@code x[i0, i1, ...]} with index tensors for the leading dims (the rest {@code None} or left out): the
     * indices' broadcast shape, then the dims not indexed; unknown for a bool mask.
     */
    private Optional<long[]> index(long[] x, TorchValue indices, Dtypes dtypes) {
        if (!(indices instanceof TorchValue.Sequence s) || s.items().isEmpty()) {
            return Optional.empty();
        }
        for (TorchValue item : s.items()) {
            // a bool (or uint8) mask selects as many as are true, known only at run time
            if (dtypes.of(item).filter(code -> code == Dtypes.BOOL || code == UINT8).isPresent()) {
                return Optional.empty();
            }
        }
        int k = 0;
        long[] shape = null;
        for (TorchValue item : s.items()) {
            if (item instanceof TorchValue.Literal l && l.isNone()) {
                break;
            }
            Optional<long[]> idx = of(item);
            if (idx.isEmpty() || shape != null && !Arrays.equals(shape, idx.get())) {
                return Optional.empty();
            }
            shape = idx.get();
            k++;
        }
        for (int i = k; i < s.items().size(); i++) {
            if (!(s.items().get(i) instanceof TorchValue.Literal l && l.isNone())) {
                return Optional.empty();
            }
        }
        if (shape == null || k > x.length) {
            return Optional.empty();
        }
        long[] y = Arrays.copyOf(shape, shape.length + x.length - k);
        System.arraycopy(x, k, y, shape.length, x.length - k);
        return Optional.of(y);
    }



    /** conv2d(x, w, b, stride, padding, dilation, groups); max/avg_pool2d(x, kernel, stride, padding[, dilation]). */
    private Optional<long[]> window(String op, long[] x, List<TorchValue> in) {
        boolean conv = op.equals("conv2d");
        long[] k = new long[2];
        if (conv) {
            long[] w = of(in.get(1)).orElseThrow();
            x[x.length - 3] = w[0];
            k[0] = w[2];
            k[1] = w[3];
        } else {
            k = pair(in.get(1)).orElseThrow();
        }
        long[] stride = pair(in.get(conv ? 3 : 2)).filter(s -> s.length > 0).orElse(k);
        long[] pad = pair(in.get(conv ? 4 : 3)).orElseThrow();
        long[] dil = conv || op.equals("max_pool2d") && in.size() > 4 ? pair(in.get(conv ? 5 : 4)).orElseThrow()
                : new long[] {1, 1};
        boolean ceil = !conv && (op.equals("max_pool2d") ? in.size() > 5 && truthy(in.get(5))
                : in.size() > 4 && truthy(in.get(4)));
        for (int i = 0; i < 2; i++) {
            int d = x.length - 2 + i;
            long span = x[d] + 2 * pad[i] - dil[i] * (k[i] - 1) - 1;
            long out = (ceil ? Math.floorDiv(span + stride[i] - 1, stride[i]) : Math.floorDiv(span, stride[i])) + 1;
            if (ceil && (out - 1) * stride[i] >= x[d] + pad[i]) {
                out--;
            }
            x[d] = out;
        }
        return Optional.of(x);
    }






}
