package dev.mil4j.ops.constexpr;

import dev.mil4j.core.op.OpDef;
import java.util.List;

/** The {@code constexpr_*} ops of weight compression, sorted by name, then version. */
public final class ConstexprOpList {
    private ConstexprOpList() {
    }

    /** @return every definition */
    public static List<OpDef> definitions() {
        return List.of(
                new ConstexprAffineDequantizeOp(),
                new ConstexprBlockwiseShiftScaleOp(),
                new ConstexprCastOp(),
                ConstexprLutToDenseOp.ios16(), ConstexprLutToDenseOp.ios18(),
                new ConstexprLutToSparseOp(),
                new ConstexprSparseBlockwiseShiftScaleOp(),
                ConstexprSparseToDenseOp.ios16(), ConstexprSparseToDenseOp.ios18());
    }
}
