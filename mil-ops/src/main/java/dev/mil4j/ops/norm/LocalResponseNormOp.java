package dev.mil4j.ops.norm;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.value.TensorValue;

/**
 * {@code local_response_norm}: {@code x_i / (k + alpha / size * sum_j x_j^2)^beta}, the sum over the {@code size}
 * neighbouring channels of channel {@code i}.
 *
 * <p>Inputs: {@code x: tensor<[n, C, *D], T>} (rank 3 or 4); {@code size: const int32} (required, at least 1);
 * {@code alpha: const T} (default 1e-4); {@code beta: const T} (default 0.75); {@code k: const T} (default 1).
 * T: fp16, fp32.
 *
 * <p>Output: the type of {@code x}. Versions: iOS15; iOS17 puts {@code alpha, beta, k} in their own domain
 * {@code U}.
 */
public final class LocalResponseNormOp extends NormalizationOp {

    private LocalResponseNormOp(Opset since) {
        super("local_response_norm", since, domains(InputSpec.builder()
                .tensor("x", "T")
                .scalar("size", DType.INT32).constant()
                .scalar("alpha", paramVar(since)).constant().defaultValue(TensorValue.scalar(1e-4f))
                .scalar("beta", paramVar(since)).constant().defaultValue(TensorValue.scalar(0.75f))
                .scalar("k", paramVar(since)).constant().defaultValue(TensorValue.scalar(1f)), since)
                .build());
    }

    /** The iOS15 definition. */
    public static LocalResponseNormOp ios15() {
        return new LocalResponseNormOp(Opset.IOS15);
    }

    /** The iOS17 definition: {@code alpha}, {@code beta} and {@code k} have their own domain {@code U}. */
    public static LocalResponseNormOp ios17() {
        return new LocalResponseNormOp(Opset.IOS17);
    }

    @Override
    public String summary() {
        return "local response normalization across channels";
    }

    @Override
    protected void check(InferenceContext ctx, TensorType x) {
        checkRank(x, 3, 4, "[n, C, *spatial] with 1 or 2 spatial dims");
        long size = ctx.constLong("size");
        if (size < 1) {
            throw new TypeException("size", "must be at least 1, got " + size);
        }
    }
}
