package dev.mil4j.ops.reduction;

/**
 * {@code reduce_prod}: the product of the elements of {@code x} over {@code axes}.
 *
 * <p>Inputs: {@code x} (fp16, fp32 or int32), {@code axes} (optional const int32 vector; all axes when absent),
 * {@code keep_dims} (optional const bool, default false); see {@link ReductionOp}. Output: the reduced tensor of
 * the dtype of {@code x}.
 */
public final class ReduceProdOp extends ReductionOp {
    public ReduceProdOp() {
        super("reduce_prod");
    }

    @Override
    protected double reduce(double[] values) {
        double p = 1;
        for (double v : values) {
            p *= v;
        }
        return p;
    }

    @Override
    public String summary() {
        return "product over the given axes";
    }
}
