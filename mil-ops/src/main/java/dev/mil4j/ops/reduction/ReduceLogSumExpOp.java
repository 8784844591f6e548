package dev.mil4j.ops.reduction;

/**
 * {@code reduce_log_sum_exp}: {@code log(sum(exp(x)))}, computed stably (the maximum is subtracted
 * before {@code exp} and added back after {@code log}) of the elements of {@code x} over {@code axes}.
 *
 * <p>Inputs: {@code x} (fp16, fp32 or int32), {@code axes} (optional const int32 vector; all axes when absent),
 * {@code keep_dims} (optional const bool, default false); see {@link ReductionOp}. Output: the reduced tensor of
 * the dtype of {@code x}.
 */
public final class ReduceLogSumExpOp extends ReductionOp {
    public ReduceLogSumExpOp() {
        super("reduce_log_sum_exp");
    }

    @Override
    protected double reduce(double[] values) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            m = Math.max(m, v);
        }
        if (Double.isInfinite(m)) {
            return m;
        }
        double s = 0;
        for (double v : values) {
            s += Math.exp(v - m);
        }
        return m + Math.log(s);
    }

    @Override
    public String summary() {
        return "log of the sum of exponentials over the given axes";
    }
}
