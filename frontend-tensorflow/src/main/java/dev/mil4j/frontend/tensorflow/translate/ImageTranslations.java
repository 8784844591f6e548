package dev.mil4j.frontend.tensorflow.translate;

import static dev.mil4j.frontend.tensorflow.translate.Emit.one;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.tensorflow.TfNode;
import dev.mil4j.frontend.tensorflow.TfTranslationContext;
import dev.mil4j.frontend.tensorflow.TfTranslations;
import java.util.List;

/**
 * NHWC image and normalization ops on channels-first MIL ops: {@code ResizeBilinear},
 * {@code ResizeNearestNeighbor}, {@code DepthToSpace}, {@code SpaceToDepth}, {@code LRN}, {@code FusedBatchNorm}
 * and {@code FusedBatchNormV3}.
 */
final class ImageTranslations {
    private ImageTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                TfTranslations.of("DepthToSpace", (n, c) -> blocks(n, c, "depth_to_space")),
                TfTranslations.of("FusedBatchNorm", ImageTranslations::fusedBatchNorm, "FusedBatchNormV3"),
                TfTranslations.of("LRN", ImageTranslations::lrn),
                TfTranslations.of("ResizeBilinear", ImageTranslations::resizeBilinear),
                TfTranslations.of("ResizeNearestNeighbor", ImageTranslations::resizeNearest),
                TfTranslations.of("SpaceToDepth", (n, c) -> blocks(n, c, "space_to_depth")));
    }

    /** Runs {@code body} on the input made NCHW (unless the node is NCHW already) and makes the result NHWC again. */
    private static Var channelsFirst(TfNode n, TfTranslationContext c, Var x,
            java.util.function.UnaryOperator<Var> body) {
        Builder b = c.builder();
        if (Emit.channelsFirst(n, c)) {
            return body.apply(x);
        }
        if (Emit.rank(x) != 4) {
            throw c.error("needs a rank-4 NHWC input, got " + x.tensorType());
        }
        return Emit.transpose(b, body.apply(Emit.transpose(b, x, Emit.TO_NCHW)), Emit.TO_NHWC);
    }

    private static List<Var> blocks(TfNode n, TfTranslationContext c, String milOp) {
        int block = (int) n.intAttr("block_size", 2);
        return one(channelsFirst(n, c, c.input(0), x -> c.builder().op(milOp).input("x", x)
                .input("block_size", TensorValue.scalar(block)).output()));
    }

    /**
     * TensorFlow: {@code x / (bias + alpha * sum(x^2 over 2r+1 channels))^beta}; MIL's {@code local_response_norm}
     * divides alpha by the window size, so alpha is scaled by it.
     */
    private static List<Var> lrn(TfNode n, TfTranslationContext c) {
        int size = (int) (2 * n.intAttr("depth_radius", 5) + 1);
        float alpha = n.floatAttr("alpha", 1f) * size;
        return one(channelsFirst(n, c, c.input(0), x -> c.builder().op("local_response_norm").input("x", x)
                .input("size", TensorValue.scalar(size)).input("alpha", Emit.scalarLike(x, alpha))
                .input("beta", Emit.scalarLike(x, n.floatAttr("beta", 0.5f)))
                .input("k", Emit.scalarLike(x, n.floatAttr("bias", 1f))).output()));
    }

    /** Inference-mode batch norm; outputs y and the given mean and variance as TensorFlow's batch statistics. */
    private static List<Var> fusedBatchNorm(TfNode n, TfTranslationContext c) {
        if (n.boolAttr("is_training", true)) {
            throw c.error("is in training mode (is_training=true)", "freeze the graph for inference "
                    + "(Keras: call the model with training=False before saving)");
        }
        Var mean = c.input(3);
        Var variance = c.input(4);
        Var x = c.input(0);
        Var y = channelsFirst(n, c, x, v -> c.builder().op("batch_norm").input("x", v).input("mean", mean)
                .input("variance", variance).input("gamma", c.input(1)).input("beta", c.input(2))
                .input("epsilon", Emit.scalarLike(v, n.floatAttr("epsilon", 1e-4f))).output());
        return List.of(y, mean, variance, mean, variance, variance);
    }

    private static int[] size(TfTranslationContext c) {
        int[] s = Emit.constInts(c, 1, "size");
        if (s.length != 2) {
            throw c.error("has a size of " + s.length + " values; expected [height, width]");
        }
        return s;
    }

    private static List<Var> resizeBilinear(TfNode n, TfTranslationContext c) {
        int[] s = size(c);
        boolean align = n.boolAttr("align_corners", false);
        boolean half = n.boolAttr("half_pixel_centers", false);
        String mode = align ? "STRICT_ALIGN_CORNERS" : half ? "UNALIGN_CORNERS" : "DEFAULT";
        return one(channelsFirst(n, c, c.input(0), x -> c.builder().op("resize_bilinear").input("x", x)
                .input("target_size_height", TensorValue.scalar(s[0]))
                .input("target_size_width", TensorValue.scalar(s[1]))
                .input("sampling_mode", TensorValue.scalar(mode)).output()));
    }

    /** {@code upsample_nearest_neighbor} with the scale factors out/in (the input's height and width must be known). */
    private static List<Var> resizeNearest(TfNode n, TfTranslationContext c) {
        int[] s = size(c);
        if (n.boolAttr("align_corners", false)) {
            throw c.error("has align_corners=true, which MIL's nearest-neighbor upsampling does not support");
        }
        Shape in = c.input(0).tensorType().shape();
        if (in.rank() != 4 || !in.dim(1).isKnown() || !in.dim(2).isKnown()) {
            throw c.error("ResizeNearestNeighbor needs an NHWC input with known height and width, got " + in,
                    "give the model's inputs fixed spatial sizes (InputType) when converting");
        }
        long h = in.dim(1).size();
        long w = in.dim(2).size();
        return one(channelsFirst(n, c, c.input(0), x -> c.builder().op("upsample_nearest_neighbor").input("x", x)
                .input("scale_factor_height", scale(s[0], h))
                .input("scale_factor_width", scale(s[1], w)).output()));
    }

    private static TensorValue scale(long out, long in) {
        return out % in == 0 ? TensorValue.scalar((int) (out / in)) : TensorValue.scalar((float) out / in);
    }
}
