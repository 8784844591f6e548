package dev.mil4j.frontend.onnx.translate;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.NnOps;
import dev.mil4j.ops.TensorOps;
import java.util.Arrays;
import java.util.Optional;

/**
 * {@code ConvTranspose} where MIL's {@code conv_transpose} cannot take it: weights computed at run time (MIL wants
 * them const) or {@code output_padding} (MIL has none). A transposed convolution is a convolution of the input with
 * zeros inserted between its elements ({@code stride - 1} per gap: a depthwise {@code conv_transpose} with a const
 * one-valued kernel), by the kernel flipped along every spatial dim with its in and out channels swapped within each
 * group (a run-time {@code transpose} and {@code reverse}) and its dilation made zeros inserted the same way (MIL's
 * {@code conv} takes dilations only with const weights), padded by {@code (K - 1) dilation} less the transposed
 * convolution's own padding on each side, plus {@code output_padding} at the end; a negative padding crops the
 * result. The pads follow ONNX: explicit {@code pads}, {@code VALID}, or from {@code output_shape} (or input times
 * stride for {@code SAME_UPPER}/{@code SAME_LOWER}), the odd element of the total at the start for {@code SAME_LOWER}
 * and at the end otherwise, and a negative total (an output larger than the natural one) all at the end, as ONNX
 * Runtime places them.
 */
final class ConvTransposeByConv {
    private ConvTransposeByConv() {
    }

    static Var translate(OnnxNode n, OnnxTranslationContext c, int s, int[] strides, int[] dilations,
            int[] outputPadding) {
        Builder b = c.builder();
        Var x = c.input(0);
        Var w = c.input(1);
        String why = "ConvTranspose with run-time weights or output_padding";
        long[] xs = c.staticShape(x, why);
        long[] ws = c.staticShape(w, why);
        int groups = (int) n.intAttribute("group", 1);
        int cin = (int) xs[1];
        int coutG = (int) ws[1];
        int[] kernel = new int[s];
        for (int i = 0; i < s; i++) {
            kernel[i] = (int) ws[2 + i];
        }
        int[][] pads = pads(n, c, s, xs, kernel, strides, dilations, outputPadding);
        Var up = spread(b, x, cin, strides);
        // dilations as zeros inserted into the kernel: MIL's conv takes dilations only with const weights
        Var flipped = spread(b, TensorOps.reverse(b, swapChannels(b, w, groups, cin, coutG, kernel), spatialAxes(s)),
                cin / groups, dilations);
        int[] pad = new int[2 * s];
        int[] cropBegin = new int[s];
        int[] cropEnd = new int[s];
        for (int i = 0; i < s; i++) {
            int reach = (kernel[i] - 1) * dilations[i];
            int before = reach - pads[0][i];
            int after = reach - pads[1][i] + outputPadding[i];
            pad[2 * i] = Math.max(0, before);
            pad[2 * i + 1] = Math.max(0, after);
            cropBegin[i] = Math.max(0, -before);
            cropEnd[i] = Math.max(0, -after);
        }
        int[] unit = new int[s];
        Arrays.fill(unit, 1);
        Optional<Var> constBias = c.hasInput(2) && c.constInput(2).isPresent() ? c.optionalInput(2) : Optional.empty();
        Var y = NnOps.conv(b, up, flipped, constBias, unit, "custom", unit, groups, pad);
        if (c.hasInput(2) && constBias.isEmpty()) {
            long[] shape = new long[s + 1];
            Arrays.fill(shape, 1);
            shape[0] = -1;
            y = MathOps.add(b, y, TensorOps.reshape(b, c.input(2), Arrays.stream(shape).mapToInt(v -> (int) v)
                    .toArray()));
        }
        return crop(b, y, cropBegin, cropEnd);
    }

