package dev.mil4j.ops.norm;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;

/**
 * {@code instance_norm}: normalizes each channel of each sample over its spatial dims, then scales by
 * {@code gamma} and shifts by {@code beta}.
 *
 * <p>Inputs: {@code x: tensor<[n, C, *D], T>} (rank 3 or 4); {@code gamma: const tensor<[C], T>} (optional, ones);
 * {@code beta: const tensor<[C], T>} (optional, zeros); {@code epsilon: const T} (default 1e-5). T: fp16, fp32.
 *
 * <p>Output: the type of {@code x}. Versions: iOS15; iOS17 puts the parameters in their own domain {@code U}.
 */
public final class InstanceNormOp extends NormalizationOp {

    private InstanceNormOp(Opset since) {
        super("instance_norm", since, domains(InputSpec.builder()
                .tensor("x", "T")
                .tensor("gamma", paramVar(since)).constant().optional()
                .tensor("beta", paramVar(since)).constant().optional()
                .scalar("epsilon", paramVar(since)).constant().defaultValue(TensorValue.scalar(1e-5f)), since)
                .build());
    }

    /** The iOS15 definition. */
    public static InstanceNormOp ios15() {
        return new InstanceNormOp(Opset.IOS15);
    }

    /** The iOS17 definition: the parameters have their own domain {@code U}. */
    public static InstanceNormOp ios17() {
        return new InstanceNormOp(Opset.IOS17);
    }

    @Override
    public String summary() {
        return "instance normalization over the spatial dims";
    }

    @Override
    protected void check(InferenceContext ctx, TensorType x) {
        checkRank(x, 3, 4, "[n, C, *spatial] with 1 or 2 spatial dims");
        checkPerChannel(ctx, "gamma", x.shape().dim(1));
        checkPerChannel(ctx, "beta", x.shape().dim(1));
    }
}
