package dev.mil4j.ops.reduction;

/**
 * {@code reduce_sum}: the sum of the elements of {@code x} over {@code axes}.
 *
 * <p>Inputs: {@code x} (fp16, fp32 or int32), {@code axes} (optional const int32 vector; all axes when absent),
 * {@code keep_dims} (optional const bool, default false); see {@link ReductionOp}. Output: the reduced tensor of
 * the dtype of {@code x}.
 */
public final class ReduceSumOp extends ReductionOp {
    public ReduceSumOp() {
        super("reduce_sum");
    }

    @Override
    protected double reduce(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    @Override
    public String summary() {
        return "sum over the given axes";
    }
}
