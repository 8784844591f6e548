package dev.mil4j.ops.reduction;

/**
 * {@code reduce_log_sum}: the natural logarithm of the sum of the elements of {@code x} over {@code axes}.
 *
 * <p>Inputs: {@code x} (fp16, fp32 or int32), {@code axes} (optional const int32 vector; all axes when absent),
 * {@code keep_dims} (optional const bool, default false); see {@link ReductionOp}. Output: the reduced tensor of
 * the dtype of {@code x}.
 */
public final class ReduceLogSumOp extends ReductionOp {
    public ReduceLogSumOp() {
        super("reduce_log_sum");
    }

    @Override
    protected double reduce(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return Math.log(s);
    }

    @Override
    public String summary() {
        return "log of the sum over the given axes";
    }
}
