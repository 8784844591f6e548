package dev.mil4j.frontend.pytorch.translate;

import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.frontend.pytorch.TorchTranslationContext;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.NnOps;
import java.util.Optional;

/**
 * {@code aten::scaled_dot_product_attention} as Core ML's own {@code scaled_dot_product_attention} op when the
 * function is built for iOS18 or later and the op can express the call: query, key and value of one rank (3 or
 * more) with the same batch dims and a known embedding size {@code E}. The op scales by {@code 1 / sqrt(E)}; another
 * scale multiplies the query first. A bool mask is passed as it is, a float mask cast to the query's dtype.
 */
final class FusedAttention {
    private FusedAttention() {
    }

    /**
     * @param mask the mask to apply (a causal mask already made a float constant), if any
     * @return the op's output, or empty when the target is below iOS18 or the shapes need the decomposition
     */
    static Optional<Var> tryOp(TorchTranslationContext c, Var q, Var k, Var v, double scale, Optional<Var> mask) {
        if (c.builder().function().opset().compareTo(Opset.IOS18) < 0) {
            return Optional.empty();
        }
        TensorType qt = q.tensorType();
        Shape qs = qt.shape();
        int r = qs.rank();
        if (r < 3 || k.tensorType().rank() != r || v.tensorType().rank() != r || !qs.dim(r - 1).isKnown()
                || qt.dtype() != DType.FP16 && qt.dtype() != DType.FP32
                || k.tensorType().dtype() != qt.dtype() || v.tensorType().dtype() != qt.dtype()) {
            return Optional.empty();
        }
        for (int i = 0; i < r - 2; i++) {
            if (!qs.dim(i).equals(k.tensorType().shape().dim(i)) || !qs.dim(i).equals(v.tensorType().shape().dim(i))) {
                return Optional.empty();
            }
        }
        double fix = scale * Math.sqrt(qs.dim(r - 1).size());
        Var query = Math.abs(fix - 1) < 1e-7 ? q : MathOps.mul(c.builder(), q, c.scalar(fix, qt.dtype()));
        Optional<Var> m = mask.map(x -> x.tensorType().dtype() == DType.BOOL ? x : c.cast(x, qt.dtype()));
        return Optional.of(NnOps.scaledDotProductAttention(c.builder(), query, k, v, m));
    }
}
