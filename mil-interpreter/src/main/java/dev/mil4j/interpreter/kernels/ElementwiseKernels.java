package dev.mil4j.interpreter.kernels;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.KernelContext;
import dev.mil4j.interpreter.KernelRegistry;
import dev.mil4j.interpreter.OpKernel;
import java.util.List;

/**
 * Kernels of the elementwise unary, binary, comparison and logical ops. The float binary arithmetic of same-shape
 * or broadcast fp16/fp32 inputs runs on float arrays ({@link Broadcasting}); everything else evaluates the op's
 * definition ({@link DefinitionKernel}), which broadcasts numpy-style and computes integers exactly.
 */
final class ElementwiseKernels {
    /** The ops evaluated through their definition, sorted. */
    static final List<String> BY_DEFINITION = List.of(
            "abs", "acos", "asin", "atan", "atanh", "ceil", "clip", "cos", "cosh", "equal", "erf", "exp", "exp2",
            "floor", "floor_div", "greater", "greater_equal", "inverse", "less", "less_equal", "log", "logical_and",
            "logical_not", "logical_or", "logical_xor", "mod", "not_equal", "pow", "round", "rsqrt", "sign", "sin",
            "sinh", "sqrt", "square", "tan", "threshold");

    private ElementwiseKernels() {
    }

    static void register(KernelRegistry r) {
        r.register("add", binary((a, b) -> a + b), KernelRegistry.BUILT_IN);
        r.register("maximum", binary(Math::max), KernelRegistry.BUILT_IN);
        r.register("minimum", binary(Math::min), KernelRegistry.BUILT_IN);
        r.register("mul", binary((a, b) -> a * b), KernelRegistry.BUILT_IN);
        r.register("real_div", binary((a, b) -> a / b), KernelRegistry.BUILT_IN);
        r.register("sub", binary((a, b) -> a - b), KernelRegistry.BUILT_IN);
        r.register("tanh", unary(v -> (float) Math.tanh(v)), KernelRegistry.BUILT_IN);
        r.registerAll(BY_DEFINITION, DefinitionKernel.INSTANCE, KernelRegistry.BUILT_IN);
    }

    /** A float function of two floats. */
    @FunctionalInterface
    interface FloatBinary {
        float apply(float a, float b);
    }

    /** A float function of a float. */
    @FunctionalInterface
    interface FloatUnary {
        float apply(float v);
    }

    /** A unary float kernel of input {@code x} for fp16/fp32; other dtypes go through the definition. */
    static OpKernel unary(FloatUnary f) {
        return ctx -> {
            TensorValue x = ctx.input("x");
            if (!x.dtype().isFloat()) {
                return DefinitionKernel.INSTANCE.execute(ctx);
            }
            float[] a = Tensors.floats(x);
            for (int i = 0; i < a.length; i++) {
                a[i] = f.apply(a[i]);
            }
            return List.of(Tensors.fromFloats(ctx.outputDtype(0), Tensors.shape(x), a));
        };
    }

    /** Float arithmetic on float arrays for fp16/fp32; integer inputs go through the definition. */
    static OpKernel binary(FloatBinary f) {
        return ctx -> {
            TensorValue x = ctx.input("x");
            TensorValue y = ctx.input("y");
            if (!x.dtype().isFloat()) {
                return DefinitionKernel.INSTANCE.execute(ctx);
            }
            return List.of(apply(ctx, f, x, y));
        };
    }

    private static TensorValue apply(KernelContext ctx, FloatBinary f, TensorValue x, TensorValue y) {
        long[] xs = Tensors.shape(x);
        long[] ys = Tensors.shape(y);
        long[] out = Broadcasting.shape(xs, ys);
        float[] a = Tensors.floats(x);
        float[] b = Tensors.floats(y);
        float[] r = new float[Tensors.size(out)];
        if (a.length == r.length && b.length == r.length) {
            for (int i = 0; i < r.length; i++) {
                r[i] = f.apply(a[i], b[i]);
            }
        } else if (b.length == 1 && a.length == r.length) {
            float s = b[0];
            for (int i = 0; i < r.length; i++) {
                r[i] = f.apply(a[i], s);
            }
        } else if (a.length == 1 && b.length == r.length) {
            float s = a[0];
            for (int i = 0; i < r.length; i++) {
                r[i] = f.apply(s, b[i]);
            }
        } else {
            int[] ai = Broadcasting.sources(out, xs);
            int[] bi = Broadcasting.sources(out, ys);
            for (int i = 0; i < r.length; i++) {
                r[i] = f.apply(a[ai[i]], b[bi[i]]);
            }
        }
        DType od = ctx.outputDtype(0);
        return Tensors.fromFloats(od, out, r);
    }
}
