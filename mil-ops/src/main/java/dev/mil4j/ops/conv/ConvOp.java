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

/**
 * {@code conv}: 1-d, 2-d or 3-d convolution of {@code x} with {@code weight}, plus an optional bias.
 *
 * <p>Inputs: {@code x: tensor<[n, C_in, *d_in], T>} with 1 to 3 spatial dims; {@code weight: tensor<[C_out,
 * C_in / groups, *K], T>}; {@code bias: const tensor<[C_out], T>} (optional, zeros); {@code strides: const
 * int32[S]} (default all 1); {@code pad_type: const string} ({@code valid} (default), {@code same}, {@code custom},
 * and from iOS16 {@code same_lower}); {@code pad: const int32[2S]} (before/after per spatial dim, used only with
 * {@code custom}; default zeros); {@code dilations: const int32[S]} (default all 1; above 1 only with a const
 * weight); {@code groups: const int32} (default 1; divides {@code C_in} and {@code C_out}).
 *
 * <p>Output: {@code tensor<[n, C_out, *d_out], T>} with {@code d_out[i] = floor((d_in[i] + pad[2i] + pad[2i+1] -
 * (K[i] - 1) * dilations[i] - 1) / strides[i]) + 1}, or {@code ceil(d_in[i] / strides[i])} for the same paddings.
 *
 * <p>Versions: iOS15 ({@code T}: fp16, fp32); iOS16 adds {@code same_lower}; iOS17 lets {@code weight} and
 * {@code bias} have their own dtype domain {@code U} (fp16, fp32) and a non-const bias.
 */
public final class ConvOp extends OpDef {

    private ConvOp(Opset since, InputSpec spec) {
        super("conv", since, spec);
    }

    /** The iOS15 definition. */
    public static ConvOp ios15() {
        return new ConvOp(Opset.IOS15, spec("T", true));
    }

    /** The iOS16 definition: adds {@code pad_type = same_lower}. */
    public static ConvOp ios16() {
        return new ConvOp(Opset.IOS16, spec("T", true));
    }

    /** The iOS17 definition: {@code weight} and {@code bias} in their own domain {@code U}; bias need not be const. */
    public static ConvOp ios17() {
        return new ConvOp(Opset.IOS17, spec("U", false));
    }

    private static InputSpec spec(String weightVar, boolean constBias) {
        InputSpec.Builder b = InputSpec.builder()
                .tensor("x", "T")
                .tensor("weight", weightVar)
                .tensor("bias", weightVar).optional();
        if (constBias) {
            b.constant();
        }
        b.tensor("strides", DType.INT32).constant().defaultFrom(ctx -> SpatialDims.filled(spatial(ctx), 1))
                .scalar("pad_type", DType.STRING).constant().defaultValue(TensorValue.scalar("valid"))
                .tensor("pad", DType.INT32).constant().defaultFrom(ctx -> SpatialDims.filled(2 * spatial(ctx), 0))
                .tensor("dilations", DType.INT32).constant().defaultFrom(ctx -> SpatialDims.filled(spatial(ctx), 1))
                .scalar("groups", DType.INT32).constant().defaultValue(TensorValue.scalar(1))
                .domain("T", DType.FP16, DType.FP32);
        if (!weightVar.equals("T")) {
            b.domain(weightVar, DType.FP16, DType.FP32);
        }
        return b.build();
    }

    static int spatial(InferenceContext ctx) {
        return ctx.tensor("x").rank() - 2;
    }

    @Override
    public String summary() {
        return "1-d to 3-d convolution with strides, padding, dilations and groups";
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        TensorType w = ctx.tensor("weight");
        int n = ConvOps.spatialRank(x, w, "[C_out, C_in / groups, *kernel]");
        Dim cIn = x.shape().dim(1);
        Dim cOut = w.shape().dim(0);
        Dim wIn = w.shape().dim(1);
        long groups = ConvOps.groups(ctx, cIn);
        if (cOut.isKnown() && cOut.size() % groups != 0) {
            throw new TypeException("groups", "is " + groups + ", which does not divide the " + cOut
                    + " output channels of weight");
        }
        if (cIn.isKnown() && wIn.isKnown() && cIn.size() / groups != wIn.size()) {
            throw new TypeException("weight", "has " + wIn + " input channels in dim 1, but x has " + cIn
                    + " channels and groups is " + groups + " (expected " + cIn.size() / groups + ")");
        }
        ConvOps.checkBias(ctx, cOut);
        long[] strides = SpatialDims.vector(ctx, "strides", n, 1);
        long[] dilations = SpatialDims.vector(ctx, "dilations", n, 1);
        PadType padType = PadType.read(ctx, since());
        long[] pad = padType == PadType.CUSTOM ? SpatialDims.vector(ctx, "pad", 2 * n, 0) : new long[2 * n];
        boolean dilated = false;
        for (long d : dilations) {
            dilated |= d > 1;
        }
        if (dilated && !ctx.isConstant("weight")) {
            throw new TypeException("weight", "must be const when dilations are above 1");
        }
        Dim[] out = new Dim[x.rank()];
        out[0] = x.shape().dim(0);
        out[1] = cOut;
        for (int i = 0; i < n; i++) {
            long effective = ConvOps.dilatedKernel(w, i, dilations[i]);
            out[2 + i] = padType.output(x.shape().dim(2 + i), effective, strides[i], pad, false, i);
        }
        return List.of(x.withShape(Shape.of(out)));
    }
}
