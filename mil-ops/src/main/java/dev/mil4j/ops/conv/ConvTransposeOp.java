package dev.mil4j.ops.conv;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;

/**
 * {@code conv_transpose}: transposed (fractionally strided) 1-d to 3-d convolution, the gradient of {@code conv}.
 *
 * <p>Inputs: {@code x: tensor<[n, C_in, *d_in], T>}; {@code weight: const tensor<[C_in, C_out / groups, *K], T>};
 * {@code bias: const tensor<[C_out], T>} (optional); {@code pad: const int32[2S]} (default zeros, used with
 * {@code custom}); {@code output_shape: const int32[rank]} (optional: the full output shape, starting with
 * {@code [n, C_out]}); {@code pad_type: const string} ({@code valid} (default), {@code same} or {@code custom});
 * {@code strides}, {@code dilations: const int32[S]} (default all 1); {@code groups: const int32} (default 1).
 *
 * <p>Output: {@code tensor<[n, C_out, *d_out], T>}: {@code output_shape} when given, else per spatial dim
 * {@code valid}: {@code (d_in - 1) * stride + (K - 1) * dilation + 1}; {@code custom}: that minus both pads;
 * {@code same}: {@code d_in * stride}.
 *
 * <p>Versions: iOS15 ({@code T}: fp16, fp32); iOS17 lets {@code weight} and {@code bias} have their own domain
 * {@code U} (fp16, fp32) and be non-const.
 */
public final class ConvTransposeOp extends OpDef {

    private ConvTransposeOp(Opset since, InputSpec spec) {
        super("conv_transpose", since, spec);
    }

    /** The iOS15 definition. */
    public static ConvTransposeOp ios15() {
        return new ConvTransposeOp(Opset.IOS15, spec("T", true));
    }

    /** The iOS17 definition: {@code weight} and {@code bias} in domain {@code U}, not necessarily const. */
    public static ConvTransposeOp ios17() {
        return new ConvTransposeOp(Opset.IOS17, spec("U", false));
    }

    private static InputSpec spec(String weightVar, boolean constWeights) {
        InputSpec.Builder b = InputSpec.builder().tensor("x", "T").tensor("weight", weightVar);
        if (constWeights) {
            b.constant();
        }
        b.tensor("bias", weightVar).optional();
        if (constWeights) {
            b.constant();
        }
        b.tensor("pad", DType.INT32).constant().defaultFrom(ctx -> SpatialDims.filled(2 * ConvOp.spatial(ctx), 0))
                .tensor("output_shape", DType.INT32).constant().optional()
                .scalar("pad_type", DType.STRING).constant().defaultValue(TensorValue.scalar("valid"))
                .tensor("strides", DType.INT32).constant()
                .defaultFrom(ctx -> SpatialDims.filled(ConvOp.spatial(ctx), 1))
                .tensor("dilations", DType.INT32).constant()
                .defaultFrom(ctx -> SpatialDims.filled(ConvOp.spatial(ctx), 1))
                .scalar("groups", DType.INT32).constant().defaultValue(TensorValue.scalar(1))
                .domain("T", DType.FP16, DType.FP32);
        if (!weightVar.equals("T")) {
            b.domain(weightVar, DType.FP16, DType.FP32);
        }
        return b.build();
    }

    @Override
    public String summary() {
        return "1-d to 3-d transposed convolution";
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        TensorType w = ctx.tensor("weight");
        int n = ConvOps.spatialRank(x, w, "[C_in, C_out / groups, *kernel]");
        Dim cIn = x.shape().dim(1);
        Dim wIn = w.shape().dim(0);
        if (cIn.isKnown() && wIn.isKnown() && cIn.size() != wIn.size()) {
            throw new TypeException("weight", "has " + wIn + " input channels in dim 0, but x has " + cIn);
        }
        long groups = ConvOps.groups(ctx, cIn);
        Dim cOut = SpatialDims.times(w.shape().dim(1), groups);
        ConvOps.checkBias(ctx, cOut);
        long[] strides = SpatialDims.vector(ctx, "strides", n, 1);
        long[] dilations = SpatialDims.vector(ctx, "dilations", n, 1);
        Optional<TensorValue> outputShape = ctx.value("output_shape");
        if (outputShape.isPresent()) {
            return List.of(x.withShape(explicitShape(outputShape.get(), x, cOut)));
        }
        String padType = ctx.constValue("pad_type").scalarString();
        if (!padType.equals("valid") && !padType.equals("same") && !padType.equals("custom")) {
            throw new TypeException("pad_type", "must be one of valid, same, custom; got '" + padType + "'");
        }
        long[] pad = padType.equals("custom") ? SpatialDims.vector(ctx, "pad", 2 * n, 0) : new long[2 * n];
        Dim[] out = new Dim[x.rank()];
        out[0] = x.shape().dim(0);
        out[1] = cOut;
        for (int i = 0; i < n; i++) {
            long effective = ConvOps.dilatedKernel(w, i, dilations[i]);
            Dim in = x.shape().dim(2 + i);
            out[2 + i] = padType.equals("same") ? SpatialDims.times(in, strides[i])
                    : SpatialDims.transposedWindow(in, effective, strides[i], pad[2 * i] + pad[2 * i + 1]);
            if (out[2 + i].isKnown() && out[2 + i].size() < 1) {
                throw new TypeException("pad", "removes the whole of spatial dimension " + i + " (output size "
                        + ((in.size() - 1) * strides[i] + effective - pad[2 * i] - pad[2 * i + 1]) + ")");
            }
        }
        return List.of(x.withShape(Shape.of(out)));
    }

    private static Shape explicitShape(TensorValue value, TensorType x, Dim cOut) {
        long[] dims = value.toLongArray();
        if (value.shape().rank() != 1 || dims.length != x.rank()) {
            throw new TypeException("output_shape", "must hold " + x.rank() + " sizes (the full output shape, like "
                    + "x's rank), got shape " + value.shape());
        }
        Dim batch = x.shape().dim(0);
        if (batch.isKnown() && dims[0] != batch.size()) {
            throw new TypeException("output_shape", "starts with " + dims[0] + ", but the batch of x is " + batch);
        }
        if (cOut.isKnown() && dims[1] != cOut.size()) {
            throw new TypeException("output_shape", "has " + dims[1] + " channels, but weight and groups give "
                    + cOut);
        }
        Dim[] out = new Dim[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 1) {
                throw new TypeException("output_shape", "must hold positive sizes, got " + value);
            }
            out[i] = Dim.of(dims[i]);
        }
        if (!batch.isKnown()) {
            out[0] = batch;
        }
        return Shape.of(out);
    }
}
