package dev.mil4j.frontend.onnx.translate;

import static dev.mil4j.frontend.onnx.translate.Emit.one;

import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import java.util.List;

/**
 * {@code Slice} (attributes before opset 10, inputs after) as {@code slice_by_index} over every dim. Starts and ends
 * must be constant; they are clamped as ONNX specifies when the dim is known, and run to the edge (a mask) when they
 * are beyond it, such as the {@code INT64_MAX} exporters write for "to the end".
 */
final class SliceTranslation {
    private SliceTranslation() {
    }

    static List<Builtin> all() {
        return List.of(
                Builtin.of("Slice", 1, (n, c) -> slice(n, c, n.intsAttribute("starts")
                        .orElseThrow(() -> c.error("has no starts")), n.intsAttribute("ends")
                        .orElseThrow(() -> c.error("has no ends")), n.intsAttribute("axes").orElse(null), null)),
                Builtin.of("Slice", 10, (n, c) -> slice(n, c, Emit.longs(c.constInput(1, "starts")),
                        Emit.longs(c.constInput(2, "ends")),
                        c.hasInput(3) ? Emit.longs(c.constInput(3, "axes")) : null,
                        c.hasInput(4) ? Emit.longs(c.constInput(4, "steps")) : null)));
    }

    private static List<Var> slice(OnnxNode n, OnnxTranslationContext c, long[] starts, long[] ends, long[] axes,
            long[] steps) {
        Var x = c.input(0);
        int rank = Emit.rank(x);
        if (ends.length != starts.length || (axes != null && axes.length != starts.length)
                || (steps != null && steps.length != starts.length)) {
            throw c.error("has starts, ends, axes and steps of different lengths");
        }
        int[] begin = new int[rank];
        int[] end = new int[rank];
        int[] stride = new int[rank];
        boolean[] beginMask = new boolean[rank];
        boolean[] endMask = new boolean[rank];
        java.util.Arrays.fill(stride, 1);
        java.util.Arrays.fill(beginMask, true);
        java.util.Arrays.fill(endMask, true);
        for (int i = 0; i < starts.length; i++) {
            int axis = Emit.axis(c, axes == null ? i : axes[i], rank);
            long step = steps == null ? 1 : steps[i];
            if (step == 0) {
                throw c.error("has step 0 on axis " + axis);
            }
            stride[axis] = Math.toIntExact(step);
            Dim d = Emit.dim(x, axis);
            long s = starts[i];
            long e = ends[i];
            if (d.isKnown()) {
                long size = d.size();
                s = s < 0 ? s + size : s;
                e = e < 0 ? e + size : e;
                if (step > 0) {
                    s = clamp(s, 0, size);
                    e = clamp(e, 0, size);
                    beginMask[axis] = false;
                    endMask[axis] = e >= size;
                } else {
                    s = clamp(s, -1, size - 1);
                    e = clamp(e, -1, size - 1);
                    beginMask[axis] = false;
                    endMask[axis] = e < 0;
                }
                begin[axis] = (int) s;
                end[axis] = endMask[axis] ? 0 : (int) e;
            } else {
                beginMask[axis] = false;
                begin[axis] = (int) clamp(s, Integer.MIN_VALUE, Integer.MAX_VALUE);
                endMask[axis] = step > 0 ? e >= Integer.MAX_VALUE : e <= Integer.MIN_VALUE;
                end[axis] = endMask[axis] ? 0 : (int) clamp(e, Integer.MIN_VALUE, Integer.MAX_VALUE);
            }
        }
        return one(c.builder().op("slice_by_index").input("x", x).input("begin", TensorValue.vector(begin))
                .input("end", TensorValue.vector(end)).input("stride", TensorValue.vector(stride))
                .input("begin_mask", TensorValue.ofBools(dev.mil4j.core.types.Shape.of(rank), beginMask))
                .input("end_mask", TensorValue.ofBools(dev.mil4j.core.types.Shape.of(rank), endMask)).output());
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
