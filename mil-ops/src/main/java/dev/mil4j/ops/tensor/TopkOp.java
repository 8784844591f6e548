package dev.mil4j.ops.tensor;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;

/**
 * {@code topk(x, k=1, axis=-1, ascending=false)}: the {@code k} largest (or, ascending, smallest) values along
 * {@code axis} and their int32 indices.
 *
 * <p>Inputs: {@code x} (fp16, fp32, int32; iOS17 adds int8, int16, uint8, uint16); {@code k}, const int32 (iOS17:
 * int8, int16, int32; {@code -1} selects all), at most the axis dim; {@code axis}, const int32; {@code ascending},
 * const bool. iOS16 adds {@code sort} (const bool, default true) and {@code return_indices} (const bool, default
 * true: without it only the values are returned). iOS17 adds {@code output_indices_dtype}, const string int32 (default)
 * or uint16, only with {@code return_indices}.
 *
 * <p>Outputs: values ({@code x}'s dtype) and, unless left out, indices, both with the axis dim replaced by {@code k}.
 * Folds when {@code x} is const (ties keep their original order).
 */
public final class TopkOp extends OpDef {
    private final Opset version;

    /** The iOS15 definition. */
    public static TopkOp ios15() {
        return new TopkOp(Opset.IOS15);
    }

    /** The iOS16 definition: adds {@code sort} and {@code return_indices}. */
    public static TopkOp ios16() {
        return new TopkOp(Opset.IOS16);
    }

    /** The iOS17 definition: adds {@code output_indices_dtype} and the 8- and 16-bit integer dtypes. */
    public static TopkOp ios17() {
        return new TopkOp(Opset.IOS17);
    }

    private TopkOp(Opset since) {
        super("topk", since, spec(since));
        this.version = since;
    }

    private static InputSpec spec(Opset since) {
        boolean v17 = since.compareTo(Opset.IOS17) >= 0;
        InputSpec.Builder b = InputSpec.builder().tensor("x", "T");
        if (v17) {
            b.scalar("k", "K");
        } else {
            b.scalar("k", DType.INT32);
        }
        b.constant().defaultValue(TensorValue.scalar(1))
                .scalar("axis", DType.INT32).constant().defaultValue(TensorValue.scalar(-1))
                .scalar("ascending", DType.BOOL).constant().defaultValue(TensorValue.scalar(false));
        if (since.compareTo(Opset.IOS16) >= 0) {
            b.scalar("sort", DType.BOOL).constant().defaultValue(TensorValue.scalar(true))
                    .scalar("return_indices", DType.BOOL).constant().defaultValue(TensorValue.scalar(true));
        }
        if (v17) {
            b.scalar("output_indices_dtype", DType.STRING).constant().optional();
            return b.domain("T", DType.FP16, DType.FP32, DType.INT8, DType.INT16, DType.INT32, DType.UINT8,
                    DType.UINT16).domain("K", Domains.IOS17_INDEX).build();
        }
        return b.domain("T", Domains.IOS15_NUMERIC).build();
    }

    private boolean returnIndices(InferenceContext ctx) {
        return version.compareTo(Opset.IOS16) < 0 || ctx.constBoolean("return_indices");
    }

    private DType indicesDtype(InferenceContext ctx) {
        if (version.compareTo(Opset.IOS17) < 0 || !ctx.isPresent("output_indices_dtype")) {
            return DType.INT32;
        }
        if (!returnIndices(ctx)) {
            throw new TypeException("output_indices_dtype", "can only be set when return_indices is true");
        }
        String name = ctx.constValue("output_indices_dtype").scalarString();
        if (!name.equals("int32") && !name.equals("uint16")) {
            throw new TypeException("output_indices_dtype", "is '" + name + "'; use int32 or uint16");
        }
        return DType.fromMilName(name).orElseThrow();
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        int axis = Args.axis("axis", ctx.constLong("axis"), x.rank());
        Dim k = k(ctx, x.shape().dim(axis));
        TensorType values = x.withShape(x.shape().withDim(axis, k));
        DType indices = indicesDtype(ctx);
        return returnIndices(ctx) ? List.of(values, values.withDtype(indices)) : List.of(values);
    }

    private Dim k(InferenceContext ctx, Dim axisDim) {
        long k = ctx.constLong("k");
        if (k == -1 && version.compareTo(Opset.IOS17) >= 0) {
            return axisDim;
        }
        if (k <= 0) {
            throw new TypeException("k", "must be positive, got " + k);
        }
        if (axisDim.isKnown() && k > axisDim.size()) {
            throw new TypeException("k", "is " + k + ", larger than the axis dim of x (" + axisDim + ")");
        }
        return Dim.of(k);
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        return Values.foldableInput(ctx, "x").map(x -> fold(ctx, x));
    }

    private List<TensorValue> fold(InferenceContext ctx, TensorValue x) {
        int axis = Args.axis("axis", ctx.constLong("axis"), x.shape().rank());
        long k = k(ctx, x.shape().dim(axis)).size();
        TensorValue order = Sorting.order(x, axis, k, ctx.constBoolean("ascending"));
        TensorValue values = Sorting.pick(x, axis, order);
        return returnIndices(ctx) ? List.of(values, order.cast(indicesDtype(ctx))) : List.of(values);
    }

    @Override
    public String summary() {
        return "k largest or smallest values along an axis and their indices";
    }
}
