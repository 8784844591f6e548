package dev.mil4j.frontend.onnx.translate;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import dev.mil4j.frontend.onnx.OnnxTranslations;
import dev.mil4j.frontend.onnx.OnnxTypes;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.ReductionOps;
import dev.mil4j.ops.TensorOps;
import java.util.List;
import java.util.Optional;

/**
 * Quantization: {@code QuantizeLinear} ({@code saturate(round(x / scale) + zero_point)}, ties to even, saturating to
 * the zero point's type as the model declares it, uint8 without one), {@code DequantizeLinear}
 * ({@code (x - zero_point) * scale}, per tensor, per {@code axis} or per block of {@code block_size}; constant 8-bit
 * weights stay 8-bit where the target allows, see {@link QuantizedWeights}) and {@code DynamicQuantizeLinear} (uint8:
 * the scale and zero point of the range of {@code x} with 0 included, then
 * {@code saturate(round(x / scale) + zero_point)}, ties to even), computed in float. The integer results are int32,
 * the type Core ML's interface gives uint8.
 */
final class QuantizationTranslations {
    private QuantizationTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                OnnxTranslations.of("DequantizeLinear", 10, QuantizationTranslations::dequantize),
                OnnxTranslations.of("DynamicQuantizeLinear", 11, QuantizationTranslations::dynamicQuantize),
                OnnxTranslations.of("QuantizeLinear", 10, QuantizationTranslations::quantize));
    }

    private static List<Var> quantize(OnnxNode n, OnnxTranslationContext c) {
        Builder b = c.builder();
        refuseBlocked(n, c);
        Var x = toFloat(b, c.input(0));
        int rank = x.tensorType().rank();
        Var scale = c.input(1);
        int axis = scale.tensorType().rank() == 1 && rank > 1 ? c.axis(n.intAttribute("axis", 1), rank) : 0;
        int outputType = (int) n.intAttribute("output_dtype", 0); // opset 21: the type without a zero point
        int type = c.hasInput(2) ? c.declaredType(2).orElseThrow(() -> c.error("has a zero point whose type "
                + "(uint8 or int8) the model does not declare", "declare the zero point's type (an initializer, a "
                + "graph input or a value_info entry)")) : outputType != 0 ? outputType : 2;
        double[] range = switch (type) {
            case 2 -> new double[] {0, 255};
            case 3 -> new double[] {-128, 127};
            case 4 -> new double[] {0, 65535};
            case 5 -> new double[] {-32768, 32767};
            default -> throw c.error("quantizes to ONNX type " + OnnxTypes.name(type)
                    + "; uint8, int8, uint16 and int16 are supported");
        };
        Var q = MathOps.round(b, MathOps.realDiv(b, x, perAxis(b, scale, axis, rank)));
        if (c.hasInput(2)) {
            q = MathOps.add(b, q, perAxis(b, toFloat(b, c.input(2)), axis, rank));
        }
        return List.of(MathOps.cast(b, MathOps.clip(b, q, range[0], range[1]), DType.INT32));
    }

    private static List<Var> dequantize(OnnxNode n, OnnxTranslationContext c) {
        Builder b = c.builder();
        Var x = c.input(0);
        Var scale = c.input(1);
        int rank = x.tensorType().rank();
        int block = (int) n.intAttribute("block_size", 0);
        boolean perTensor = block == 0 && (scale.tensorType().rank() == 0 || rank <= 1
                || scale.tensorType().shape().dim(0).isKnown() && scale.tensorType().shape().dim(0).size() == 1);
        QuantizedWeights.Granularity g = new QuantizedWeights.Granularity(
                perTensor ? -1 : c.axis(n.intAttribute("axis", 1), rank), block);
        Optional<Var> kept = QuantizedWeights.constexpr(c, g);
        if (kept.isPresent()) {
            return List.of(kept.get());
        }
        Var s = block == 0 ? perAxis(b, scale, g.axis(), rank) : expandBlocks(c, scale, g, x, "scale");
        Var xf = toFloat(b, x);
        if (!c.hasInput(2)) {
            return List.of(MathOps.mul(b, xf, s));
        }
        Var zero = block == 0 ? perAxis(b, toFloat(b, c.input(2)), g.axis(), rank)
                : toFloat(b, expandBlocks(c, c.input(2), g, x, "zero point"));
        return List.of(MathOps.mul(b, MathOps.sub(b, xf, zero), s));
    }

    /** A blocked scale or zero point (opset 21's {@code block_size}) repeated to the data's shape. */
    private static Var expandBlocks(OnnxTranslationContext c, Var v, QuantizedWeights.Granularity g, Var x,
            String what) {
        TensorValue t = v.value().orElseThrow(() -> c.error("has a blocked " + what + " (block_size " + g.block()
                + ") computed at run time; blocked quantization is translated with constant scales and zero points"));
        long length = c.staticShape(x, "DequantizeLinear with block_size")[g.axis()];
        if (t.shape().rank() != x.tensorType().rank() || (length + g.block() - 1) / g.block() != t.shape().dim(g.axis())
                .size()) {
            throw c.error("has a blocked " + what + " of shape " + t.shape() + " for data " + x.tensorType()
                    + " with block_size " + g.block() + " on axis " + g.axis(), "the model is invalid");
        }
        return c.builder().constant(QuantizedWeights.expandBlocks(t, g.axis(), g.block(), length));
    }

    /** Blocked quantization (opset 21's {@code block_size}: a scale per block of an axis) of run-time values. */
    private static void refuseBlocked(OnnxNode n, OnnxTranslationContext c) {
        if (n.intAttribute("block_size", 0) != 0) {
            throw c.error("has block_size " + n.intAttribute("block_size", 0) + " (blocked quantization, opset 21), "
                    + "which QuantizeLinear does not translate; per-tensor and per-axis scales are");
        }
    }

    /** fp32 values of an integer tensor: a constant (int8 and uint8 weights included) is converted here. */
    static Var toFloat(Builder b, Var v) {
        if (v.tensorType().dtype() == DType.FP32) {
            return v;
        }
        return v.value().map(t -> b.constant(t.cast(DType.FP32))).orElseGet(() -> MathOps.cast(b, v, DType.FP32));
    }

    /** A per-axis vector {@code [C]} shaped to broadcast along {@code axis} of a rank-{@code rank} tensor. */
    static Var perAxis(Builder b, Var v, int axis, int rank) {
        if (v.tensorType().rank() != 1 || rank <= 1 || axis < 0) {
            return v;
        }
        int[] trailing = new int[rank - 1 - axis];
        for (int i = 0; i < trailing.length; i++) {
            trailing[i] = i + 1;
        }
        return trailing.length == 0 ? v : TensorOps.expandDims(b, v, trailing);
    }

    private static List<Var> dynamicQuantize(OnnxNode n, OnnxTranslationContext c) {
        Builder b = c.builder();
        Var x = c.input(0);
        int[] all = new int[x.tensorType().rank()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        Var zero = b.constant(TensorValue.scalar(0f));
        Var max = MathOps.maximum(b, ReductionOps.reduceMax(b, x, all, false), zero);
        Var min = MathOps.minimum(b, ReductionOps.reduceMin(b, x, all, false), zero);
        Var scale = MathOps.mul(b, MathOps.sub(b, max, min), 1.0 / 255);
        Var zeroPoint = MathOps.clip(b, MathOps.round(b, MathOps.realDiv(b, MathOps.mul(b, min, -1), scale)), 0, 255);
        Var y = MathOps.clip(b, MathOps.add(b, MathOps.round(b, MathOps.realDiv(b, x, scale)), zeroPoint), 0, 255);
        return List.of(MathOps.cast(b, y, DType.INT32), scale, MathOps.cast(b, zeroPoint, DType.INT32));
    }
}
