package dev.mil4j.ops.reduction;

/**
 * {@code reduce_max}: the maximum of the elements of {@code x} over {@code axes}.
 *
 * <p>Inputs: {@code x} (fp16, fp32 or int32), {@code axes} (optional const int32 vector; all axes when absent),
 * {@code keep_dims} (optional const bool, default false); see {@link ReductionOp}. Output: the reduced tensor of
 * the dtype of {@code x}.
 */
public final class ReduceMaxOp extends ReductionOp {
    public ReduceMaxOp() {
        super("reduce_max");
    }

    @Override
    protected double reduce(double[] values) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    @Override
    public String summary() {
        return "maximum over the given axes";
    }
}
