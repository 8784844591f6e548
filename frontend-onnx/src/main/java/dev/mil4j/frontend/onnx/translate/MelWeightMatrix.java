package dev.mil4j.frontend.onnx.translate;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import dev.mil4j.frontend.onnx.OnnxTypes;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.TensorOps;
import java.util.List;

/**
 * {@code MelWeightMatrix}-17 ({@code num_mel_bins}, {@code dft_length}, {@code sample_rate},
 * {@code lower_edge_hertz}, {@code upper_edge_hertz}): the {@code [dft_length / 2 + 1, num_mel_bins]} matrix of
 * triangular filters, built of MIL ops that fold to a constant when the inputs are constant (as exported models
 * have them) and compute it at run time otherwise.
 *
 * <p>The {@code num_mel_bins + 2} edges are evenly spaced on the mel scale ({@code 2595 log10(1 + hz / 700)}) from
 * the lower to the upper edge, in steps of {@code (high - low) / (num_mel_bins + 2)}, and turned into spectrogram bins
 * {@code floor((dft_length + 1) hz / sample_rate)}. Filter {@code i} with edges {@code lower, center, upper} weighs bin
 * {@code j}: {@code (upper - j) / (upper - center)} for {@code center <= j < upper}, 1 at {@code j = center}, and
 * {@code (j - lower) / (center - lower)} for {@code lower <= j < center}; 0 elsewhere.
 */
final class MelWeightMatrix {
    private MelWeightMatrix() {
    }

    static List<Var> translate(OnnxNode n, OnnxTranslationContext c) {
        Builder b = c.builder();
        Var bins = intScalar(b, c.input(0));
        Var length = intScalar(b, c.input(1));
        Var rate = floatScalar(b, c.input(2));
        Var low = floatScalar(b, c.input(3));
        Var high = floatScalar(b, c.input(4));
        Var lowMel = mel(b, low);
        Var edgesCount = MathOps.add(b, bins, 2);
        Var step = MathOps.realDiv(b, MathOps.sub(b, mel(b, high), lowMel), MathOps.cast(b, edgesCount, DType.FP32));
        Var zero = b.constant(TensorValue.scalar(0));
        Var one = b.constant(TensorValue.scalar(1));
        Var edgeMel = MathOps.add(b, MathOps.mul(b, MathOps.cast(b, MathOps.range1d(b, zero, edgesCount, one),
                DType.FP32), step), lowMel);
        Var edgeHz = MathOps.mul(b, MathOps.add(b, MathOps.exp(b, MathOps.mul(b, edgeMel, Math.log(10) / 2595)), -1),
                700);
        Var lengthF = MathOps.cast(b, length, DType.FP32);
        Var edges = MathOps.floor(b, MathOps.realDiv(b, MathOps.mul(b, MathOps.add(b, lengthF, 1), edgeHz), rate));
        // one range for the three edges of every filter, so that their lengths are one (run-time) dim
        Var filters = MathOps.range1d(b, zero, bins, one);
        Var lower = TensorOps.expandDims(b, TensorOps.gather(b, edges, filters, 0), 0);
        Var center = TensorOps.expandDims(b, TensorOps.gather(b, edges, MathOps.add(b, filters, 1), 0), 0);
        Var upper = TensorOps.expandDims(b, TensorOps.gather(b, edges, MathOps.add(b, filters, 2), 0), 0);
        Var spectrumBins = MathOps.add(b, MathOps.floorDiv(b, length, b.constant(TensorValue.scalar(2))), 1);
        Var j = TensorOps.expandDims(b, MathOps.cast(b, MathOps.range1d(b, zero, spectrumBins, one), DType.FP32), 1);
        Var falling = MathOps.realDiv(b, MathOps.sub(b, upper, j), MathOps.sub(b, upper, center));
        Var rising = MathOps.realDiv(b, MathOps.sub(b, j, lower), MathOps.sub(b, center, lower));
        Var zeroF = b.constant(TensorValue.scalar(0f));
        Var w = TensorOps.select(b, MathOps.logicalAnd(b, MathOps.lessEqual(b, lower, j), MathOps.less(b, j, center)),
                rising, zeroF);
        w = TensorOps.select(b, MathOps.equal(b, j, center), b.constant(TensorValue.scalar(1f)), w);
        w = TensorOps.select(b, MathOps.logicalAnd(b, MathOps.lessEqual(b, center, j), MathOps.less(b, j, upper)),
                falling, w);
        int type = (int) n.intAttribute("output_datatype", 1);
        DType d = OnnxTypes.computeDtype(type).orElseThrow(() -> c.error("has output_datatype "
                + OnnxTypes.name(type) + ", which has no MIL equivalent"));
        return List.of(d == DType.FP32 ? w : MathOps.cast(b, w, d));
    }

    /** {@code 2595 log10(1 + hz / 700)}. */
    private static Var mel(Builder b, Var hz) {
        Var ratio = MathOps.realDiv(b, hz, b.constant(TensorValue.scalar(700f)));
        return MathOps.mul(b, MathOps.log(b, MathOps.add(b, ratio, 1)), 2595 / Math.log(10));
    }

    private static Var intScalar(Builder b, Var v) {
        v = v.tensorType().isScalar() ? v : TensorOps.reshape(b, v);
        return v.tensorType().dtype() == DType.INT32 ? v : MathOps.cast(b, v, DType.INT32);
    }

    private static Var floatScalar(Builder b, Var v) {
        v = v.tensorType().isScalar() ? v : TensorOps.reshape(b, v);
        return v.tensorType().dtype() == DType.FP32 ? v : MathOps.cast(b, v, DType.FP32);
    }
}
