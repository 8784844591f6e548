package dev.mil4j.ops;

import dev.mil4j.core.op.OpDef;
import dev.mil4j.ops.conv.ConvOp;
import dev.mil4j.ops.conv.ConvTransposeOp;
import dev.mil4j.ops.image.BatchToSpaceOp;
import dev.mil4j.ops.image.CropOp;
import dev.mil4j.ops.image.CropResizeOp;
import dev.mil4j.ops.image.DepthToSpaceOp;
import dev.mil4j.ops.image.PixelShuffleOp;
import dev.mil4j.ops.image.ResampleOp;
import dev.mil4j.ops.image.ResizeBilinearOp;
import dev.mil4j.ops.image.ResizeNearestNeighborOp;
import dev.mil4j.ops.image.SpaceToBatchOp;
import dev.mil4j.ops.image.SpaceToDepthOp;
import dev.mil4j.ops.image.UpsampleBilinearOp;
import dev.mil4j.ops.image.UpsampleNearestNeighborOp;
import dev.mil4j.ops.linear.EinsumOp;
import dev.mil4j.ops.linear.LinearOp;
import dev.mil4j.ops.linear.MatmulOp;
import dev.mil4j.ops.linear.ScaledDotProductAttentionOp;
import dev.mil4j.ops.norm.BatchNormOp;
import dev.mil4j.ops.norm.InstanceNormOp;
import dev.mil4j.ops.norm.L2NormOp;
import dev.mil4j.ops.norm.LayerNormOp;
import dev.mil4j.ops.norm.LocalResponseNormOp;
import dev.mil4j.ops.pool.AvgPoolOp;
import dev.mil4j.ops.pool.L2PoolOp;
import dev.mil4j.ops.pool.MaxPoolOp;
import java.util.List;

/**
 * The neural-network op definitions (linear algebra, convolution, pooling, normalization, image resizing), sorted
 * by op name and then opset (explicit list, like Error Prone's built-ins).
 */
final class NnOpList {
    private NnOpList() {
    }

    static List<OpDef> definitions() {
        return List.of(
                AvgPoolOp.ios15(), AvgPoolOp.ios16(),
                BatchNormOp.ios15(), BatchNormOp.ios17(),
                new BatchToSpaceOp(),
                ConvOp.ios15(), ConvOp.ios16(), ConvOp.ios17(),
                ConvTransposeOp.ios15(), ConvTransposeOp.ios17(),
                new CropOp(),
                CropResizeOp.ios15(), CropResizeOp.ios16(), CropResizeOp.ios17(),
                new DepthToSpaceOp(),
                new EinsumOp(),
                InstanceNormOp.ios15(), InstanceNormOp.ios17(),
                L2NormOp.ios15(), L2NormOp.ios17(),
                L2PoolOp.ios15(), L2PoolOp.ios16(),
                LayerNormOp.ios15(), LayerNormOp.ios17(),
                LinearOp.ios15(), LinearOp.ios17(),
                LocalResponseNormOp.ios15(), LocalResponseNormOp.ios17(),
                MatmulOp.ios15(), MatmulOp.ios17(),
                MaxPoolOp.ios15(), MaxPoolOp.ios16(),
                new PixelShuffleOp(),
                ResampleOp.ios15(), ResampleOp.ios16(),
                new ResizeBilinearOp(),
                new ResizeNearestNeighborOp(),
                new ScaledDotProductAttentionOp(),
                new SpaceToBatchOp(),
                new SpaceToDepthOp(),
                UpsampleBilinearOp.ios15(), UpsampleBilinearOp.ios16(),
                new UpsampleNearestNeighborOp());
    }
}
