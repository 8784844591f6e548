package dev.mil4j.ops.tensor;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.op.SimpleInferenceContext;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;

/**
 * {@code slice_update(x, update, begin, end, stride?, begin_mask?, end_mask?, squeeze_mask?)} (iOS18): {@code x}
 * with the slice {@code x[begin:end:stride]} replaced by {@code update}.
 *
 * <p>Inputs: {@code x} and {@code update} (fp16, fp32, int8, int16, int32, uint8, uint16, bool); the slice inputs
 * as in {@code slice_by_index} (iOS17): {@code begin} and {@code end}, int8/int16/int32 vectors of length
 * {@code rank(x)}; {@code stride}, {@code begin_mask}, {@code end_mask}, {@code squeeze_mask}, const, optional.
 * {@code update} must have the slice's shape and rank 1 or more. Output: {@code x}'s type. Folds when {@code x},
 * {@code update}, {@code begin} and {@code end} are const.
 */
public final class SliceUpdateOp extends OpDef {
    private static final SliceByIndexOp SLICE = SliceByIndexOp.ios17();
    private static final List<String> SLICE_PARAMS = List.of("stride", "begin_mask", "end_mask", "squeeze_mask");

    public SliceUpdateOp() {
        super("slice_update", Opset.IOS18, InputSpec.builder()
                .tensor("x", "T")
                .tensor("update", "T")
                .tensor("begin", "U")
                .tensor("end", "U")
                .tensor("stride", "U").constant().optional()
                .tensor("begin_mask", DType.BOOL).constant().optional()
                .tensor("end_mask", DType.BOOL).constant().optional()
                .tensor("squeeze_mask", DType.BOOL).constant().optional()
                .domain("T", Domains.IOS17_DATA)
                .domain("U", Domains.IOS17_INDEX)
                .build());
    }

    @Override
    public String summary() {
        return "x with the slice x[begin:end:stride] replaced by update";
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        TensorType update = ctx.tensor("update");
        // slice_update shares slice_by_index's input names and rules: the slice shape comes from its inference
        Shape slice = ((TensorType) SLICE.inferTypes(ctx).get(0)).shape();
        if (update.rank() == 0) {
            throw new TypeException("update", "is a scalar; Core ML needs rank 1 or more (expand_dims it and keep the "
                    + "sliced dim with squeeze_mask false)");
        }
        if (!Shapes.compatible(update.shape(), slice)) {
            throw new TypeException("update", "has shape " + update.shape() + ", but the slice of x " + x.shape()
                    + " has shape " + slice);
        }
        return List.of(x);
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        Optional<TensorValue> xv = ctx.value("x");
        Optional<TensorValue> uv = ctx.value("update");
        Optional<TensorValue> begin = ctx.value("begin");
        Optional<TensorValue> end = ctx.value("end");
        if (xv.isEmpty() || uv.isEmpty() || begin.isEmpty() || end.isEmpty() || !Values.foldable(xv.get().shape())) {
            return Optional.empty();
        }
        inferTypes(ctx);
        TensorValue x = xv.get();
        int n = Math.toIntExact(x.elementCount());
        int[] iota = new int[n];
        for (int i = 0; i < n; i++) {
            iota[i] = i;
        }
        // slicing the flat positions of x says where each element of update goes
        SimpleInferenceContext.Builder positions = SimpleInferenceContext.of(SLICE)
                .input("x", TensorValue.ofInts(x.shape(), iota)).input("begin", begin.get()).input("end", end.get());
        for (String p : SLICE_PARAMS) {
            if (ctx.isPresent(p)) {
                positions.input(p, ctx.constValue(p));
            }
        }
        TensorValue where = SLICE.inferValues(positions.build()).orElseThrow().get(0);
        int[] which = new int[n];
        long[] src = new long[n];
        for (int i = 0; i < n; i++) {
            src[i] = i;
        }
        for (int k = 0; k < where.elementCount(); k++) {
            int p = Math.toIntExact(where.getLong(k));
            which[p] = 1;
            src[p] = k;
        }
        return Optional.of(List.of(Values.takeMany(List.of(x, uv.get().cast(x.dtype())), x.shape(), which, src)));
    }
}
