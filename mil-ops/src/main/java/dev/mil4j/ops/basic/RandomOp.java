package dev.mil4j.ops.basic;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;

/**
 * The random draws {@code random_uniform} ({@link RandomUniformOp}) and {@code random_normal} ({@link RandomNormalOp}):
 * a tensor of shape {@code shape} drawn from a uniform distribution
 * on {@code [low, high)} or a normal distribution of {@code mean} and {@code stddev}.
 *
 * <p>Inputs: {@code shape}, an int32 vector (as {@code fill}'s); the two parameters, const scalars of {@code T} = fp16,
 * fp32 (defaults {@code low = 0, high = 1}; {@code mean = 0, stddev = 1}); {@code seed}, a const int32 scalar (default
 * -1: a fresh seed for every run). Output: a tensor of dtype {@code T}, shaped as {@code fill}'s. The op never folds
 * and counts as having side effects, so that two draws are never merged into one.
 */
public abstract sealed class RandomOp extends OpDef permits RandomUniformOp, RandomNormalOp {
    private final String first;

    RandomOp(String name, String first, float firstDefault, String second, float secondDefault) {
        super(name, Opset.IOS15, InputSpec.builder()
                .tensor("shape", DType.INT32)
                .scalar(first, "T").constant().defaultValue(TensorValue.scalar(firstDefault))
                .scalar(second, "T").constant().defaultValue(TensorValue.scalar(secondDefault))
                .scalar("seed", DType.INT32).constant().defaultValue(TensorValue.scalar(-1))
                .domain("T", DType.FP16, DType.FP32)
                .build());
        this.first = first;
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        return List.of(new TensorType(ctx.constValue(first).dtype(), FillOp.outputShape(ctx)));
    }

    @Override
    public boolean hasSideEffects() {
        return true;
    }
}
