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
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code stack(values, axis)}: joins same-shaped tensors along a new axis.
 *
 * <p>Inputs: {@code values}, one or more tensors of one dtype (fp16, fp32, int32, bool) and one shape (a symbol matches
 * anything); {@code axis}, const int32 in {@code [-(rank+1), rank]}. Output: rank + 1, the new dim is the number of
 * values. Folds when every value is const (stacking scalars into a shape vector, for instance).
 */
public final class StackOp extends OpDef {
    public StackOp() {
        super("stack", Opset.IOS15, InputSpec.builder()
                .tensors("values", "T")
                .scalar("axis", DType.INT32).constant()
                .domain("T", Domains.IOS15_DATA)
                .build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        List<TensorType> values = ctx.tensors("values");
        if (values.isEmpty()) {
            throw new TypeException("values", "is empty; stack needs at least one tensor");
        }
        Dim[] common = Joining.commonDims(values, -1, "stack needs equal shapes");
        int axis = Args.axis("axis", ctx.constLong("axis"), common.length + 1);
        List<Dim> out = new ArrayList<>(List.of(common));
        out.add(axis, Dim.of(values.size()));
        return List.of(values.get(0).withShape(Shape.of(out)));
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        // each round takes the next inner elements of every value
        return Joining.fold(ctx, this, (xs, out, axis, blocks) -> {
            long inner = Values.product(out, axis + 1, out.length);
            Arrays.fill(blocks, inner);
            return xs.get(0).elementCount() / Math.max(inner, 1);
        });
    }

    /** Symbolically known scalars stacked into a vector. */
    @Override
    public Optional<List<SymbolicInt>> inferSymbolicValue(InferenceContext ctx) {
        List<SymbolicInt> out = new ArrayList<>();
        List<TensorType> types = ctx.tensors("values");
        List<Optional<List<SymbolicInt>>> parts = ctx.symbolicValues("values");
        for (int i = 0; i < parts.size(); i++) {
            if (types.get(i).rank() != 0 || parts.get(i).isEmpty()) {
                return Optional.empty();
            }
            out.addAll(parts.get(i).get());
        }
        return Optional.of(out);
    }

    @Override
    public String summary() {
        return "joins same-shaped tensors along a new axis";
    }
}
