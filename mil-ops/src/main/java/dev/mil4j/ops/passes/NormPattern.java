package dev.mil4j.ops.passes;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.value.TensorValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A matched normalization expansion (see {@link FuseLayernormOrInstancenormPass}): its input, normalized axes
 * (non-negative, sorted), total epsilon, optional const scale and shift, and its ops (users first). Matched
 * backwards from the last op, looking at a bounded number of producers.
 */
record NormPattern(Var x, int[] axes, double epsilon, Optional<TensorValue> gamma, Optional<TensorValue> beta,
        List<Operation> ops) {

    static Optional<NormPattern> match(Operation last) {
        List<Operation> ops = new ArrayList<>();
        Operation cur = last;
        TensorValue beta = null;
        TensorValue gamma = null;
        // [+ beta]
        if (cur.type().equals("add")) {
            Optional<Var> c = Patterns.constOperand(cur);
            if (c.isEmpty()) {
                return Optional.empty();
            }
            beta = c.get().value().orElseThrow();
            ops.add(cur);
            Optional<Operation> next = Patterns.other(cur, c.get()).producer()
                    .filter(p -> p.outputs().size() == 1 && Patterns.onlyUse(p.output()));
            if (next.isEmpty()) {
                return Optional.empty();
            }
            cur = next.get();
        }
        // [* gamma]
        if (cur.type().equals("mul") && Patterns.constOperand(cur).isPresent()) {
            Var c = Patterns.constOperand(cur).get();
            gamma = c.value().orElseThrow();
            ops.add(cur);
            Optional<Operation> next = Patterns.other(cur, c).producer()
                    .filter(p -> p.outputs().size() == 1 && Patterns.onlyUse(p.output()));
            if (next.isEmpty()) {
                return Optional.empty();
            }
            cur = next.get();
        }
        // n = d * rsqrt(v) | d / sqrt(v) | d * (rsqrt(v) * gamma)
        ops.add(cur);
        Var d = null;
        Var v = null;
        double eps = 0;
        if (cur.type().equals("real_div")) {
            Optional<Operation> sqrt = Patterns.soleProducer(cur.requireInput("y"), "sqrt");
            if (sqrt.isEmpty()) {
                return Optional.empty();
            }
            d = cur.requireInput("x");
            v = sqrt.get().requireInput("x");
            ops.add(sqrt.get());
        } else if (cur.type().equals("mul")) {
            for (Var[] pair : new Var[][] {{cur.requireInput("x"), cur.requireInput("y")},
                {cur.requireInput("y"), cur.requireInput("x")}}) {
                Var r = pair[1];
                Optional<Operation> scaled = gamma == null ? Patterns.soleProducer(r, "mul")
                        .filter(m -> Patterns.constOperand(m).isPresent()) : Optional.empty();
                if (scaled.isPresent()) {
                    r = Patterns.other(scaled.get(), Patterns.constOperand(scaled.get()).get());
                }
                Optional<Operation> rsqrt = Patterns.soleProducer(r, "rsqrt");
                if (rsqrt.isPresent()) {
                    d = pair[0];
                    v = rsqrt.get().requireInput("x");
                    eps = rsqrt.get().inferenceContext().value("epsilon").map(e -> e.getDouble(0)).orElse(0.0);
                    if (scaled.isPresent()) {
                        gamma = Patterns.constOperand(scaled.get()).get().value().orElseThrow();
                        ops.add(scaled.get());
                    }
                    ops.add(rsqrt.get());
                    break;
                }
            }
        }
        if (d == null) {
            return Optional.empty();
        }
        // [v + eps]
        Optional<Operation> epsAdd = Patterns.soleProducer(v, "add");
        if (epsAdd.isPresent()) {
            Optional<Var> c = Patterns.constOperand(epsAdd.get());
            if (c.isEmpty() || Patterns.uniform(c.get()).isEmpty() || c.get().value().get().elementCount() != 1) {
                return Optional.empty();
            }
            eps += Patterns.uniform(c.get()).getAsDouble();
            ops.add(epsAdd.get());
            v = Patterns.other(epsAdd.get(), c.get());
        }
        // v = reduce_mean(q, axes); q = d * d | square(d) | pow(d, 2)
        Optional<Operation> varMean = Patterns.soleProducer(v, "reduce_mean");
        if (varMean.isEmpty()) {
            return Optional.empty();
        }
        Optional<Operation> sq = square(varMean.get().requireInput("x"), d);
        // d = x - m; m = reduce_mean(x, axes): d feeds exactly the square and n
        Optional<Operation> sub = d.producer().filter(s -> s.type().equals("sub"));
        if (sq.isEmpty() || sub.isEmpty() || d.isBlockOutput() || d.users().size() != 2) {
            return Optional.empty();
        }
        Var x = sub.get().requireInput("x");
        Optional<Operation> mean = Patterns.soleProducer(sub.get().requireInput("y"), "reduce_mean")
                .filter(mm -> mm.requireInput("x") == x);
        if (mean.isEmpty()) {
            return Optional.empty();
        }
        int rank = x.tensorType().rank();
        Optional<int[]> axes = axes(mean.get(), rank);
        Optional<int[]> varAxes = axes(varMean.get(), rank);
        if (axes.isEmpty() || varAxes.isEmpty() || !Arrays.equals(axes.get(), varAxes.get())) {
            return Optional.empty();
        }
        ops.addAll(List.of(varMean.get(), sq.get(), sub.get(), mean.get()));
        return Optional.of(new NormPattern(x, axes.get(), eps, Optional.ofNullable(gamma), Optional.ofNullable(beta),
                ops));
    }

    /** The op squaring {@code d} into {@code q}, when only the variance uses it. */
    private static Optional<Operation> square(Var q, Var d) {
        if (!Patterns.onlyUse(q)) {
            return Optional.empty();
        }
        return q.producer().filter(p -> switch (p.type()) {
            case "mul" -> p.requireInput("x") == d && p.requireInput("y") == d;
            case "square" -> p.requireInput("x") == d;
            case "pow" -> p.requireInput("x") == d && Patterns.isExactly(p.requireInput("y"), 2);
            default -> false;
        });
    }

    /** The normalized, sorted axes of a keep_dims reduce_mean with const axes. */
    private static Optional<int[]> axes(Operation reduce, int rank) {
        if (!Patterns.constBool(reduce, "keep_dims", true)) {
            return Optional.empty();
        }
        Optional<TensorValue> a = reduce.input("axes").flatMap(Var::value);
        if (a.isEmpty() || a.get().elementCount() == 0) {
            return Optional.empty();
        }
        long[] raw = a.get().toLongArray();
        int[] out = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = (int) (raw[i] < 0 ? raw[i] + rank : raw[i]);
        }
        Arrays.sort(out);
        return Optional.of(out);
    }
}
