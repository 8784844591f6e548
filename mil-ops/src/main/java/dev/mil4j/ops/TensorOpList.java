package dev.mil4j.ops;


import dev.mil4j.core.op.OpDef;
import dev.mil4j.ops.classify.ClassifyOp;
import dev.mil4j.ops.control.CondOp;
import dev.mil4j.ops.control.ListGatherOp;
import dev.mil4j.ops.control.ListLengthOp;
import dev.mil4j.ops.control.ListReadOp;
import dev.mil4j.ops.control.ListScatterOp;
import dev.mil4j.ops.control.ListWriteOp;
import dev.mil4j.ops.control.MakeListOp;
import dev.mil4j.ops.control.WhileLoopOp;
import dev.mil4j.ops.state.CoremlUpdateStateOp;
import dev.mil4j.ops.state.ReadStateOp;
import dev.mil4j.ops.tensor.ArgsortOp;
import dev.mil4j.ops.tensor.BandPartOp;
import dev.mil4j.ops.tensor.ConcatOp;
import dev.mil4j.ops.tensor.CumsumOp;
import dev.mil4j.ops.tensor.ExpandDimsOp;
import dev.mil4j.ops.tensor.Flatten2dOp;
import dev.mil4j.ops.tensor.GatherAlongAxisOp;
import dev.mil4j.ops.tensor.GatherNdOp;
import dev.mil4j.ops.tensor.GatherOp;
import dev.mil4j.ops.tensor.NonMaximumSuppressionOp;
import dev.mil4j.ops.tensor.NonZeroOp;
import dev.mil4j.ops.tensor.OneHotOp;
import dev.mil4j.ops.tensor.PadOp;
import dev.mil4j.ops.tensor.ReshapeOp;
import dev.mil4j.ops.tensor.ReverseOp;
import dev.mil4j.ops.tensor.ReverseSequenceOp;
import dev.mil4j.ops.tensor.ScatterAlongAxisOp;
import dev.mil4j.ops.tensor.ScatterNdOp;
import dev.mil4j.ops.tensor.ScatterOp;
import dev.mil4j.ops.tensor.SelectOp;
import dev.mil4j.ops.tensor.SliceByIndexOp;
import dev.mil4j.ops.tensor.SliceBySizeOp;
import dev.mil4j.ops.tensor.SliceUpdateOp;
import dev.mil4j.ops.tensor.SlidingWindowsOp;
import dev.mil4j.ops.tensor.SplitOp;
import dev.mil4j.ops.tensor.SqueezeOp;
import dev.mil4j.ops.tensor.StackOp;
import dev.mil4j.ops.tensor.TileOp;
import dev.mil4j.ops.tensor.TopkOp;
import dev.mil4j.ops.tensor.TransposeOp;
import java.util.List;

/**
 * The tensor-manipulation, control-flow, state and classifier op definitions ({@code dev.mil4j.ops.tensor},
 * {@code dev.mil4j.ops.control}, {@code dev.mil4j.ops.state}, {@code dev.mil4j.ops.classify}),
 * sorted by op name and version (explicit list, like Error Prone's built-ins).
 */
final class TensorOpList {
    private TensorOpList() {
    }

    static List<OpDef> definitions() {
        return List.of(
                new ArgsortOp(),
                new BandPartOp(),
                new ClassifyOp(),
                new ConcatOp(),
                new CondOp(),
                new CoremlUpdateStateOp(),
                new CumsumOp(),
                ExpandDimsOp.ios15(),
                ExpandDimsOp.ios17(),
                new Flatten2dOp(),
                GatherOp.ios15(),
                GatherOp.ios16(),
                GatherOp.ios17(),
                GatherAlongAxisOp.ios15(),
                GatherAlongAxisOp.ios17(),
                GatherNdOp.ios15(),
                GatherNdOp.ios16(),
                GatherNdOp.ios17(),
                new ListGatherOp(),
                new ListLengthOp(),
                new ListReadOp(),
                new ListScatterOp(),
                new ListWriteOp(),
                new MakeListOp(),
                NonMaximumSuppressionOp.ios15(),
                NonMaximumSuppressionOp.ios17(),
                new NonZeroOp(),
                new OneHotOp(),
                new PadOp(),
                new ReadStateOp(),
                ReshapeOp.ios15(),
                ReshapeOp.ios17(),
                ReverseOp.ios15(),
                ReverseOp.ios17(),
                ReverseSequenceOp.ios15(),
                ReverseSequenceOp.ios17(),
                ScatterOp.ios15(),
                ScatterOp.ios17(),
                ScatterAlongAxisOp.ios15(),
                ScatterAlongAxisOp.ios17(),
                ScatterNdOp.ios15(),
                ScatterNdOp.ios17(),
                new SelectOp(),
                SliceByIndexOp.ios15(),
                SliceByIndexOp.ios17(),
                SliceBySizeOp.ios15(),
                SliceBySizeOp.ios17(),
                new SliceUpdateOp(),
                SlidingWindowsOp.ios15(),
                SlidingWindowsOp.ios17(),
                new SplitOp(),
                SqueezeOp.ios15(),
                SqueezeOp.ios17(),
                new StackOp(),
                new TileOp(),
                TopkOp.ios15(),
                TopkOp.ios16(),
                TopkOp.ios17(),
                TransposeOp.ios15(),
                TransposeOp.ios17(),
                new WhileLoopOp());
    }
}
