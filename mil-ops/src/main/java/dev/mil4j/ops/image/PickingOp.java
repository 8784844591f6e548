package dev.mil4j.ops.image;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Base of the image ops that only move elements ({@code batch_to_space}, {@code space_to_batch}, {@code crop},
 * {@code resize_nearest_neighbor}): each output element is an element of {@code x} or a zero of padding. Their spec
 * is {@code x} in {@code T} = fp16, fp32 and const parameters; the value folds when {@code x} is const, each output
 * element read where {@link #source} says.
 */
abstract class PickingOp extends OpDef {
    protected PickingOp(String name, Consumer<InputSpec.Builder> params) {
        super(name, Opset.IOS15, ImageOps.floatSpec(params));
    }

    /** Where the elements of the output (shape {@code out}, as inferred) read {@code x} (shape {@code in}). */
    protected abstract Picks.Source source(InferenceContext ctx, Shape in, Shape out);

    @Override
    public final Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        Optional<TensorValue> x = ctx.value("x");
        if (x.isEmpty()) {
            return Optional.empty();
        }
        Shape out = ((TensorType) inferTypes(ctx).get(0)).shape();
        return Picks.pick(x.get(), out, source(ctx, x.get().shape(), out)).map(List::of);
    }
}
