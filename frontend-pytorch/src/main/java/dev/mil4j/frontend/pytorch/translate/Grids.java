package dev.mil4j.frontend.pytorch.translate;

import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorLimits;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.pytorch.TorchTranslationContext;
import dev.mil4j.frontend.pytorch.graph.TorchNode;
import dev.mil4j.ops.TensorOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Coordinate grids, as optical flow and relative position code builds them: {@code linspace} and {@code meshgrid}.
 */
final class Grids {
    private Grids() {
    }

    /**
     * {@code linspace(start, end, steps, dtype, ...)} with known bounds: a constant, computed as PyTorch's CPU kernel
     * does (the first half stepped up from {@code start}, the second half down from {@code end}, so both ends are
     * exact).
     */
    static List<Var> linspace(TorchNode n, TorchTranslationContext c) {
        double start = c.doubleValue(0, "start");
        double end = c.doubleValue(1, "end");
        long steps = c.intValue(2, "steps");
        if (steps < 1 || !TensorLimits.fits(steps)) {
            throw c.error("`" + n.kind() + "` of " + steps + " steps is not supported; give 1 or more that fit a "
                    + "tensor");
        }
        DType dtype = Fills.dtype(c, 3, DType.FP32).orElseThrow();
        int count = (int) steps;
        double[] values = new double[count];
        double step = count == 1 ? 0 : (end - start) / (count - 1);
        for (int i = 0; i < count; i++) {
            values[i] = i < count / 2 ? start + i * step : end - (count - 1 - i) * step;
        }
        DType made = dtype.isFloat() ? DType.FP32 : DType.INT32;
        if (!dtype.isFloat()) {
            for (int i = 0; i < count; i++) {
                values[i] = (long) values[i];
            }
        }
        Var v = c.builder().constant(TensorValue.fromDoubles(made, Shape.of(count), values));
        return List.of(c.cast(v, dtype));
    }

    /**
     * {@code meshgrid(tensors, indexing="ij")}: for 1-d inputs of sizes {@code n0, n1, ...}, input {@code i} laid along
     * dim {@code i} of an {@code [n0, n1, ...]} grid and tiled across the others; {@code indexing="xy"} swaps the
     * first two dims of the grid (the first input varies along the columns). The code unpacks one grid per input.
     */
    static List<Var> meshgrid(TorchNode n, TorchTranslationContext c) {
        List<Var> xs = c.tensorList(0, "tensors");
        String indexing = c.stringValue(1, "indexing").orElse("ij");
        if (!indexing.equals("ij") && !indexing.equals("xy")) {
            throw c.error("`" + n.kind() + "` indexing '" + indexing + "' is not one of 'ij', 'xy'");
        }
        if (xs.size() != n.outputs().size()) {
            throw c.error("`" + n.kind() + "` of " + xs.size() + " tensors gives " + xs.size() + " grids, but the "
                    + "code unpacks " + n.outputs().size());
        }
        int rank = xs.size();
        int[] sizes = new int[rank];
        for (int i = 0; i < rank; i++) {
            Var x = xs.get(i);
            if (x.tensorType().rank() > 1) {
                throw c.error("`" + n.kind() + "` needs 0-d or 1-d tensors, got " + x.tensorType());
            }
            if (x.tensorType().rank() == 0) {
                sizes[i] = 1;
                continue;
            }
            Dim d = x.tensorType().shape().dim(0);
            if (!d.isKnown()) {
                throw c.error("`" + n.kind() + "` of symbolic size " + d + " is not supported; give the input "
                        + "static shapes");
            }
            sizes[i] = (int) d.size();
        }
        boolean xy = indexing.equals("xy") && rank >= 2;
        List<Var> out = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            int axis = xy && i < 2 ? 1 - i : i;
            int[] shape = new int[rank];
            int[] reps = new int[rank];
            Arrays.fill(shape, 1);
            for (int k = 0; k < rank; k++) {
                int size = sizes[xy && k < 2 ? 1 - k : k];
                reps[k] = k == axis ? 1 : size;
            }
            shape[axis] = sizes[i];
            Var laid = TensorOps.reshape(c.builder(), xs.get(i), shape);
            out.add(TensorOps.tile(c.builder(), laid, reps));
        }
        return out;
    }
}
