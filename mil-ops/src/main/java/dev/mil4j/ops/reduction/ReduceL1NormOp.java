package dev.mil4j.ops.reduction;

/**
 * {@code reduce_l1_norm}: the L1 norm (sum of absolute values) of the elements of {@code x} over {@code axes}.
 *
 * <p>Inputs: {@code x} (fp16, fp32 or int32), {@code axes} (optional const int32 vector; all axes when absent),
 * {@code keep_dims} (optional const bool, default false); see {@link ReductionOp}. Output: the reduced tensor of
 * the dtype of {@code x}.
 */
public final class ReduceL1NormOp extends ReductionOp {
    public ReduceL1NormOp() {
        super("reduce_l1_norm");
    }

    @Override
    protected double reduce(double[] values) {
        double s = 0;
        for (double v : values) {
            s += Math.abs(v);
        }
        return s;
    }

    @Override
    public String summary() {
        return "sum of absolute values over the given axes";
    }
}
