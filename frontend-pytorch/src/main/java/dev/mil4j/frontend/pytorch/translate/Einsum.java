package dev.mil4j.frontend.pytorch.translate;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Dim;
import dev.mil4j.frontend.pytorch.TorchTranslationContext;
import dev.mil4j.ops.NnOps;
import dev.mil4j.ops.ReductionOps;
import dev.mil4j.ops.TensorOps;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code einsum(equation, [a])} and {@code einsum(equation, [a, b])} with an explicit output ({@code ->}), lowered
 * to MIL ops: letters of one operand that appear nowhere else are summed out ({@code reduce_sum}); with two
 * operands the shared letters kept in the output are the batch, the shared ones dropped are contracted, and the
 * product is one batched {@code matmul} of {@code [batch, left, shared]} by {@code [batch, shared, right]}
 * (reshapes of static shapes), transposed to the output's order. Repeated letters in one operand (diagonals) and
 * ellipses are not supported.
 */
final class Einsum {
    private Einsum() {
    }

    static Var einsum(TorchTranslationContext c, String equation, List<Var> operands) {
        String eq = equation.replace(" ", "");
        int arrow = eq.indexOf("->");
        if (arrow < 0 || eq.contains("...")) {
            throw c.error("einsum '" + equation + "' needs an explicit output (->) and no ellipsis");
        }
        String[] ins = eq.substring(0, arrow).split(",", -1);
        String out = eq.substring(arrow + 2);
        if (ins.length != operands.size() || ins.length > 2) {
            throw c.error("einsum '" + equation + "' of " + operands.size() + " operands is not supported; one or two "
                    + "operands are");
        }
        Map<Character, Long> sizes = new HashMap<>();
        List<String> terms = new ArrayList<>();
        List<Var> xs = new ArrayList<>();
        for (int i = 0; i < ins.length; i++) {
            String keep = other(ins, i) + out;
            String t = ins[i];
            Var x = operands.get(i);
            if (t.length() != x.tensorType().rank() || t.chars().distinct().count() != t.length()) {
                throw c.error("einsum term '" + t + "' does not name each of the " + x.tensorType().rank()
                        + " dims of " + x.tensorType() + " once");
            }
            for (int k = 0; k < t.length(); k++) {
                Dim d = x.tensorType().shape().dim(k);
                if (!d.isKnown()) {
                    throw c.error("einsum '" + equation + "' needs static shapes, got " + x.tensorType());
                }
                Long prev = sizes.put(t.charAt(k), d.size());
                if (prev != null && prev != d.size()) {
                    throw c.error("einsum '" + equation + "': letter " + t.charAt(k) + " has sizes " + prev + " and "
                            + d.size());
                }
            }
            StringBuilder kept = new StringBuilder();
            List<Integer> summed = new ArrayList<>();
            for (int k = 0; k < t.length(); k++) {
                if (keep.indexOf(t.charAt(k)) < 0) {
                    summed.add(k);
                } else {
                    kept.append(t.charAt(k));
                }
            }
            if (!summed.isEmpty()) {
                x = ReductionOps.reduceSum(c.builder(), x, summed.stream().mapToInt(Integer::intValue).toArray(),
                        false);
            }
            terms.add(kept.toString());
            xs.add(x);
        }
        if (xs.size() == 1) {
            return permute(c.builder(), xs.get(0), terms.get(0), out);
        }
        return product(c, xs.get(0), terms.get(0), xs.get(1), terms.get(1), out, sizes);
    }

    private static String other(String[] ins, int i) {
        return ins.length == 2 ? ins[1 - i] : "";
    }

    private static Var product(TorchTranslationContext c, Var a, String ta, Var b, String tb, String out,
            Map<Character, Long> sizes) {
        StringBuilder batch = new StringBuilder();
        StringBuilder shared = new StringBuilder();
        StringBuilder left = new StringBuilder();
        StringBuilder right = new StringBuilder();
        for (char ch : ta.toCharArray()) {
            (tb.indexOf(ch) >= 0 ? out.indexOf(ch) >= 0 ? batch : shared : left).append(ch);
        }
        for (char ch : tb.toCharArray()) {
            if (ta.indexOf(ch) < 0) {
                right.append(ch);
            }
        }
        Builder bd = c.builder();
        Var x = TensorOps.reshape(bd, permute(bd, a, ta, "" + batch + left + shared),
                product(sizes, batch), product(sizes, left), product(sizes, shared));
        Var y = TensorOps.reshape(bd, permute(bd, b, tb, "" + batch + shared + right),
                product(sizes, batch), product(sizes, shared), product(sizes, right));
        String made = "" + batch + left + right;
        int[] shape = made.chars().map(ch -> (int) (long) sizes.get((char) ch)).toArray();
        Var z = TensorOps.reshape(bd, NnOps.matmul(bd, x, y, false, false), shape.length == 0 ? new int[] {1} : shape);
        return shape.length == 0 ? TensorOps.squeeze(bd, z) : permute(bd, z, made, out);
    }

    private static int product(Map<Character, Long> sizes, CharSequence letters) {
        long p = 1;
        for (int i = 0; i < letters.length(); i++) {
            p *= sizes.get(letters.charAt(i));
        }
        return Math.toIntExact(p);
    }

    /** {@code x} with dims named {@code from} transposed to the order {@code to} (the same letters). */
    private static Var permute(Builder b, Var x, String from, String to) {
        if (from.equals(to)) {
            return x;
        }
        int[] perm = new int[to.length()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = from.indexOf(to.charAt(i));
        }
        return TensorOps.transpose(b, x, perm);
    }
}
