package dev.mil4j.ops.tensor;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.SymbolicInt;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.internal.Symbolic;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code squeeze(x, axes?)}: removes size-1 dims.
 *
 * <p>Inputs: {@code x} of rank at least 1 (iOS15: fp16, fp32, int32, bool; iOS17 adds int8, int16, uint8, uint16);
 * {@code axes}, an optional const int32 vector. Without {@code axes} every dim known to be 1 goes (symbolic dims stay);
 * with it exactly those dims go, and each must be 1 (a symbolic dim is taken to be 1). Output: {@code x}'s dtype, rank
 * reduced. Folds when {@code x} is const.
 */
public final class SqueezeOp extends OpDef {
    /** The iOS15 definition. */
    public static SqueezeOp ios15() {
        return new SqueezeOp(Opset.IOS15);
    }

    /** The iOS17 definition: adds the 8- and 16-bit integer dtypes. */
    public static SqueezeOp ios17() {
        return new SqueezeOp(Opset.IOS17);
    }

    private SqueezeOp(Opset since) {
        super("squeeze", since, InputSpec.builder()
                .tensor("x", "T")
                .tensor("axes", DType.INT32).constant().optional()
                .domain("T", Domains.data(since))
                .build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        return List.of(x.withShape(squeezed(ctx, x.shape())));
    }

    private static Shape squeezed(InferenceContext ctx, Shape in) {
        if (in.rank() == 0) {
            throw new TypeException("x", "must have rank at least 1, got a scalar");
        }
        boolean[] drop = new boolean[in.rank()];
        if (ctx.isPresent("axes")) {
            for (int a : Args.axes("axes", Args.constInts(ctx, "axes"), in.rank())) {
                Dim d = in.dim(a);
                if (d.isKnown() && d.size() != 1) {
                    throw new TypeException("axes", "names axis " + a + ", but that dim of x " + in + " is "
                            + d + ", not 1");
                }
                drop[a] = true;
            }
        } else {
            for (int i = 0; i < drop.length; i++) {
                drop[i] = DimMath.isSize(in.dim(i), 1);
            }
        }
        List<Dim> out = new ArrayList<>(in.rank());
        for (int i = 0; i < drop.length; i++) {
            if (!drop[i]) {
                out.add(in.dim(i));
            }
        }
        return Shape.of(out);
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        return ctx.value("x").map(x -> List.of(x.reshape(squeezed(ctx, x.shape()))));
    }

    @Override
    public Optional<List<SymbolicInt>> inferSymbolicValue(InferenceContext ctx) {
        return Symbolic.passThrough(ctx);
    }

    @Override
    public String summary() {
        return "removes dims of size 1";
    }
}
