package dev.mil4j.frontend.pytorch.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reading the literal arguments of ops ({@code [2, 0, 1]}, an axis, a slice bound, a kernel pair) and the shape rules
 * of {@code reshape} and {@code matmul}, for {@link StaticShapes}. A value not of the expected form throws, and the
 * caller then leaves the sizes unknown.
 */
final class ShapeArgs {
    private ShapeArgs() {
    }
    static Optional<long[]> reshape(long[] x, Optional<List<Long>> sizes) {
        if (sizes.isEmpty()) {
            return Optional.empty();
        }
        long total = 1;
        for (long d : x) {
            total *= d;
        }
        long[] y = sizes.get().stream().mapToLong(Long::longValue).toArray();
        long known = 1;
        int free = -1;
        for (int i = 0; i < y.length; i++) {
            if (y[i] == -1) {
                free = i;
            } else {
                known *= y[i];
            }
        }
        if (free >= 0) {
            if (known == 0) {
                return Optional.empty();
            }
            y[free] = total / known;
        }
        return Optional.of(y);
    }
    static Optional<long[]> matmul(long[] a, long[] b) {
        if (a.length < 2 || b.length < 2) {
            return Optional.empty();
        }
        int n = Math.max(a.length, b.length);
        long[] y = new long[n];
        for (int i = 0; i < n - 2; i++) {
            long p = i - (n - a.length) >= 0 ? a[i - (n - a.length)] : 1;
            long q = i - (n - b.length) >= 0 ? b[i - (n - b.length)] : 1;
            y[i] = p == 1 ? q : p;
        }
        y[n - 2] = a[a.length - 2];
        y[n - 1] = b[b.length - 1];
        return Optional.of(y);
    }
    static boolean truthy(TorchValue v) {
        return v instanceof TorchValue.Literal l && Literals.truthy(l.value());
    }
    static Optional<long[]> pair(TorchValue v) {
        Optional<List<Long>> l = ints(v);
        if (l.isPresent()) {
            List<Long> p = l.get();
            return Optional.of(p.isEmpty() ? new long[0] : new long[] {p.get(0), p.get(p.size() - 1)});
        }
        return number(v).map(n -> new long[] {n, n});
    }
    static Optional<List<Long>> ints(TorchValue v) {
        if (!(v instanceof TorchValue.Sequence s)) {
            return Optional.empty();
        }
        List<Long> out = new ArrayList<>();
        for (TorchValue item : s.items()) {
            Optional<Long> n = number(item);
            if (n.isEmpty()) {
                return Optional.empty();
            }
            out.add(n.get());
        }
        return Optional.of(out);
    }
    static Optional<Long> number(TorchValue v) {
        return v instanceof TorchValue.Literal l && l.value() instanceof Long n ? Optional.of(n) : Optional.empty();
    }
    static long bound(TorchValue v, long dflt, long n) {
        if (v == null || v instanceof TorchValue.Literal l && l.isNone()) {
            return dflt;
        }
        long b = number(v).orElseThrow();
        return b < 0 ? Math.max(0, b + n) : Math.min(b, n);
    }
    static int axis(TorchValue v, int rank) {
        long a = number(v).orElseThrow();
        long k = a < 0 ? a + rank : a;
        if (k < 0 || k >= Math.max(rank, 1)) {
            throw new IllegalArgumentException("axis " + a + " of rank " + rank);
        }
        return (int) k;
    }
}
