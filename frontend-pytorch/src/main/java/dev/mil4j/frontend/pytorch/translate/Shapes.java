package dev.mil4j.frontend.pytorch.translate;

import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.pytorch.TorchTranslationContext;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.TensorOps;
import java.util.ArrayList;
import java.util.List;

/**
 * Shape arithmetic in MIL: a dim of a tensor is {@code gather(shape(x), i)}, which value inference folds to a
 * constant when the dim is known; shape vectors are constants when every entry is known, else concatenations.
 */
final class Shapes {
    private Shapes() {
    }

    /** Dim {@code axis} of {@code x} as an int32 scalar. */
    static Var dim(TorchTranslationContext c, Var x, int axis) {
        int rank = x.tensorType().rank();
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw c.error("dim " + axis + " is out of range for a tensor of rank " + rank);
        }
        Var shape = MathOps.shape(c.builder(), x);
        return TensorOps.gather(c.builder(), shape, c.builder().constant(TensorValue.scalar(a)), 0);
    }

    /** A 1-d int32 shape vector from scalars and known sizes ({@code -1} allowed). */
    static Var vector(TorchTranslationContext c, List<Var> dims) {
        boolean known = dims.stream().allMatch(Var::isConst);
        if (known) {
            int[] out = new int[dims.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (int) dims.get(i).value().orElseThrow().scalarLong();
            }
            return c.builder().constant(TensorValue.vector(out));
        }
        List<Var> parts = new ArrayList<>();
        for (Var d : dims) {
            parts.add(TensorOps.expandDims(c.builder(), c.cast(d, DType.INT32), 0));
        }
        return TensorOps.concat(c.builder(), parts, 0);
    }

    /** Dims {@code from..to-1} of {@code x}: known ones as constants, symbolic ones gathered from its shape. */
    static List<Var> dims(TorchTranslationContext c, Var x, int from, int to) {
        List<Var> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Dim d = x.tensorType().shape().dim(i);
            out.add(d.isKnown() ? c.builder().constant(TensorValue.scalar((int) d.size())) : dim(c, x, i));
        }
        return out;
    }

    static int axis(TorchTranslationContext c, long axis, int rank) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= Math.max(rank, 1)) {
            throw c.error("dim " + axis + " is out of range for a tensor of rank " + rank);
        }
        return (int) a;
    }

    /** The MIL dtype of a torch dtype code ({@code torch.float32} is 6); int64 and float64 become int32 and fp32. */
    static DType dtype(TorchTranslationContext c, long code) {
        return switch ((int) code) {
            case 0 -> DType.UINT8;
            case 1 -> DType.INT8;
            case 2 -> DType.INT16;
            case 3, 4 -> DType.INT32;
            case 5 -> DType.FP16;
            case 6, 7 -> DType.FP32;
            case 11 -> DType.BOOL;
            default -> throw c.error("torch dtype code " + code + " has no MIL dtype");
        };
    }

    /** The torch dtype code of a MIL dtype ({@code prim::dtype}): int32 holds torch's int64, code 4. */
    static int torchCode(DType dtype) {
        return switch (dtype) {
            case UINT8 -> 0;
            case INT8 -> 1;
            case INT16 -> 2;
            case FP16 -> 5;
            case BOOL -> 11;
            case FP32 -> 6;
            default -> dtype.isFloat() ? 6 : 4;
        };
    }
}