    /**
     * {@code v: [n, channels, *D]} with {@code gaps[i] - 1} zeros between neighbours along spatial dim {@code i}: a
     * depthwise {@code conv_transpose} with a const kernel of ones; {@code v} itself when every gap is 1.
     */
    private static Var spread(Builder b, Var v, int channels, int[] gaps) {
        if (Arrays.stream(gaps).allMatch(g -> g == 1)) {
            return v;
        }
        long[] shape = new long[gaps.length + 2];
        Arrays.fill(shape, 1);
        shape[0] = channels;
        double[] ones = new double[channels];
        Arrays.fill(ones, 1);
        return b.op("conv_transpose").input("x", v)
                .input("weight", TensorValue.fromDoubles(v.tensorType().dtype(), Shape.of(shape), ones))
                .input("pad_type", TensorValue.scalar("valid")).input("strides", TensorValue.vector(gaps))
                .input("groups", TensorValue.scalar(channels)).output();
    }

    /** The transposed convolution's own padding: {@code [begin[], end[]]}. */
    private static int[][] pads(OnnxNode n, OnnxTranslationContext c, int s, long[] xs, int[] kernel, int[] strides,
            int[] dilations, int[] outputPadding) {
        String auto = n.stringAttribute("auto_pad", "NOTSET");
        int[] begin = new int[s];
        int[] end = new int[s];
        Optional<long[]> outputShape = n.intsAttribute("output_shape");
        if (outputShape.isEmpty() && !auto.startsWith("SAME")) {
            if (!auto.equals("VALID")) {
                int[] p = n.intsAttribute("pads").map(c::ints).orElse(new int[2 * s]);
                if (p.length != 2 * s) {
                    throw c.error("has " + p.length + " pads for " + s + " spatial dims; expected " + 2 * s);
                }
                System.arraycopy(p, 0, begin, 0, s);
                System.arraycopy(p, s, end, 0, s);
            }
            return new int[][] {begin, end};
        }
        for (int i = 0; i < s; i++) {
            long in = xs[2 + i];
            long out = outputShape.isPresent() ? outputShape.get()[outputShape.get().length - s + i]
                    : in * strides[i];
            long total = strides[i] * (in - 1) + outputPadding[i] + (long) (kernel[i] - 1) * dilations[i] + 1 - out;
            begin[i] = (int) (auto.equals("SAME_LOWER") ? total - Math.floorDiv(total, 2) : Math.max(0, total) / 2);
            end[i] = (int) (total - begin[i]);
        }
        return new int[][] {begin, end};
    }

    /** {@code [Cin, Cout/g, *K]} as a convolution's {@code [Cout, Cin/g, *K]}, channels swapped within groups. */
    private static Var swapChannels(Builder b, Var w, int groups, int cin, int coutG, int[] kernel) {
        int s = kernel.length;
        if (groups == 1) {
            int[] perm = new int[s + 2];
            for (int i = 0; i < perm.length; i++) {
                perm[i] = i;
            }
            perm[0] = 1;
            perm[1] = 0;
            return TensorOps.transpose(b, w, perm);
        }
        int[] split = new int[s + 3];
        split[0] = groups;
        split[1] = cin / groups;
        split[2] = coutG;
        System.arraycopy(kernel, 0, split, 3, s);
        int[] perm = new int[s + 3];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        perm[1] = 2;
        perm[2] = 1;
        int[] merged = new int[s + 2];
        merged[0] = groups * coutG;
        merged[1] = cin / groups;
        System.arraycopy(kernel, 0, merged, 2, s);
        return TensorOps.reshape(b, TensorOps.transpose(b, TensorOps.reshape(b, w, split), perm), merged);
    }

    private static int[] spatialAxes(int s) {
        int[] axes = new int[s];
        for (int i = 0; i < s; i++) {
            axes[i] = 2 + i;
        }
        return axes;
    }

    private static Var crop(Builder b, Var y, int[] begin, int[] end) {
        if (Arrays.stream(begin).allMatch(v -> v == 0) && Arrays.stream(end).allMatch(v -> v == 0)) {
            return y;
        }
        long[] shape = y.tensorType().shape().toLongArray();
        int[] from = new int[shape.length];
        int[] to = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            to[i] = (int) shape[i];
            if (i >= 2) {
                from[i] = begin[i - 2];
                to[i] -= end[i - 2];
            }
        }
        return TensorOps.sliceByIndex(b, y, from, to);
    }
}
