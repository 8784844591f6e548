package dev.mil4j.frontend.onnx.translate;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import java.util.Arrays;
import java.util.Optional;

/**
 * The dequantization of a constant 8-bit weight ({@code DequantizeLinear} of an int8 or uint8 initializer with a
 * constant scale and zero point, as ONNX Runtime's QDQ quantizer writes them) kept compressed: MIL's
 * {@code constexpr_affine_dequantize} on iOS16 and iOS17 (per tensor or per axis) and
 * {@code constexpr_blockwise_shift_scale} from iOS18 (per tensor, per axis, or per block of opset 21's
 * {@code block_size}), so that the written ML Program stores the 8-bit values and Core ML dequantizes them when the
 * model loads. Blocked scales before iOS18, and every other target, fold into a float constant instead
 * (see {@link QuantizationTranslations}).
 */
final class QuantizedWeights {
    private QuantizedWeights() {
    }

    /**
     * How a scale (and zero point) maps onto the data: per tensor ({@code axis < 0}), per entry of {@code axis}
     * ({@code block == 0}) or per {@code block} entries of {@code axis}.
     */
    record Granularity(int axis, int block) {
        boolean perTensor() {
            return axis < 0;
        }
    }

    /** The constexpr op dequantizing the node's constant data, or empty when it does not apply. */
    static Optional<Var> constexpr(OnnxTranslationContext c, Granularity g) {
        if (!c.keepsCompressedWeights()) {
            return Optional.empty();
        }
        Optional<TensorValue> data = c.constInput(0).flatMap(x -> eightBit(c, x));
        Optional<TensorValue> scale = c.constInput(1).filter(s -> s.dtype() == DType.FP32 || s.dtype() == DType.FP16);
        Optional<TensorValue> zero = c.hasInput(2) ? c.constInput(2) : Optional.of(TensorValue.scalar(0));
        if (data.isEmpty() || scale.isEmpty() || zero.isEmpty() || data.get().shape().rank() == 0) {
            return Optional.empty();
        }
        TensorValue q = data.get();
        TensorValue z = TensorValue.fromLongs(q.dtype(), zero.get().shape(), zero.get().toLongArray());
        boolean ios18 = c.builder().function().opset().compareTo(Opset.IOS18) >= 0;
        if (ios18) {
            return blocked(c, g, q, scale.get(), z);
        }
        if (g.block() != 0) {
            return Optional.empty(); // blocks arrive with iOS18
        }
        Builder b = c.builder();
        return Optional.of(b.op("constexpr_affine_dequantize")
                .input("quantized_data", b.constant(q))
                .input("zero_point", b.constant(z))
                .input("scale", b.constant(scale.get()))
                .input("axis", b.constant(TensorValue.scalar(g.perTensor() ? 0 : g.axis())))
                .output());
    }

    /** {@code constexpr_blockwise_shift_scale}: the scale and offset have the data's rank, a block per entry. */
    private static Optional<Var> blocked(OnnxTranslationContext c, Granularity g, TensorValue q, TensorValue scale,
            TensorValue zero) {
        long[] dims = q.shape().toLongArray();
        // per tensor: one entry; per axis: one per entry of the axis; per block: ONNX's scale, of the data's shape
        // but for the axis, which has one entry per block
        long[] table = g.block() == 0 ? new long[dims.length] : dims.clone();
        if (g.block() == 0) {
            Arrays.fill(table, 1);
        }
        if (!g.perTensor()) {
            if (g.block() != 0 && dims[g.axis()] % g.block() != 0) {
                return Optional.empty(); // a partial last block: MIL's blocks divide the axis
            }
            table[g.axis()] = g.block() == 0 ? dims[g.axis()] : dims[g.axis()] / g.block();
        }
        Shape shape = Shape.of(table);
        long entries = shape.elementCount().orElseThrow();
        if (scale.elementCount() != entries || zero.elementCount() != 1 && zero.elementCount() != entries) {
            return Optional.empty();
        }
        Builder b = c.builder();
        Builder.OpBuilder op = b.op("constexpr_blockwise_shift_scale")
                .input("data", b.constant(q))
                .input("scale", b.constant(scale.reshape(shape)));
        if (Arrays.stream(zero.toLongArray()).anyMatch(v -> v != 0)) {
            long[] offsets = zero.elementCount() == 1 ? filled(entries, zero.getLong(0))
                    : zero.toLongArray();
            op.input("offset", b.constant(TensorValue.fromLongs(q.dtype(), shape, offsets)));
        }
        return Optional.of(op.output());
    }

    private static long[] filled(long count, long value) {
        long[] out = new long[Math.toIntExact(count)];
        Arrays.fill(out, value);
        return out;
    }

    /** The data as int8 or uint8 values (the dtype the model declares for it), or empty for other types. */
    private static Optional<TensorValue> eightBit(OnnxTranslationContext c, TensorValue x) {
        int declared = c.declaredType(0).orElse(-1);
        DType dtype = x.dtype() == DType.INT8 || x.dtype() == DType.UINT8 ? x.dtype()
                : declared == 3 ? DType.INT8 : declared == 2 ? DType.UINT8 : null;
        if (dtype == null) {
            return Optional.empty();
        }
        return Optional.of(x.dtype() == dtype ? x : TensorValue.fromLongs(dtype, x.shape(), x.toLongArray()));
    }

    /**
     * A blocked scale or zero point (a block of {@code block} entries along {@code axis} per value) repeated to the
     * data's size along that axis ({@code length}; the last block may be partial), so it broadcasts elementwise.
     */
    static TensorValue expandBlocks(TensorValue t, int axis, int block, long length) {
        long[] dims = t.shape().toLongArray();
        long outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= dims[i];
        }
        long inner = 1;
        for (int i = axis + 1; i < dims.length; i++) {
            inner *= dims[i];
        }
        double[] out = new double[Math.toIntExact(outer * length * inner)];
        int k = 0;
        for (long o = 0; o < outer; o++) {
            for (long a = 0; a < length; a++) {
                for (long i = 0; i < inner; i++) {
                    out[k++] = t.getDouble((o * dims[axis] + a / block) * inner + i);
                }
            }
        }
        long[] shape = dims.clone();
        shape[axis] = length;
        return TensorValue.fromDoubles(t.dtype(), Shape.of(shape), out);
    }
}
