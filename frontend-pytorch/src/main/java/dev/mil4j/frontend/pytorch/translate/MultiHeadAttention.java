package dev.mil4j.frontend.pytorch.translate;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.pytorch.TorchTranslationContext;
import dev.mil4j.frontend.pytorch.graph.TorchNode;
import dev.mil4j.ops.ActivationOps;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.NnOps;
import dev.mil4j.ops.ReductionOps;
import dev.mil4j.ops.TensorOps;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fused attention ops of PyTorch's eval fast paths, composed: multi-head attention over batch-first
 * {@code [B, L, E]} inputs with a packed {@code [3E, E]} input projection, and a whole transformer encoder layer
 * (attention, residuals, two layer norms, a ReLU or GELU feed-forward, in post-norm or pre-norm order).
 */
final class MultiHeadAttention {
    private MultiHeadAttention() {
    }

    /** The projections of one attention: packed q/k/v weight and bias, output weight and bias. */
    private record Weights(Var qkvWeight, Var qkvBias, Var projWeight, Var projBias) {
    }

    /**
     * {@code _native_multi_head_attention(q, k, v, embed_dim, num_head, qkv_weight, qkv_bias, proj_weight,
     * proj_bias, mask=None, need_weights=True, average_attn_weights=True, mask_type=None)}: the output and the
     * attention weights (averaged over heads unless {@code average_attn_weights} is false).
     */
    static List<Var> nativeMultiHeadAttention(TorchNode n, TorchTranslationContext c) {
        Weights w = new Weights(c.tensor(5, "qkv_weight"), c.tensor(6, "qkv_bias"), c.tensor(7, "proj_weight"),
                c.tensor(8, "proj_bias"));
        List<Var> out = attention(c, c.tensor(0, "query"), c.tensor(1, "key"), c.tensor(2, "value"),
                (int) c.intValue(4, "num_head"), w, c.optionalTensor(9, "mask"), c.intValue(12, "mask_type", -1));
        Var weights = c.boolValue(11, "average_attn_weights", true)
                ? ReductionOps.reduceMean(c.builder(), out.get(1), new int[] {1}, false) : out.get(1);
        return List.of(out.get(0), weights);
    }

    /**
     * {@code _transformer_encoder_layer_fwd(src, embed_dim, num_heads, qkv_weight, qkv_bias, proj_weight, proj_bias,
     * use_gelu, norm_first, eps, norm_weight_1, norm_bias_1, norm_weight_2, norm_bias_2, ffn_weight_1, ffn_bias_1,
     * ffn_weight_2, ffn_bias_2, mask=None, mask_type=None)}: post-norm {@code x = ln1(x + sa(x)); ln2(x + ff(x))},
     * pre-norm {@code x = x + sa(ln1(x)); x + ff(ln2(x))}.
     */
    static List<Var> encoderLayer(TorchNode n, TorchTranslationContext c) {
        Builder b = c.builder();
        Var x = c.tensor(0, "src");
        int heads = (int) c.intValue(2, "num_heads");
        Weights w = new Weights(c.tensor(3, "qkv_weight"), c.tensor(4, "qkv_bias"), c.tensor(5, "proj_weight"),
                c.tensor(6, "proj_bias"));
        boolean gelu = c.boolValue(7, "use_gelu", false);
        boolean normFirst = c.boolValue(8, "norm_first", false);
        double eps = c.doubleValue(9, "eps");
        Optional<Var> mask = c.optionalTensor(18, "mask");
        long maskType = c.intValue(19, "mask_type", -1);
        int last = x.tensorType().rank() - 1;
        Var ln1w = c.tensor(10, "norm_weight_1");
        Var ln1b = c.tensor(11, "norm_bias_1");
        Var ln2w = c.tensor(12, "norm_weight_2");
        Var ln2b = c.tensor(13, "norm_bias_2");
        Var y;
        if (normFirst) {
            Var h = NnOps.layerNorm(b, x, new int[] {last}, Optional.of(ln1w), Optional.of(ln1b), eps);
            y = MathOps.add(b, x, attention(c, h, h, h, heads, w, mask, maskType).get(0));
            Var h2 = NnOps.layerNorm(b, y, new int[] {last}, Optional.of(ln2w), Optional.of(ln2b), eps);
            return List.of(MathOps.add(b, y, feedForward(c, h2, gelu)));
        }
        y = MathOps.add(b, x, attention(c, x, x, x, heads, w, mask, maskType).get(0));
        y = NnOps.layerNorm(b, y, new int[] {last}, Optional.of(ln1w), Optional.of(ln1b), eps);
        y = MathOps.add(b, y, feedForward(c, y, gelu));
        return List.of(NnOps.layerNorm(b, y, new int[] {last}, Optional.of(ln2w), Optional.of(ln2b), eps));
    }

