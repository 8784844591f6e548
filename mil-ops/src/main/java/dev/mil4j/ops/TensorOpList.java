package dev.mil4j.ops;

import static dev.mil4j.core.op.Opset.IOS15;
import static dev.mil4j.core.op.Opset.IOS16;
import static dev.mil4j.core.op.Opset.IOS17;

import dev.mil4j.core.op.OpDef;
import dev.mil4j.ops.control.CondOp;
import dev.mil4j.ops.control.ListGatherOp;
import dev.mil4j.ops.control.ListLengthOp;
import dev.mil4j.ops.control.ListReadOp;
import dev.mil4j.ops.control.ListScatterOp;
import dev.mil4j.ops.control.ListWriteOp;
import dev.mil4j.ops.control.MakeListOp;
import dev.mil4j.ops.control.WhileLoopOp;
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
 * The tensor-manipulation and control-flow op definitions ({@code dev.mil4j.ops.tensor}, {@code dev.mil4j.ops.control}),
 * sorted by op name and version (explicit list, like Error Prone's built-ins).
 */
final class TensorOpList {
    private TensorOpList() {
    }

    static List<OpDef> definitions() {
        return List.of(
                new ArgsortOp(),
                new BandPartOp(),
                new ConcatOp(),
                new CondOp(),
                new CumsumOp(),
                new ExpandDimsOp(IOS15),
                new ExpandDimsOp(IOS17),
                new Flatten2dOp(),
                new GatherOp(IOS15),
                new GatherOp(IOS16),
                new GatherOp(IOS17),
                new GatherAlongAxisOp(IOS15),
                new GatherAlongAxisOp(IOS17),
                new GatherNdOp(IOS15),
                new GatherNdOp(IOS16),
                new GatherNdOp(IOS17),
                new ListGatherOp(),
                new ListLengthOp(),
                new ListReadOp(),
                new ListScatterOp(),
                new ListWriteOp(),
                new MakeListOp(),
                new NonMaximumSuppressionOp(IOS15),
                new NonMaximumSuppressionOp(IOS17),
                new NonZeroOp(),
                new OneHotOp(),
                new PadOp(),
                new ReshapeOp(IOS15),
                new ReshapeOp(IOS17),
                new ReverseOp(IOS15),
                new ReverseOp(IOS17),
                new ReverseSequenceOp(IOS15),
                new ReverseSequenceOp(IOS17),
                new ScatterOp(IOS15),
                new ScatterOp(IOS17),
                new ScatterAlongAxisOp(IOS15),
                new ScatterAlongAxisOp(IOS17),
                new ScatterNdOp(IOS15),
                new ScatterNdOp(IOS17),
                new SelectOp(),
                new SliceByIndexOp(IOS15),
                new SliceByIndexOp(IOS17),
                new SliceBySizeOp(IOS15),
                new SliceBySizeOp(IOS17),
                new SliceUpdateOp(),
                new SlidingWindowsOp(IOS15),
                new SlidingWindowsOp(IOS17),
                new SplitOp(),
                new SqueezeOp(IOS15),
                new SqueezeOp(IOS17),
                new StackOp(),
                new TileOp(),
                new TopkOp(IOS15),
                new TopkOp(IOS16),
                new TopkOp(IOS17),
                new TransposeOp(IOS15),
                new TransposeOp(IOS17),
                new WhileLoopOp());
    }
}
