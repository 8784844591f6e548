package dev.mil4j.frontend.pytorch.translate;

import static dev.mil4j.frontend.pytorch.translate.TorchTranslations.Entry.of;

import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.pytorch.TorchTranslationContext;
import dev.mil4j.frontend.pytorch.graph.TorchNode;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.ReductionOps;
import dev.mil4j.ops.TensorOps;
import java.util.List;

/**
 * Sizes and scalars: {@code aten::size}, {@code prim::NumToTensor}, {@code aten::Int}, {@code aten::Float},
 * {@code aten::dim}, {@code aten::numel}, list indexing. They become MIL shape arithmetic ({@code shape},
 * {@code gather}, casts) that folds to constants when the input shapes are static.
 */
final class ShapeTranslations {
    private ShapeTranslations() {
    }

    static List<TorchTranslations.Entry> entries() {
        return List.of(
                of("aten::Float", (n, c) -> List.of(c.cast(c.tensor(0, "a"), DType.FP32))),
                of("aten::Int", (n, c) -> List.of(toInt(c, c.tensor(0, "a"))), "aten::IntImplicit"),
                of("aten::ScalarImplicit", (n, c) -> List.of(c.tensor(0, "a"))),
                of("aten::__getitem__", ShapeTranslations::getItem),
                of("aten::dim", (n, c) -> List.of(c.builder().constant(TensorValue.scalar(
                        c.tensor(0, "self").tensorType().rank())))),
                of("aten::numel", (n, c) -> {
                    Var x = c.tensor(0, "self");
                    int[] all = new int[x.tensorType().rank()];
                    for (int i = 0; i < all.length; i++) {
                        all[i] = i;
                    }
                    Var shape = MathOps.shape(c.builder(), x);
                    return List.of(all.length == 0 ? c.builder().constant(TensorValue.scalar(1))
                            : ReductionOps.reduceProd(c.builder(), shape, new int[] {0}, false));
                }),
                of("aten::size", ShapeTranslations::size),
                of("prim::NumToTensor", (n, c) -> List.of(c.tensor(0, "a"))));
    }

    /** {@code size(x, dim)} is one dim; {@code size(x)} the whole shape. */
    private static List<Var> size(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "self");
        if (!c.isPresent(1, "dim")) {
            return List.of(MathOps.shape(c.builder(), x));
        }
        return List.of(Shapes.dim(c, x, (int) c.intValue(1, "dim")));
    }

    private static Var toInt(TorchTranslationContext c, Var x) {
        DType d = x.tensorType().dtype();
        if (d == DType.INT32) {
            return x;
        }
        Var y = d.isFloat() ? MathOps.floor(c.builder(), MathOps.abs(c.builder(), x)) : x;
        if (d.isFloat()) {
            y = MathOps.mul(c.builder(), y, MathOps.sign(c.builder(), x));
        }
        return c.cast(y, DType.INT32);
    }

    /** {@code list[i]} on a list-valued var (a shape vector): one element. */
    private static List<Var> getItem(TorchNode n, TorchTranslationContext c) {
        Var list = c.tensor(0, "list");
        long index = c.intValue(1, "idx");
        int length = list.tensorType().rank() == 1 && list.tensorType().shape().dim(0).isKnown()
                ? (int) list.tensorType().shape().dim(0).size() : -1;
        if (index < 0 && length > 0) {
            index += length;
        }
        return List.of(TensorOps.gather(c.builder(), list, c.builder().constant(TensorValue.scalar((int) index)), 0));
    }
}
