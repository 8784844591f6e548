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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code concat(values, axis, interleave=false)}: joins tensors along {@code axis}.
 *
 * <p>Inputs: {@code values}, one or more tensors of one dtype (fp16, fp32, int32, bool) and one rank (at least 1),
 * equal in every dim but {@code axis}; {@code axis}, const int32; {@code interleave}, const bool, default false: when
 * true the inputs must have the same shape and their slices alternate ({@code a0, b0, a1, b1, ...}).
 *
 * <p>Output: the common shape with the axis dim the sum of the inputs' ({@code B_plus_3} when a symbol is involved;
 * where inputs disagree symbol-vs-size, the size wins). Folds when every value is const, which keeps shape arithmetic
 * such as {@code concat([gather(shape(x), 0), [-1]])} constant.
 */
public final class ConcatOp extends OpDef {
    public ConcatOp() {
        super("concat", Opset.IOS15, InputSpec.builder()
                .tensors("values", "T")
                .scalar("axis", DType.INT32).constant()
                .scalar("interleave", DType.BOOL).constant().defaultValue(TensorValue.scalar(false))
                .domain("T", Domains.IOS15_DATA)
                .build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        List<TensorType> values = ctx.tensors("values");
        if (values.isEmpty()) {
            throw new TypeException("values", "is empty; concat needs at least one tensor");
        }
        TensorType first = values.get(0);
        int rank = first.rank();
        if (rank == 0) {
            throw new TypeException("values", "holds scalars; concat needs rank >= 1 (use stack for scalars)");
        }
        int axis = Args.axis("axis", ctx.constLong("axis"), rank);
        boolean interleave = ctx.constBoolean("interleave");
        Dim[] out = Joining.commonDims(values, interleave ? -1 : axis,
                interleave ? "interleave needs equal shapes" : "only the axis dim may differ");
        if (interleave) {
            out[axis] = DimMath.mul(out[axis], Dim.of(values.size()));
        } else {
            for (int v = 1; v < values.size(); v++) {
                out[axis] = DimMath.add(out[axis], values.get(v).shape().dim(axis));
            }
        }
        return List.of(first.withShape(Shape.of(out)));
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        // interleaved: each round takes one axis position of every value; else all of each value's axis positions
        boolean interleave = ctx.constBoolean("interleave");
        return Joining.fold(ctx, this, (xs, out, axis, blocks) -> {
            long outer = Values.product(out, 0, axis);
            long inner = Values.product(out, axis + 1, out.length);
            for (int v = 0; v < blocks.length; v++) {
                blocks[v] = interleave ? inner : xs.get(v).shape().dim(axis).size() * inner;
            }
            return interleave ? outer * xs.get(0).shape().dim(axis).size() : outer;
        });
    }

    /** Symbolically known vectors joined end to end. */
    @Override
    public Optional<List<SymbolicInt>> inferSymbolicValue(InferenceContext ctx) {
        if (ctx.value("interleave").map(TensorValue::scalarBoolean).orElse(false)) {
            return Optional.empty();
        }
        List<SymbolicInt> out = new ArrayList<>();
        for (Optional<List<SymbolicInt>> part : ctx.symbolicValues("values")) {
            if (part.isEmpty()) {
                return Optional.empty();
            }
            out.addAll(part.get());
        }
        return Optional.of(out);
    }

    @Override
    public String summary() {
        return "joins tensors end to end along an existing axis";
    }
}
