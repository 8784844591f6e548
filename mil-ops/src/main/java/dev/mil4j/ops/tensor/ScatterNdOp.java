package dev.mil4j.ops.tensor;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.internal.TensorIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code scatter_nd(data, indices, updates, mode="add")}: the inverse of {@code gather_nd}: for each index tuple
 * {@code t} in the last dim of {@code indices}, {@code data[t] (mode)= updates[...]}.
 *
 * <p>Inputs: {@code data} (fp16, fp32, int32); {@code indices}, int32, shape {@code [*M, K]}; {@code updates} of shape
 * {@code indices.shape[:-1] + data.shape[K:]} and {@code data}'s dtype; {@code mode}, const string: update, add, sub,
 * mul, div, max or min, default add. iOS17 adds {@code validate_indices}, const bool, default false, and accepts only
 * non-negative indices. Output: {@code data}'s type. Tuples are applied in order (the last update wins); folds when
 * every input is const.
 */
public final class ScatterNdOp extends OpDef {
    private final Opset version;

    /** The iOS15 definition. */
    public static ScatterNdOp ios15() {
        return new ScatterNdOp(Opset.IOS15);
    }

    /** The iOS17 definition: adds {@code validate_indices} and accepts only non-negative indices. */
    public static ScatterNdOp ios17() {
        return new ScatterNdOp(Opset.IOS17);
    }

    private ScatterNdOp(Opset since) {
        super("scatter_nd", since, Scatters.spec(since, false));
        this.version = since;
    }

    @Override
    public String summary() {
        return "writes slices into data at index tuples (inverse of gather_nd)";
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType data = ctx.tensor("data");
        TensorType indices = ctx.tensor("indices");
        TensorType updates = ctx.tensor("updates");
        Scatters.checkMode(ctx);
        int k = GatherNdOp.tupleLength(data, indices, 0);
        List<Dim> expected = new ArrayList<>(indices.shape().slice(0, indices.rank() - 1).dims());
        expected.addAll(data.shape().slice(k, data.rank()).dims());
        Shape want = Shape.of(expected);
        if (!Shapes.compatible(updates.shape(), want)) {
            throw new TypeException("updates", "has shape " + updates.shape() + ", but data " + data.shape()
                    + " and indices " + indices.shape() + " need " + want);
        }
        if (version.compareTo(Opset.IOS17) >= 0 && ctx.constBoolean("validate_indices")) {
            ctx.value("indices").ifPresent(v -> GatherNdOp.checkTuples(v, data.shape(), 0, k, false));
        }
        return List.of(data);
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        Optional<TensorValue> dv = ctx.value("data");
        Optional<TensorValue> iv = ctx.value("indices");
        Optional<TensorValue> uv = ctx.value("updates");
        if (dv.isEmpty() || iv.isEmpty() || uv.isEmpty()) {
            return Optional.empty();
        }
        inferTypes(ctx);
        TensorValue data = dv.get();
        if (!Values.foldable(data.shape())) {
            return Optional.empty();
        }
        TensorValue ind = iv.get();
        long[] ds = data.shape().toLongArray();
        long[] is = ind.shape().toLongArray();
        int k = (int) is[is.length - 1];
        GatherNdOp.checkTuples(ind, data.shape(), 0, k, version.compareTo(Opset.IOS17) < 0);
        long[] strides = TensorIndex.strides(ds);
        long inner = Values.product(ds, k, ds.length);
        long tuples = Values.product(is, 0, is.length - 1);
        double[] out = data.toDoubleArray();
        double[] upd = uv.get().toDoubleArray();
        String mode = ctx.constValue("mode").scalarString().toLowerCase(Locale.ROOT);
        for (long t = 0; t < tuples; t++) {
            long base = 0;
            for (int j = 0; j < k; j++) {
                long v = ind.getLong(t * k + j);
                base += (v < 0 ? v + ds[j] : v) * strides[j];
            }
            for (long r = 0; r < inner; r++) {
                int p = Math.toIntExact(base + r);
                out[p] = combine(mode, out[p], upd[(int) (t * inner + r)]);
            }
        }
        return Optional.of(List.of(Values.numbers(data.dtype(), data.shape(), out)));
    }

    /** One scatter step: the current value combined with an update by {@code mode}. */
    static double combine(String mode, double current, double update) {
        return switch (mode) {
            case "update" -> update;
            case "add" -> current + update;
            case "sub" -> current - update;
            case "mul" -> current * update;
            case "div" -> current / update;
            case "max" -> Math.max(current, update);
            case "min" -> Math.min(current, update);
            default -> throw new TypeException("mode", "is '" + mode + "'");
        };
    }
}