    /** {@code linear2(act(linear1(x)))} with the weights at positions 14 to 17. */
    private static Var feedForward(TorchTranslationContext c, Var x, boolean gelu) {
        Builder b = c.builder();
        Var h = NnOps.linear(b, x, c.tensor(14, "ffn_weight_1"), Optional.of(c.tensor(15, "ffn_bias_1")));
        h = gelu ? ActivationOps.gelu(b, h, "EXACT") : ActivationOps.relu(b, h);
        return NnOps.linear(b, h, c.tensor(16, "ffn_weight_2"), Optional.of(c.tensor(17, "ffn_bias_2")));
    }

    /**
     * Multi-head attention of batch-first {@code [B, L, E]} inputs: the output {@code [B, L, E]} and the weights per
     * head {@code [B, heads, L, S]}. A mask of type 1 is a key padding mask {@code [B, S]}; others broadcast against
     * {@code [B, heads, L, S]}; bool masks hide their true positions, float masks are added.
     */
    private static List<Var> attention(TorchTranslationContext c, Var query, Var key, Var value, int heads, Weights w,
            Optional<Var> mask, long maskType) {
        Builder b = c.builder();
        if (query.tensorType().rank() != 3) {
            throw c.error("`" + c.node().kind() + "` needs batch-first inputs [B, L, E], got " + query.tensorType());
        }
        long embed = query.tensorType().shape().dim(2).size();
        if (embed <= 0 || embed % heads != 0) {
            throw c.error("`" + c.node().kind() + "` needs a known embedding size that " + heads + " heads divide, got "
                    + query.tensorType());
        }
        int e = (int) embed;
        List<Var> qkvW = TensorOps.split(b, w.qkvWeight(), 3, 0);
        List<Var> qkvB = TensorOps.split(b, w.qkvBias(), 3, 0);
        Var q = heads(c, project(b, query, qkvW.get(0), qkvB.get(0)), heads, e / heads);
        Var k = heads(c, project(b, key, qkvW.get(1), qkvB.get(1)), heads, e / heads);
        Var v = heads(c, project(b, value, qkvW.get(2), qkvB.get(2)), heads, e / heads);
        DType dt = q.tensorType().dtype();
        Var scores = MathOps.mul(b, NnOps.matmul(b, q, k, false, true), c.scalar(1 / Math.sqrt(e / heads), dt));
        if (mask.isPresent()) {
            Var m = mask.get();
            if (maskType == 1 && m.tensorType().rank() == 2) {
                m = TensorOps.expandDims(b, m, 1, 2);
            }
            scores = m.tensorType().dtype() == DType.BOOL
                    ? TensorOps.select(b, m, c.scalar(Double.NEGATIVE_INFINITY, dt), scores)
                    : MathOps.add(b, scores, c.cast(m, dt));
        }
        Var weights = ActivationOps.softmax(b, scores, -1);
        Var merged = TensorOps.transpose(b, NnOps.matmul(b, weights, v, false, false), 0, 2, 1, 3);
        List<Var> shape = new ArrayList<>(Shapes.dims(c, query, 0, 2));
        shape.add(b.constant(TensorValue.scalar(e)));
        Var out = TensorOps.reshape(b, merged, Shapes.vector(c, shape));
        return List.of(project(b, out, w.projWeight(), w.projBias()), weights);
    }

    /**
     * {@code x W^T + bias}: a {@code linear} of constant weights, else a {@code matmul} and an {@code add} (the
     * pieces of the packed projection are constants only once the pipeline folds their {@code split}; the
     * matmul-bias fusion makes them one {@code linear} again).
     */
    private static Var project(Builder b, Var x, Var weight, Var bias) {
        if (weight.isConst() && bias.isConst()) {
            return NnOps.linear(b, x, weight, Optional.of(bias));
        }
        return MathOps.add(b, NnOps.matmul(b, x, weight, false, true), bias);
    }

    /** {@code [B, L, E]} to {@code [B, heads, L, E / heads]}. */
    private static Var heads(TorchTranslationContext c, Var x, int heads, int size) {
        List<Var> shape = new ArrayList<>(Shapes.dims(c, x, 0, 2));
        shape.add(c.builder().constant(TensorValue.scalar(heads)));
        shape.add(c.builder().constant(TensorValue.scalar(size)));
        return TensorOps.transpose(c.builder(), TensorOps.reshape(c.builder(), x, Shapes.vector(c, shape)), 0, 2, 1, 3);
    }
}
