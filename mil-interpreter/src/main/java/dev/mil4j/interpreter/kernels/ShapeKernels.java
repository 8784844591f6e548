package dev.mil4j.interpreter.kernels;

import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.KernelContext;
import dev.mil4j.interpreter.KernelRegistry;
import java.util.List;

/**
 * Kernels of the ops that only change a tensor's shape or the order of its dims: {@code reshape},
 * {@code expand_dims}, {@code squeeze} and {@code flatten2d} reuse the data under the shape the op's type inference
 * gives for the actual input (no copy); {@code transpose}, {@code depth_to_space}, {@code space_to_depth} and
 * {@code pixel_shuffle} permute dims.
 */
final class ShapeKernels {
    private ShapeKernels() {
    }

    static void register(KernelRegistry r) {
        r.register("depth_to_space", ShapeKernels::depthToSpace, KernelRegistry.BUILT_IN);
        r.register("expand_dims", ShapeKernels::reshaped, KernelRegistry.BUILT_IN);
        r.register("flatten2d", ShapeKernels::reshaped, KernelRegistry.BUILT_IN);
        r.register("pixel_shuffle", ShapeKernels::pixelShuffle, KernelRegistry.BUILT_IN);
        r.register("reshape", ShapeKernels::reshaped, KernelRegistry.BUILT_IN);
        r.register("space_to_depth", ShapeKernels::spaceToDepth, KernelRegistry.BUILT_IN);
        r.register("squeeze", ShapeKernels::reshaped, KernelRegistry.BUILT_IN);
        r.register("transpose", ShapeKernels::transpose, KernelRegistry.BUILT_IN);
    }

    private static List<TensorValue> reshaped(KernelContext ctx) {
        TensorType out = (TensorType) ctx.op().inferTypes(ctx).get(0);
        if (!out.shape().isStatic()) {
            throw new IllegalArgumentException("the output shape " + out.shape() + " is not determined by the inputs");
        }
        return List.of(ctx.input("x").reshape(out.shape()));
    }

    private static List<TensorValue> transpose(KernelContext ctx) {
        TensorValue x = ctx.input("x");
        long[] perm = ctx.input("perm").toLongArray();
        int[] p = new int[perm.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Tensors.axis("perm", perm[i], p.length);
        }
        return List.of(permute(x, Tensors.shape(x), p));
    }

    /** {@code x} viewed with shape {@code shape} (same count), dims reordered by {@code perm}. */
    static TensorValue permute(TensorValue x, long[] shape, int[] perm) {
        int rank = shape.length;
        if (perm.length != rank) {
            throw new IllegalArgumentException("input `perm` has " + perm.length + " entries for rank " + rank);
        }
        int[] inStrides = Tensors.strides(shape);
        long[] out = new long[rank];
        int[] step = new int[rank];
        for (int i = 0; i < rank; i++) {
            out[i] = shape[perm[i]];
            step[i] = inStrides[perm[i]];
        }
        return Tensors.take(x, out, Broadcasting.strided(out, step), null);
    }

    /** DCR order: {@code [N, C, H, W] -> [N, bs, bs, C/bs^2, H, W] -> [N, C/bs^2, H*bs, W*bs]}. */
    private static List<TensorValue> depthToSpace(KernelContext ctx) {
        TensorValue x = ctx.input("x");
        long[] s = Tensors.shape(x);
        long bs = ctx.constLong("block_size");
        TensorValue t = permute(x, new long[] {s[0], bs, bs, s[1] / (bs * bs), s[2], s[3]},
                new int[] {0, 3, 4, 1, 5, 2});
        return List.of(t.reshape(dev.mil4j.core.types.Shape.of(s[0], s[1] / (bs * bs), s[2] * bs, s[3] * bs)));
    }

    /** {@code [N, C, H, W] -> [N, C, H/bs, bs, W/bs, bs] -> [N, C*bs^2, H/bs, W/bs]}. */
    private static List<TensorValue> spaceToDepth(KernelContext ctx) {
        TensorValue x = ctx.input("x");
        long[] s = Tensors.shape(x);
        long bs = ctx.constLong("block_size");
        TensorValue t = permute(x, new long[] {s[0], s[1], s[2] / bs, bs, s[3] / bs, bs},
                new int[] {0, 3, 5, 1, 2, 4});
        return List.of(t.reshape(dev.mil4j.core.types.Shape.of(s[0], s[1] * bs * bs, s[2] / bs, s[3] / bs)));
    }

    /** CRD order: {@code [N, C, H, W] -> [N, C/r^2, r, r, H, W] -> [N, C/r^2, H*r, W*r]}. */
    private static List<TensorValue> pixelShuffle(KernelContext ctx) {
        TensorValue x = ctx.input("x");
        long[] s = Tensors.shape(x);
        long r = ctx.constLong("upscale_factor");
        TensorValue t = permute(x, new long[] {s[0], s[1] / (r * r), r, r, s[2], s[3]},
                new int[] {0, 1, 4, 2, 5, 3});
        return List.of(t.reshape(dev.mil4j.core.types.Shape.of(s[0], s[1] / (r * r), s[2] * r, s[3] * r)));
    }
}
