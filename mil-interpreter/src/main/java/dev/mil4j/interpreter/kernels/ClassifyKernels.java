package dev.mil4j.interpreter.kernels;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.DictType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.KernelContext;
import dev.mil4j.interpreter.KernelRegistry;
import dev.mil4j.interpreter.Value;
import dev.mil4j.interpreter.ValueKernel;
import java.util.List;

/**
 * {@code classify} (iOS15): the label of the highest probability (the first one on a tie) and the dictionary of every
 * label's probability, widened to fp64 as Core ML reports it.
 */
final class ClassifyKernels {
    private ClassifyKernels() {
    }

    static void register(KernelRegistry r) {
        r.register("classify", (ValueKernel) ClassifyKernels::classify, KernelRegistry.BUILT_IN);
    }

    private static List<Value> classify(KernelContext ctx) {
        double[] p = ctx.input("probabilities").toDoubleArray();
        TensorValue classes = ctx.input("classes");
        if (p.length != classes.elementCount()) {
            throw new IllegalArgumentException("there are " + p.length + " probabilities for "
                    + classes.elementCount() + " classes");
        }
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        TensorValue label = classes.dtype() == DType.STRING ? TensorValue.scalar(classes.getString(best))
                : TensorValue.scalar(classes.getLong(best));
        DictType type = DictType.of(classes.dtype(), DType.FP64);
        return List.of(Value.of(label), new Value.Dictionary(type, classes,
                TensorValue.ofDoubles(Shape.of(p.length), p)));
    }
}
