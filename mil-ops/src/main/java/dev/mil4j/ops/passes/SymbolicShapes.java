package dev.mil4j.ops.passes;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The values of small integer vectors computed from shapes, element by element: each a known integer or a symbolic
 * dim of some tensor. Understands const, {@code shape}, {@code concat} along axis 0, {@code gather} with const
 * indices, {@code slice_by_index} with const bounds, integer {@code cast}, and rank changes of one-element values
 * ({@code expand_dims}, {@code squeeze}, {@code reshape}). Memoized, so evaluating every reshape of a program costs
 * time linear in the size of the shape computations.
 */
final class SymbolicShapes {
    private static final int MAX_DEPTH = 64;

    /** One element: {@code symbol} when not known, otherwise {@code known}. */
    record Element(long known, Dim symbol) {
        static Element of(Dim d) {
            return d.isKnown() ? new Element(d.size(), null) : new Element(0, d);
        }

        boolean isKnown() {
            return symbol == null;
        }
    }

    private final Map<Var, Optional<List<Element>>> memo = new IdentityHashMap<>();

    /** The elements of {@code v} (a scalar or vector of integers), when they can be traced. */
    Optional<List<Element>> evaluate(Var v) {
        return evaluate(v, 0);
    }

    private Optional<List<Element>> evaluate(Var v, int depth) {
        Optional<List<Element>> done = memo.get(v);
        if (done != null) {
            return done;
        }
        Optional<List<Element>> r = depth > MAX_DEPTH ? Optional.empty() : compute(v, depth + 1);
        memo.put(v, r);
        return r;
    }

    private Optional<List<Element>> compute(Var v, int depth) {
        if (!(v.type() instanceof TensorType t) || t.rank() > 1 || !t.dtype().isInteger()) {
            return Optional.empty();
        }
        if (v.isConst()) {
            List<Element> out = new ArrayList<>();
            for (long e : v.value().get().toLongArray()) {
                out.add(new Element(e, null));
            }
            return Optional.of(out);
        }
        Optional<Operation> p = v.producer();
        if (p.isEmpty() || p.get().outputs().size() != 1) {
            return Optional.empty();
        }
        Operation op = p.get();
        switch (op.type()) {
            case "shape": {
                Shape s = op.requireInput("x").tensorType().shape();
                return Optional.of(s.dims().stream().map(Element::of).toList());
            }
            case "cast", "expand_dims", "squeeze", "reshape": {
                Optional<List<Element>> in = evaluate(op.requireInput("x"), depth);
                boolean sameCount = in.isPresent() && (op.type().equals("cast") || in.get().size() == 1);
                return sameCount ? in : Optional.empty();
            }
            case "concat": {
                Optional<TensorValue> axis = op.input("axis").flatMap(Var::value);
                if (axis.isEmpty() || (axis.get().getLong(0) != 0 && axis.get().getLong(0) != -1)
                        || !Patterns.constBool(op, "interleave", false)) {
                    return Optional.empty();
                }
                List<Element> out = new ArrayList<>();
                for (Var part : op.inputList("values")) {
                    Optional<List<Element>> e = evaluate(part, depth);
                    if (e.isEmpty()) {
                        return Optional.empty();
                    }
                    out.addAll(e.get());
                }
                return Optional.of(out);
            }
            case "gather": {
                Optional<TensorValue> indices = op.requireInput("indices").value();
                Optional<List<Element>> in = evaluate(op.requireInput("x"), depth);
                if (indices.isEmpty() || in.isEmpty() || op.inferenceContext().constLong("axis") != 0) {
                    return Optional.empty();
                }
                List<Element> out = new ArrayList<>();
                int n = in.get().size();
                for (long i : indices.get().toLongArray()) {
                    long k = i < 0 ? i + n : i;
                    if (k < 0 || k >= n) {
                        return Optional.empty();
                    }
                    out.add(in.get().get((int) k));
                }
                return Optional.of(out);
            }
            case "slice_by_index":
                return slice(op, depth);
            default:
                return Optional.empty();
        }
    }

    private Optional<List<Element>> slice(Operation op, int depth) {
        Optional<List<Element>> in = evaluate(op.requireInput("x"), depth);
        var ctx = op.inferenceContext();
        Optional<TensorValue> begin = ctx.value("begin");
        Optional<TensorValue> end = ctx.value("end");
        if (in.isEmpty() || begin.isEmpty() || end.isEmpty()) {
            return Optional.empty();
        }
        int n = in.get().size();
        long stride = ctx.value("stride").map(s -> s.getLong(0)).orElse(1L);
        boolean beginMask = ctx.value("begin_mask").map(m -> m.getBoolean(0)).orElse(false);
        boolean endMask = ctx.value("end_mask").map(m -> m.getBoolean(0)).orElse(false);
        boolean squeeze = ctx.value("squeeze_mask").map(m -> m.getBoolean(0)).orElse(false);
        if (stride != 1) {
            return Optional.empty();
        }
        long b = beginMask ? 0 : clamp(begin.get().getLong(0), n);
        long e = endMask ? n : clamp(end.get().getLong(0), n);
        if (squeeze) {
            e = b + 1;
        }
        List<Element> out = new ArrayList<>();
        for (long i = b; i < e && i < n; i++) {
            out.add(in.get().get((int) i));
        }
        return Optional.of(out);
    }

    private static long clamp(long i, int n) {
        long k = i < 0 ? i + n : i;
        return Math.max(0, Math.min(n, k));
    }
}
