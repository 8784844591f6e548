package dev.mil4j.ops.norm;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import java.util.List;
import java.util.Optional;

/**
 * The normalization family: ops whose output has the type of {@code x} (T: fp16, fp32) and whose other inputs are
 * const parameters. From iOS17 the parameters have their own dtype domain {@code U} (fp16, fp32); the subclasses
 * declare their inputs with {@link #paramVar(Opset)}.
 */
public abstract class NormalizationOp extends OpDef {

    protected NormalizationOp(String name, Opset since, InputSpec inputs) {
        super(name, since, inputs);
    }

    /** The type variable of the parameters: {@code T} (shared with {@code x}) before iOS17, {@code U} after. */
    protected static String paramVar(Opset since) {
        return since.compareTo(Opset.IOS17) >= 0 ? "U" : "T";
    }

    /** Declares domain {@code T} and, from iOS17, {@code U}. */
    protected static InputSpec.Builder domains(InputSpec.Builder b, Opset since) {
        b.domain("T", DType.FP16, DType.FP32);
        if (since.compareTo(Opset.IOS17) >= 0) {
            b.domain("U", DType.FP16, DType.FP32);
        }
        return b;
    }

    /** Checks the op's own constraints on {@code x} and its parameters. */
    protected abstract void check(InferenceContext ctx, TensorType x);

    @Override
    public final List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        check(ctx, x);
        return List.of(x);
    }

    /** {@code x} must have rank {@code min} to {@code max}; {@code layout} describes it for the message. */
    protected static void checkRank(TensorType x, int min, int max, String layout) {
        if (x.rank() < min || x.rank() > max) {
            throw new TypeException("x", "must have rank " + (min == max ? min : min + " to " + max) + " (" + layout
                    + "), got " + x);
        }
    }

    /** An optional per-channel input must be a vector as long as the channel dim {@code channels}. */
    protected static void checkPerChannel(InferenceContext ctx, String input, Dim channels) {
        Optional<TensorType> t = ctx.optionalTensor(input);
        if (t.isEmpty()) {
            return;
        }
        TensorType p = t.get();
        if (p.rank() != 1) {
            throw new TypeException(input, "must be a vector with one value per channel (" + channels + "), got "
                    + p);
        }
        Dim len = p.shape().dim(0);
        if (len.isKnown() && channels.isKnown() && len.size() != channels.size()) {
            throw new TypeException(input, "has " + len + " values, but x has " + channels + " channels (dim 1)");
        }
    }
}
