package dev.mil4j.ops.norm;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;

/**
 * {@code batch_norm}: {@code y = gamma * (x - mean) / sqrt(variance + epsilon) + beta} per channel (dim 1).
 *
 * <p>Inputs: {@code x: tensor<[n, C, *D], T>} (rank 3 to 5); {@code mean}, {@code variance: const tensor<[C], T>};
 * {@code gamma: const tensor<[C], T>} (optional, ones); {@code beta: const tensor<[C], T>} (optional, zeros);
 * {@code epsilon: const T} (default 1e-5). T: fp16, fp32.
 *
 * <p>Output: the type of {@code x}. Versions: iOS15; iOS17 puts the parameters in their own domain {@code U}.
 */
public final class BatchNormOp extends NormalizationOp {

    private BatchNormOp(Opset since) {
        super("batch_norm", since, domains(InputSpec.builder()
                .tensor("x", "T")
                .tensor("mean", paramVar(since)).constant()
                .tensor("variance", paramVar(since)).constant()
                .tensor("gamma", paramVar(since)).constant().optional()
                .tensor("beta", paramVar(since)).constant().optional()
                .scalar("epsilon", paramVar(since)).constant().defaultValue(TensorValue.scalar(1e-5f)), since)
                .build());
    }

    /** The iOS15 definition. */
    public static BatchNormOp ios15() {
        return new BatchNormOp(Opset.IOS15);
    }

    /** The iOS17 definition: the parameters have their own domain {@code U}. */
    public static BatchNormOp ios17() {
        return new BatchNormOp(Opset.IOS17);
    }

    @Override
    public String summary() {
        return "batch normalization with constant statistics";
    }

    @Override
    protected void check(InferenceContext ctx, TensorType x) {
        checkRank(x, 3, 5, "[n, C, *spatial]");
        for (String p : new String[] {"mean", "variance", "gamma", "beta"}) {
            checkPerChannel(ctx, p, x.shape().dim(1));
        }
    }
}
