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
import java.util.List;
import java.util.Optional;

/**
 * {@code expand_dims(x, axes)}: inserts size-1 dims.
 *
 * <p>Inputs: {@code x} (iOS15: fp16, fp32, int32, bool; iOS17 adds int8, int16, uint8, uint16); {@code axes}, a
 * non-empty const int32 vector of positions in the output, each in {@code [-(rank+K), rank+K)} for {@code K} axes.
 * Output: {@code x}'s dtype and rank {@code rank(x)+K}. Folds when {@code x} is const.
 */
public final class ExpandDimsOp extends OpDef {
    /** The iOS15 definition. */
    public static ExpandDimsOp ios15() {
        return new ExpandDimsOp(Opset.IOS15);
    }

    /** The iOS17 definition: adds the 8- and 16-bit integer dtypes. */
    public static ExpandDimsOp ios17() {
        return new ExpandDimsOp(Opset.IOS17);
    }

    private ExpandDimsOp(Opset since) {
        super("expand_dims", since, InputSpec.builder()
                .tensor("x", "T")
                .tensor("axes", DType.INT32).constant()
                .domain("T", Domains.data(since))
                .build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        return List.of(x.withShape(expanded(ctx, x.shape())));
    }

    private static Shape expanded(InferenceContext ctx, Shape in) {
        long[] axes = Args.constInts(ctx, "axes");
        if (axes.length == 0) {
            throw new TypeException("axes", "is empty; give at least one axis");
        }
        int outRank = in.rank() + axes.length;
        boolean[] inserted = new boolean[outRank];
        for (int a : Args.axes("axes", axes, outRank)) {
            inserted[a] = true;
        }
        Dim[] out = new Dim[outRank];
        int j = 0;
        for (int i = 0; i < outRank; i++) {
            out[i] = inserted[i] ? Dim.of(1) : in.dim(j++);
        }
        return Shape.of(out);
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        return ctx.value("x").map(x -> List.of(x.reshape(expanded(ctx, x.shape()))));
    }

    @Override
    public Optional<List<SymbolicInt>> inferSymbolicValue(InferenceContext ctx) {
        return Symbolic.passThrough(ctx);
    }

    @Override
    public String summary() {
        return "inserts dims of size 1";
    }
}
