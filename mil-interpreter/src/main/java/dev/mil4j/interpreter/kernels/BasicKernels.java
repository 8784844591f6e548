package dev.mil4j.interpreter.kernels;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.KernelContext;
import dev.mil4j.interpreter.KernelRegistry;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Kernels of the basic ops: {@code cast}, {@code identity} and {@code shape} through their definitions; {@code fill}
 * and {@code range_1d} directly (their definitions stop folding at a size limit, a run must not); the random draws
 * {@code random_uniform} and {@code random_normal}.
 */
final class BasicKernels {
    /** The basic ops evaluated through their definition, sorted. */
    static final List<String> BY_DEFINITION = List.of("cast", "identity", "shape");

    private BasicKernels() {
    }

    static void register(KernelRegistry r) {
        r.registerAll(BY_DEFINITION, DefinitionKernel.INSTANCE, KernelRegistry.BUILT_IN);
        r.register("fill", BasicKernels::fill, KernelRegistry.BUILT_IN);
        r.register("range_1d", BasicKernels::range, KernelRegistry.BUILT_IN);
        r.register("random_uniform", ctx -> random(ctx, "low", "high", false), KernelRegistry.BUILT_IN);
        r.register("random_normal", ctx -> random(ctx, "mean", "stddev", true), KernelRegistry.BUILT_IN);
    }

    /**
     * {@code random_uniform} ({@code low + (high - low) u}, u uniform on [0, 1)) and {@code random_normal}
     * ({@code mean + stddev g}, g standard normal) of shape {@code shape}: seeded by {@code seed} when it is not
     * negative (the same values on every run, though not Core ML's), from a fresh seed otherwise.
     */
    private static List<TensorValue> random(KernelContext ctx, String first, String second, boolean normal) {
        long[] shape = ctx.input("shape").toLongArray();
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("input `shape` holds a negative size: " + Arrays.toString(shape));
            }
        }
        long seed = ctx.input("seed").scalarLong();
        Random random = seed >= 0 ? new Random(seed) : new Random();
        double a = ctx.input(first).scalarDouble();
        double b = ctx.input(second).scalarDouble();
        double[] v = new double[Tensors.size(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = normal ? a + b * random.nextGaussian() : a + (b - a) * random.nextDouble();
        }
        return List.of(TensorValue.fromDoubles(ctx.outputDtype(0), Shape.of(shape), v));
    }

    /** {@code fill(shape, value)}: a tensor of shape {@code shape} holding {@code value} everywhere. */
    private static List<TensorValue> fill(KernelContext ctx) {
        long[] shape = ctx.input("shape").toLongArray();
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("input `shape` holds a negative size: " + Arrays.toString(shape));
            }
        }
        DType dt = ctx.outputDtype(0);
        TensorValue value = ctx.input("value").cast(dt);
        int n = Tensors.size(shape);
        return List.of(Tensors.take(value, shape, new int[n], null));
    }

    /** {@code range_1d(end, start, step)}: {@code start, start + step, ...} up to, not including, {@code end}. */
    private static List<TensorValue> range(KernelContext ctx) {
        double start = ctx.input("start").scalarDouble();
        double end = ctx.input("end").scalarDouble();
        double step = ctx.input("step").scalarDouble();
        if (step == 0) {
            throw new IllegalArgumentException("input `step` is 0; a range needs a non-zero step");
        }
        long n = Math.max(0, (long) Math.ceil((end - start) / step));
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the range has " + n + " elements, too many for one tensor");
        }
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = start + i * step;
        }
        DType dt = ctx.outputDtype(0);
        return List.of(TensorValue.fromDoubles(dt, dev.mil4j.core.types.Shape.of(v.length), v));
    }
}
