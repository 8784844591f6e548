package dev.mil4j.frontend.pytorch.translate;

import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.value.TensorLimits;
import dev.mil4j.frontend.pytorch.TorchTranslationContext;
import dev.mil4j.frontend.pytorch.graph.TorchNode;
import dev.mil4j.frontend.pytorch.graph.TorchValue;
import dev.mil4j.ops.TensorOps;
import java.util.ArrayList;
import java.util.List;

/**
 * A tensor taken apart along a dim of known size, or its slices repeated: {@code unbind}, {@code tensor_split} and
 * {@code repeat_interleave}.
 */
final class Pieces {
    private Pieces() {
    }

    /** {@code unbind(x, dim=0)}: every slice along the dim, the dim removed; the code unpacks all of them. */
    static List<Var> unbind(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "self");
        int axis = Shapes.axis(c, c.intValue(1, "dim", 0), x.tensorType().rank());
        int size = knownSize(c, x, axis);
        if (size != n.outputs().size()) {
            throw c.error("`" + n.kind() + "` of a dim of size " + size + " gives " + size + " tensors, but the code "
                    + "unpacks " + n.outputs().size());
        }
        List<Var> pieces = size == 1 ? List.of(x) : TensorOps.split(c.builder(), x, size, axis);
        List<Var> out = new ArrayList<>();
        for (Var p : pieces) {
            out.add(TensorOps.squeeze(c.builder(), p, axis));
        }
        return out;
    }

    /**
     * {@code tensor_split(x, sections, dim=0)}: {@code sections} pieces, the first {@code size % sections} of them
     * one longer; {@code tensor_split(x, indices, dim=0)}: the pieces between the indices (clamped to the size, so a
     * piece may be empty only where the code says so).
     */
    static List<Var> tensorSplit(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "self");
        int axis = Shapes.axis(c, c.intValue(2, "dim", 0), x.tensorType().rank());
        int size = knownSize(c, x, axis);
        TorchValue how = c.input(1, "indices").orElseThrow();
        int[] sizes;
        if (how instanceof TorchValue.Sequence) {
            int[] cuts = c.intArray(1, "indices");
            sizes = new int[cuts.length + 1];
            int start = 0;
            for (int i = 0; i <= cuts.length; i++) {
                int end = i == cuts.length ? size : Math.min(size, Math.max(start, cuts[i] < 0 ? cuts[i] + size
                        : cuts[i]));
                sizes[i] = end - start;
                start = end;
            }
        } else {
            int sections = (int) c.intValue(1, "sections");
            if (sections <= 0) {
                throw c.error("`" + n.kind() + "` needs a positive number of sections, got " + sections);
            }
            sizes = new int[sections];
            for (int i = 0; i < sections; i++) {
                sizes[i] = size / sections + (i < size % sections ? 1 : 0);
            }
        }
        if (sizes.length != n.outputs().size()) {
            throw c.error("`" + n.kind() + "` gives " + sizes.length + " pieces, but the code unpacks "
                    + n.outputs().size());
        }
        List<Var> out = new ArrayList<>();
        int start = 0;
        for (int s : sizes) {
            if (s == 0) {
                throw c.error("`" + n.kind() + "` gives an empty piece, which a Core ML tensor cannot be");
            }
            out.add(s == size ? x : TensorOps.sliceAlong(c.builder(), x, axis, start, start + s));
            start += s;
        }
        return out;
    }

    /**
     * {@code repeat_interleave(x, repeats, dim=None)} with repeats known at conversion time (one number, or one per
     * slice): a {@code gather} of each slice's index repeated; without a dim the flattened tensor is repeated.
     */
    static List<Var> repeatInterleave(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "self");
        if (!c.isPresent(2, "dim")) {
            x = TensorOps.reshape(c.builder(), x, -1);
        }
        int axis = c.isPresent(2, "dim") ? Shapes.axis(c, c.intValue(2, "dim"), x.tensorType().rank()) : 0;
        int size = knownSize(c, x, axis);
        long[] repeats = c.intList(1, "repeats");
        if (repeats.length != 1 && repeats.length != size) {
            throw c.error("`" + n.kind() + "` needs one repeat count or one per slice (" + size + "), got "
                    + repeats.length);
        }
        long total = 0;
        for (int i = 0; i < size; i++) {
            total += repeats[repeats.length == 1 ? 0 : i];
        }
        if (total <= 0 || !TensorLimits.fits(total)) {
            throw c.error("`" + n.kind() + "` gives " + total + " slices, which a Core ML tensor cannot hold");
        }
        int[] index = new int[(int) total];
        int at = 0;
        for (int i = 0; i < size; i++) {
            for (long r = 0; r < repeats[repeats.length == 1 ? 0 : i]; r++) {
                index[at++] = i;
            }
        }
        return List.of(TensorOps.gather(c.builder(), x, index, axis));
    }

    private static int knownSize(TorchTranslationContext c, Var x, int axis) {
        Dim d = x.tensorType().shape().dim(axis);
        if (!d.isKnown()) {
            throw c.error("`" + c.node().kind() + "` along symbolic dim " + d + " of " + x.tensorType() + " is not "
                    + "supported; give the input static shapes");
        }
        return (int) d.size();
    }
}
