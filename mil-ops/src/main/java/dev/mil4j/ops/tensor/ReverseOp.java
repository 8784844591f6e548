package dev.mil4j.ops.tensor;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;

/**
 * {@code reverse(x, axes?)}: {@code x} with the order of its elements reversed along each of {@code axes}
 * ({@code torch.flip}, {@code tf.reverse}).
 *
 * <p>Inputs: {@code x} (iOS15: fp16, fp32, int32, bool; iOS17 adds int8, int16, uint8, uint16); {@code axes}, const
 * int32 vector, optional: every dim when absent; each in {@code [-rank, rank)}. Output: {@code x}'s type. Folds when
 * {@code x} is const.
 */
public final class ReverseOp extends OpDef {
    /** The iOS15 definition. */
    public static ReverseOp ios15() {
        return new ReverseOp(Opset.IOS15);
    }

    /** The iOS17 definition: adds the 8- and 16-bit integer dtypes. */
    public static ReverseOp ios17() {
        return new ReverseOp(Opset.IOS17);
    }

    private ReverseOp(Opset since) {
        super("reverse", since, InputSpec.builder()
                .tensor("x", "T")
                .tensor("axes", DType.INT32).constant().optional()
                .domain("T", Domains.data(since))
                .build());
    }

    @Override
    public String summary() {
        return "reverses x along axes";
    }

    private static boolean[] reversed(InferenceContext ctx, int rank) {
        boolean[] flip = new boolean[rank];
        if (!ctx.isPresent("axes")) {
            java.util.Arrays.fill(flip, true);
            return flip;
        }
        for (int a : Args.axes("axes", Args.constInts(ctx, "axes"), rank)) {
            flip[a] = true;
        }
        return flip;
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        reversed(ctx, x.rank());
        return List.of(x);
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        return Values.foldableInput(ctx, "x").map(x -> fold(ctx, x));
    }

    private List<TensorValue> fold(InferenceContext ctx, TensorValue x) {
        long[] shape = x.shape().toLongArray();
        boolean[] flip = reversed(ctx, shape.length);
        long[] src = Values.sources(shape, shape, (o, i) -> {
            for (int d = 0; d < shape.length; d++) {
                i[d] = flip[d] ? shape[d] - 1 - o[d] : o[d];
            }
            return true;
        });
        return List.of(Values.take(x, x.shape(), src));
    }
}
