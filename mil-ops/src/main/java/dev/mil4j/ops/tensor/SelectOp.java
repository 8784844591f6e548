package dev.mil4j.ops.tensor;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.Broadcast;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;

/**
 * {@code select(cond, a, b)}: {@code a} where {@code cond} is true, else {@code b}, element by element with numpy
 * broadcasting of all three.
 *
 * <p>Inputs: {@code cond}, bool; {@code a} and {@code b} of one dtype (fp16, fp32, int32, bool). Output: {@code a}'s
 * dtype, the broadcast shape. Folds when all three are const.
 */
public final class SelectOp extends OpDef {
    public SelectOp() {
        super("select", Opset.IOS15, InputSpec.builder()
                .tensor("cond", DType.BOOL)
                .tensor("a", "T")
                .tensor("b", "T")
                .domain("T", Domains.IOS15_DATA)
                .build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType a = ctx.tensor("a");
        Shape s = Broadcast.shapes(Broadcast.shapes(ctx.tensor("cond").shape(), a.shape()), ctx.tensor("b").shape());
        return List.of(a.withShape(s));
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        if (!ctx.allInputsKnown()) {
            return Optional.empty();
        }
        Shape outShape = ((TensorType) inferTypes(ctx).get(0)).shape();
        if (!Values.foldable(outShape)) {
            return Optional.empty();
        }
        TensorValue cond = ctx.constValue("cond");
        TensorValue a = ctx.constValue("a");
        TensorValue b = ctx.constValue("b");
        long[] out = outShape.toLongArray();
        long[] c = Values.broadcastSource(out, cond.shape().toLongArray());
        long[] sa = Values.broadcastSource(out, a.shape().toLongArray());
        long[] sb = Values.broadcastSource(out, b.shape().toLongArray());
        int[] which = new int[c.length];
        long[] src = new long[c.length];
        for (int i = 0; i < c.length; i++) {
            boolean pickA = cond.getBoolean(c[i]);
            which[i] = pickA ? 0 : 1;
            src[i] = pickA ? sa[i] : sb[i];
        }
        return Optional.of(List.of(Values.takeMany(List.of(a, b), outShape, which, src)));
    }

    @Override
    public String summary() {
        return "picks from a or b by a boolean condition, with broadcasting";
    }
}
