package dev.mil4j.frontend.onnx.translate;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.NnOps;
import dev.mil4j.ops.ReductionOps;
import dev.mil4j.ops.TensorOps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code Einsum} of any number of operands. Two operands forming a (batched) matrix product become one
 * {@code matmul}, and the two forms MIL's {@code einsum} takes stay {@code einsum}. Any other equation (static shapes)
 * is lowered: each operand's repeated labels become diagonals ({@code x * eye}, summed over one of the two axes), the
 * labels no other operand and not the output has are summed out, operands are contracted left to right as one
 * batched {@code matmul} each ({@code [batch, kept of A, contracted] x [batch, contracted, kept of B]}, reshaped), and
 * the result is transposed to the output's order. {@code ...} stands for the leading dims an operand has beyond its
 * labels (right-aligned across operands, broadcast by the matmul); without {@code ->} the output is {@code ...}
 * followed by the labels used once, in alphabetical order.
 */
final class EinsumTranslation {
    /** The first character used for the dims under {@code ...}; never a letter of an equation. */
    private static final char ELLIPSIS_LABEL = '\u0100';

    private EinsumTranslation() {
    }

    static List<Var> einsum(OnnxNode n, OnnxTranslationContext c) {
        String eq = n.stringAttribute("equation").orElseThrow(() -> c.error("has no equation")).replace(" ", "");
        if (c.inputCount() == 2 && !eq.contains(".")) {
            Optional<boolean[]> mm = LinearTranslations.matmulForm(eq);
            if (mm.isPresent()) {
                return List.of(NnOps.matmul(c.builder(), c.input(0), c.input(1), mm.get()[0], mm.get()[1]));
            }
            if (milForm(eq)) {
                return List.of(NnOps.einsum(c.builder(), eq, c.input(0), c.input(1)));
            }
        }
        List<Var> inputs = c.inputs(0);
        List<long[]> shapes = new ArrayList<>();
        for (Var v : inputs) {
            shapes.add(c.staticShape(v, "Einsum of equation '" + eq + "'"));
        }
        List<String> terms = new ArrayList<>();
        String output = parse(c, eq, shapes, terms);
        Builder b = c.builder();
        List<Var> values = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Var v = inputs.get(i);
            String t = terms.get(i);
            while (repeated(t) >= 0) {
                int j = repeated(t);
                int k = t.indexOf(t.charAt(j));
                v = diagonal(c, v, k, j);
                t = t.substring(0, j) + t.substring(j + 1);
            }
            values.add(v);
            terms.set(i, t);
        }
        Var acc = values.get(0);
        String labels = terms.get(0);
        for (int i = 1; i < values.size(); i++) {
            // the labels needed after this contraction
            String rest = output + String.join("", terms.subList(i + 1, terms.size()));
            acc = sumOut(b, acc, labels, rest + terms.get(i));
            labels = keep(labels, rest + terms.get(i));
            Var other = sumOut(b, values.get(i), terms.get(i), rest + labels);
            Contraction r = contract(b, acc, labels, other, keep(terms.get(i), rest + labels), rest);
            acc = r.value();
            labels = r.labels();
        }
        acc = sumOut(b, acc, labels, output);
        labels = keep(labels, output);
        if (labels.length() != output.length()) {
            throw c.error("has output labels '" + output + "' that no operand has");
        }
        int[] perm = new int[output.length()];
        boolean identity = true;
        for (int i = 0; i < perm.length; i++) {
            perm[i] = labels.indexOf(output.charAt(i));
            identity &= perm[i] == i;
        }
        return List.of(identity ? acc : TensorOps.transpose(b, acc, perm));
    }

    /** Whether a two-operand equation is one of MIL einsum's forms: {@code abcd,adce->abce} or {@code abc,cbd->abd}. */
    static boolean milForm(String eq) {
        Map<Character, Character> names = new LinkedHashMap<>();
        StringBuilder canonical = new StringBuilder();
        for (char ch : eq.toCharArray()) {
            canonical.append(Character.isLetter(ch)
                    ? names.computeIfAbsent(ch, k -> (char) ('a' + names.size())) : ch);
        }
        String s = canonical.toString();
        return s.equals("abcd,adce->abce") || s.equals("abc,cbd->abd");
    }

    /**
     * Splits the equation into one label string per operand (added to {@code terms}, {@code ...} replaced by labels
     * of their own) and returns the output's labels.
     */
    private static String parse(OnnxTranslationContext c, String eq, List<long[]> shapes, List<String> terms) {
        if (!eq.matches("[A-Za-z.,]*(->[A-Za-z.]*)?")) {
            throw c.error("has equation '" + eq + "'; expected letters, ',', '...' and '->'");
        }
        String[] io = eq.split("->", -1);
        String[] in = io[0].split(",", -1);
        if (in.length != shapes.size()) {
            throw c.error("has " + in.length + " terms in '" + eq + "' for " + shapes.size() + " operands");
        }
        int ellipsis = 0;
        for (int i = 0; i < in.length; i++) {
            int letters = in[i].replace("...", "").length();
            if (!in[i].contains("...") && letters != shapes.get(i).length) {
                throw c.error("has term '" + in[i] + "' for operand " + i + " of rank " + shapes.get(i).length);
            }
            ellipsis = Math.max(ellipsis, shapes.get(i).length - letters);
        }
        StringBuilder dots = new StringBuilder();
        for (int i = 0; i < ellipsis; i++) {
            dots.append((char) (ELLIPSIS_LABEL + i));
        }
        String all = dots.toString();
        for (int i = 0; i < in.length; i++) {
            int own = shapes.get(i).length - in[i].replace("...", "").length();
            terms.add(in[i].replace("...", all.substring(ellipsis - own)));
        }
        if (io.length == 2) {
            return io[1].replace("...", all);
        }
        StringBuilder out = new StringBuilder(all);
        String joined = String.join("", terms);
        joined.chars().filter(ch -> ch < ELLIPSIS_LABEL).distinct().sorted()
                .filter(ch -> joined.indexOf(ch) == joined.lastIndexOf(ch)).forEach(ch -> out.append((char) ch));
        return out.toString();
    }

    /** The position of the second occurrence of some label, or -1. */
    private static int repeated(String t) {
        for (int j = 0; j < t.length(); j++) {
            if (t.indexOf(t.charAt(j)) < j) {
                return j;
            }
        }
        return -1;
    }

    /** The diagonal of axes {@code k < j} (of equal size): {@code sum_j x * eye}, which drops axis {@code j}. */
    private static Var diagonal(OnnxTranslationContext c, Var x, int k, int j) {
        long[] s = x.tensorType().shape().toLongArray();
        if (s[k] != s[j]) {
            throw c.error("repeats a label over dims of sizes " + s[k] + " and " + s[j]);
        }
        int size = (int) s[k];
        long[] eyeShape = new long[s.length];
        java.util.Arrays.fill(eyeShape, 1);
        eyeShape[k] = size;
        eyeShape[j] = size;
        double[] eye = new double[size * size];
        for (int i = 0; i < size; i++) {
            eye[i * size + i] = 1;
        }
        Builder b = c.builder();
        Var mask = b.constant(TensorValue.fromDoubles(x.tensorType().dtype(), Shape.of(eyeShape), eye));
        return ReductionOps.reduceSum(b, MathOps.mul(b, x, mask), new int[] {j}, false);
    }

    /** {@code x} with the axes whose labels {@code needed} does not have summed out. */
    private static Var sumOut(Builder b, Var x, String labels, String needed) {
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < labels.length(); i++) {
            if (needed.indexOf(labels.charAt(i)) < 0) {
                axes.add(i);
            }
        }
        return axes.isEmpty() ? x
                : ReductionOps.reduceSum(b, x, axes.stream().mapToInt(Integer::intValue).toArray(), false);
    }

    /** The labels of {@code labels} that {@code needed} has, in order. */
    private static String keep(String labels, String needed) {
        StringBuilder s = new StringBuilder();
        for (char ch : labels.toCharArray()) {
            if (needed.indexOf(ch) >= 0) {
                s.append(ch);
            }
        }
        return s.toString();
    }

    /** A contracted value and the labels of its dims. */
    private record Contraction(Var value, String labels) {
    }

    /**
     * {@code a} and {@code b} contracted over their common labels that {@code rest} does not need: batch labels (in
     * both and needed) lead, then the labels of {@code a} alone, then those of {@code b} alone.
     */
    private static Contraction contract(Builder b, Var a, String la, Var bv, String lb, String rest) {
        StringBuilder batch = new StringBuilder();
        StringBuilder summed = new StringBuilder();
        StringBuilder onlyA = new StringBuilder();
        StringBuilder onlyB = new StringBuilder();
        for (char ch : la.toCharArray()) {
            (lb.indexOf(ch) < 0 ? onlyA : rest.indexOf(ch) >= 0 ? batch : summed).append(ch);
        }
        for (char ch : lb.toCharArray()) {
            if (la.indexOf(ch) < 0) {
                onlyB.append(ch);
            }
        }
        long[] sa = a.tensorType().shape().toLongArray();
        long[] sb = bv.tensorType().shape().toLongArray();
        Var left = arrange(b, a, la, batch.toString(), onlyA.toString(), summed.toString());
        Var right = arrange(b, bv, lb, batch.toString(), summed.toString(), onlyB.toString());
        Var product = NnOps.matmul(b, left, right);
        List<Integer> dims = new ArrayList<>();
        for (char ch : batch.toString().toCharArray()) {
            dims.add((int) Math.max(sa[la.indexOf(ch)], sb[lb.indexOf(ch)]));
        }
        for (char ch : onlyA.toString().toCharArray()) {
            dims.add((int) sa[la.indexOf(ch)]);
        }
        for (char ch : onlyB.toString().toCharArray()) {
            dims.add((int) sb[lb.indexOf(ch)]);
        }
        return new Contraction(TensorOps.reshape(b, product, dims.stream().mapToInt(Integer::intValue).toArray()),
                batch + "" + onlyA + onlyB);
    }

    /**
     * {@code x} transposed to {@code [batch..., outer..., inner...]} and reshaped to
     * {@code [batch..., prod(outer), prod(inner)]}.
     */
    private static Var arrange(Builder b, Var x, String labels, String batch, String outer, String inner) {
        long[] shape = x.tensorType().shape().toLongArray();
        String order = batch + outer + inner;
        int[] perm = new int[order.length()];
        boolean identity = true;
        for (int i = 0; i < perm.length; i++) {
            perm[i] = labels.indexOf(order.charAt(i));
            identity &= perm[i] == i;
        }
        Var y = identity ? x : TensorOps.transpose(b, x, perm);
        int[] dims = new int[batch.length() + 2];
        for (int i = 0; i < batch.length(); i++) {
            dims[i] = (int) shape[labels.indexOf(batch.charAt(i))];
        }
        dims[batch.length()] = product(shape, labels, outer);
        dims[batch.length() + 1] = product(shape, labels, inner);
        return TensorOps.reshape(b, y, dims);
    }

    private static int product(long[] shape, String labels, String of) {
        long p = 1;
        for (char ch : of.toCharArray()) {
            p *= shape[labels.indexOf(ch)];
        }
        return Math.toIntExact(p);
    }
}
