package dev.mil4j.ops.reduction;

/**
 * {@code reduce_mean}: the mean of the elements of {@code x} over {@code axes}.
 *
 * <p>Inputs: {@code x} (fp16, fp32 or int32), {@code axes} (optional const int32 vector; all axes when absent),
 * {@code keep_dims} (optional const bool, default false); see {@link ReductionOp}. Output: the reduced tensor of
 * the dtype of {@code x}.
 */
public final class ReduceMeanOp extends ReductionOp {
    public ReduceMeanOp() {
        super("reduce_mean");
    }

    @Override
    protected double reduce(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s / values.length;
    }

    @Override
    public String summary() {
        return "mean over the given axes";
    }
}
