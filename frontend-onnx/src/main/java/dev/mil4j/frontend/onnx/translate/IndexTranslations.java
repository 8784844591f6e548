package dev.mil4j.frontend.onnx.translate;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import dev.mil4j.frontend.onnx.OnnxTranslations;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.TensorOps;
import java.util.List;

/**
 * Slicing and index-driven data movement: {@code Slice} ({@link SliceTranslation}), {@code Gather}, {@code NonZero}
 * (MIL's {@code non_zero} transposed to ONNX's {@code [rank, count]}), and {@code GatherND}, {@code ScatterND} and
 * {@code ReverseSequence}, which map one to one onto MIL's
 * {@code gather_nd}, {@code scatter_nd} and {@code reverse_sequence} (indices and lengths are int32 in MIL; the
 * frontend narrows ONNX's int64 ones when it reads them).
 */
final class IndexTranslations {
    private IndexTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                OnnxTranslations.of("Gather", 1, IndexTranslations::gather),
                OnnxTranslations.of("Compress", 9, IndexTranslations::compress),
                OnnxTranslations.of("GatherElements", 11, (n, c) -> {
                    Var x = c.input(0);
                    int axis = c.axis(n.intAttribute("axis", 0), x.tensorType().rank());
                    return List.of(TensorOps.gatherAlongAxis(c.builder(), x, nonNegative(c.builder(), c.input(1), x,
                            axis), axis));
                }),
                OnnxTranslations.of("GatherND", 11, IndexTranslations::gatherNd),
                OnnxTranslations.of("OneHot", 9, IndexTranslations::oneHot),
                OnnxTranslations.of("Scatter", 9, IndexTranslations::scatterElements),
                OnnxTranslations.of("ScatterElements", 11, IndexTranslations::scatterElements),
                OnnxTranslations.of("ReverseSequence", 10, (n, c) -> List.of(TensorOps.reverseSequence(c.builder(),
                        c.input(0), c.input(1), (int) n.intAttribute("time_axis", 0),
                        (int) n.intAttribute("batch_axis", 1)))),
                OnnxTranslations.of("ScatterND", 11, IndexTranslations::scatterNd),
                OnnxTranslations.of("Trilu", 14, IndexTranslations::trilu),
                OnnxTranslations.of("NonZero", 9, (n, c) -> List.of(TensorOps.transpose(c.builder(),
                        TensorOps.nonZero(c.builder(), c.input(0)), 1, 0))),
                OnnxTranslations.of("Slice", 1, SliceTranslation::sliceAttributes),
                OnnxTranslations.of("Slice", 10, SliceTranslation::slice));
    }

    /** The size of dim {@code axis} of {@code x}: a constant when known, from {@code shape} otherwise. */
    static Var dimSize(Builder b, Var x, int axis) {
        Dim d = x.tensorType().shape().dim(axis);
        return d.isKnown() ? b.constant(TensorValue.scalar((int) d.size()))
                : TensorOps.gather(b, MathOps.shape(b, x), b.constant(TensorValue.scalar(axis)), 0);
    }

    /** Indices into dim {@code axis} of {@code x} with negative ones counted from the end. */
    static Var nonNegative(Builder b, Var indices, Var x, int axis) {
        Var zero = b.constant(TensorValue.fromDoubles(indices.tensorType().dtype(), Shape.scalar(), 0));
        return TensorOps.select(b, MathOps.less(b, indices, zero), MathOps.add(b, indices, dimSize(b, x, axis)),
                indices);
    }

    /**
     * {@code Trilu}: keeps the elements on and above ({@code upper=1}) or on and below diagonal {@code k} (input 1,
     * default 0, may be a run-time value) of the last two dims: {@code select(col - row >= k, x, 0)}.
     */
    private static List<Var> trilu(OnnxNode n, OnnxTranslationContext c) {
        Builder b = c.builder();
        Var x = c.input(0);
        int rank = x.tensorType().rank();
        Var one = b.constant(TensorValue.scalar(1));
        Var zeroI = b.constant(TensorValue.scalar(0));
        Var rows = TensorOps.expandDims(b, MathOps.range1d(b, zeroI, dimSize(b, x, rank - 2), one), 1);
        Var cols = TensorOps.expandDims(b, MathOps.range1d(b, zeroI, dimSize(b, x, rank - 1), one), 0);
        Var diff = MathOps.sub(b, cols, rows);
        Var k = c.hasInput(1) ? c.input(1) : zeroI;
        if (k.tensorType().dtype() != DType.INT32) {
            k = MathOps.cast(b, k, DType.INT32);
        }
        Var keep = n.intAttribute("upper", 1) != 0 ? MathOps.greaterEqual(b, diff, k) : MathOps.lessEqual(b, diff, k);
        Var zero = b.constant(TensorValue.fromDoubles(x.tensorType().dtype(), Shape.scalar(), 0));
        return List.of(TensorOps.select(b, keep, x, zero));
    }

    /**
     * {@code Compress}: the slices along {@code axis} (of the flattened input without one) where the condition is
     * true, as {@code gather} at the indices {@code non_zero} finds; the length is known only at run time.
     */
    private static List<Var> compress(OnnxNode n, OnnxTranslationContext c) {
        Builder b = c.builder();
        Var x = c.input(0);
        int axis = 0;
        if (n.intAttribute("axis").isPresent()) {
            axis = c.axis(n.intAttribute("axis").getAsLong(), x.tensorType().rank());
        } else {
            x = TensorOps.reshape(b, x, -1);
        }
        Var indices = TensorOps.squeeze(b, TensorOps.nonZero(b, c.input(1)), 1);
        return List.of(TensorOps.gather(b, x, indices, axis));
    }

    /** {@code scatter_along_axis}; {@code reduction} (opset 16, 18) none is MIL's {@code update}. */
    private static List<Var> scatterElements(OnnxNode n, OnnxTranslationContext c) {
        Var data = c.input(0);
        int axis = c.axis(n.intAttribute("axis", 0), data.tensorType().rank());
        String reduction = n.stringAttribute("reduction", "none");
        String mode = switch (reduction) {
            case "none" -> "update";
            case "add", "mul", "max", "min" -> reduction;
            default -> throw c.error("has reduction `" + reduction + "`; expected none, add, mul, max or min");
        };
        Builder b = c.builder();
        return List.of(TensorOps.scatterAlongAxis(b, data, nonNegative(b, c.input(1), data, axis), c.input(2), axis,
                mode));
    }

    /**
     * {@code OneHot(indices, depth, values)}: MIL's {@code one_hot} with 1 and 0, then {@code off + hot (on - off)}
     * with the run-time values; negative indices count from {@code depth}.
     */
    private static List<Var> oneHot(OnnxNode n, OnnxTranslationContext c) {
        Builder b = c.builder();
        Var indices = c.input(0);
        if (indices.tensorType().dtype() != DType.INT32) {
            indices = MathOps.cast(b, indices, DType.INT32);
        }
        Var depth = c.input(1);
        depth = depth.tensorType().isScalar() ? depth : TensorOps.reshape(b, depth);
        if (depth.tensorType().dtype() != DType.INT32) {
            depth = MathOps.cast(b, depth, DType.INT32);
        }
        Var zero = b.constant(TensorValue.scalar(0));
        indices = TensorOps.select(b, MathOps.less(b, indices, zero), MathOps.add(b, indices, depth), indices);
        int axis = c.axis(n.intAttribute("axis", -1), indices.tensorType().rank() + 1);
        Var values = c.input(2);
        Var hot = TensorOps.oneHot(b, indices, depth, axis, 1f, 0f);
        if (hot.tensorType().dtype() != values.tensorType().dtype()) {
            hot = MathOps.cast(b, hot, values.tensorType().dtype());
        }
        Var off = TensorOps.gather(b, values, b.constant(TensorValue.scalar(0)), 0);
        Var on = TensorOps.gather(b, values, b.constant(TensorValue.scalar(1)), 0);
        return List.of(MathOps.add(b, off, MathOps.mul(b, hot, MathOps.sub(b, on, off))));
    }

    /**
     * {@code batch_dims} (opset 12) is iOS16's {@code gather_nd}; before iOS16 the batch coordinates are prepended to
     * every index tuple (a constant grid; the indices need a static shape), which makes it a plain {@code gather_nd}.
     */
    private static List<Var> gatherNd(OnnxNode n, OnnxTranslationContext c) {
        int batchDims = (int) n.intAttribute("batch_dims", 0);
        Builder b = c.builder();
        if (batchDims == 0 || b.function().opset().compareTo(Opset.IOS16) >= 0) {
            return List.of(TensorOps.gatherNd(b, c.input(0), c.input(1), batchDims));
        }
        Var indices = c.input(1);
        long[] s = c.staticShape(indices, "GatherND with batch_dims before iOS16");
        int rank = s.length;
        if (batchDims < 0 || batchDims >= rank) {
            throw c.error("has batch_dims=" + batchDims + " for indices of rank " + rank);
        }
        long[] gridShape = s.clone();
        gridShape[rank - 1] = batchDims;
        int tuples = 1;
        for (int i = 0; i < rank - 1; i++) {
            tuples *= (int) s[i];
        }
        int[] grid = new int[tuples * batchDims];
        for (int t = 0; t < tuples; t++) {
            int rest = t;
            for (int i = rank - 2; i >= 0; i--) {
                int coordinate = (int) (rest % s[i]);
                rest /= (int) s[i];
                if (i < batchDims) {
                    grid[t * batchDims + i] = coordinate;
                }
            }
        }
        if (indices.tensorType().dtype() != DType.INT32) {
            indices = MathOps.cast(b, indices, DType.INT32);
        }
        Var full = TensorOps.concat(b, List.of(b.constant(TensorValue.ofInts(Shape.of(gridShape), grid)), indices),
                rank - 1);
        return List.of(TensorOps.gatherNd(b, c.input(0), full));
    }

    /** ONNX's {@code reduction} (opset 16) is {@code mode} in MIL: none is {@code update}. */
    private static List<Var> scatterNd(OnnxNode n, OnnxTranslationContext c) {
        String reduction = n.stringAttribute("reduction", "none");
        String mode = switch (reduction) {
            case "none" -> "update";
            case "add", "mul", "max", "min" -> reduction;
            default -> throw c.error("has reduction `" + reduction + "`; expected none, add, mul, max or min");
        };
        return List.of(TensorOps.scatterNd(c.builder(), c.input(0), c.input(1), c.input(2), mode));
    }

    /** {@code gather} along {@code axis}; constant negative indices are made positive when the dim is known. */
    private static List<Var> gather(OnnxNode n, OnnxTranslationContext c) {
        Var x = c.input(0);
        int axis = c.axis(n.intAttribute("axis", 0), x.tensorType().rank());
        Var indices = c.input(1);
        Dim d = x.tensorType().shape().dim(axis);
        if (indices.isConst() && d.isKnown()) {
            long[] idx = indices.value().orElseThrow().toLongArray();
            boolean negative = false;
            for (int i = 0; i < idx.length; i++) {
                if (idx[i] < -d.size() || idx[i] >= d.size()) {
                    throw c.error("index " + idx[i] + " is out of range for dim " + axis + " of size " + d.size());
                }
                if (idx[i] < 0) {
                    idx[i] += d.size();
                    negative = true;
                }
            }
            if (negative) {
                indices = c.builder().constant(TensorValue.fromLongs(indices.tensorType().dtype(),
                        indices.tensorType().shape(), idx));
            }
        }
        return List.of(TensorOps.gather(c.builder(), x, indices, axis));
    }
}
