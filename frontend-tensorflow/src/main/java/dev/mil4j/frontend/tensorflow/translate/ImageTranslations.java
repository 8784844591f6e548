package dev.mil4j.frontend.tensorflow.translate;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.tensorflow.TfNode;
import dev.mil4j.frontend.tensorflow.TfTranslationContext;
import dev.mil4j.frontend.tensorflow.TfTranslations;
import dev.mil4j.ops.NnOps;
import java.util.List;

/**
 * NHWC image ops on channels-first MIL ops: {@code ResizeBilinear}, {@code ResizeNearestNeighbor},
 * {@code DepthToSpace} and {@code SpaceToDepth}.
 */
final class ImageTranslations {
    private ImageTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                TfTranslations.of("DepthToSpace", (n, c) -> List.of(Layouts.inChannelsFirst(n, c, c.input(0),
                        x -> NnOps.depthToSpace(c.builder(), x, blockSize(n))))),
                TfTranslations.of("ResizeBilinear", ImageTranslations::resizeBilinear),
                TfTranslations.of("ResizeNearestNeighbor", ImageTranslations::resizeNearest),
                TfTranslations.of("SpaceToDepth", (n, c) -> List.of(Layouts.inChannelsFirst(n, c, c.input(0),
                        x -> NnOps.spaceToDepth(c.builder(), x, blockSize(n))))));
    }

    private static int blockSize(TfNode n) {
        return (int) n.intAttr("block_size", 2);
    }

    private static int[] size(TfTranslationContext c) {
        int[] s = c.constInput(1, "size").toIntArray();
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
        return List.of(Layouts.inChannelsFirst(n, c, c.input(0),
                x -> NnOps.resizeBilinear(c.builder(), x, s[0], s[1], mode)));
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
        return List.of(Layouts.inChannelsFirst(n, c, c.input(0),
                x -> NnOps.upsampleNearestNeighbor(c.builder(), x, scale(s[0], h), scale(s[1], w))));
    }

    /** A whole scale factor as int32, another as fp32. */
    private static TensorValue scale(long out, long in) {
        return out % in == 0 ? TensorValue.scalar((int) (out / in)) : TensorValue.scalar((float) out / in);
    }
}
