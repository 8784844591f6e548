package dev.mil4j.interpreter;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.DictType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;

/**
 * What a classifier returns for one prediction, as Core ML computes it: the label of the highest probability (the
 * first one on a tie) and the dictionary of every label's probability, widened to fp64. The one rule behind the
 * {@code classify} op's kernel and everything else that classifies a probability tensor (a NeuralNetwork
 * classifier read back, a source model's output compared with a converted classifier's).
 *
 * @param label the most probable label, a {@code string} or {@code int64} scalar
 * @param probabilities the dictionary from label to probability, in label order
 */
public record Classification(TensorValue label, Value.Dictionary probabilities) {
    public Classification {
        requireNonNull(label, "label is null");
        requireNonNull(probabilities, "probabilities is null");
    }

    /**
     * Classifies {@code probabilities}, one per class in class order (any shape holding as many elements as there
     * are classes, e.g. {@code [1, N]}).
     *
     * @param classes the labels, a rank-1 {@code string} or {@code int64} tensor
     * @throws IllegalArgumentException when the counts differ or the labels are of another dtype
     */
    public static Classification of(TensorValue probabilities, TensorValue classes) {
        requireNonNull(probabilities, "probabilities is null");
        requireNonNull(classes, "classes is null");
        if ((classes.dtype() != DType.STRING && classes.dtype() != DType.INT64) || classes.shape().rank() != 1) {
            throw new IllegalArgumentException("class labels must be a rank-1 string or int64 tensor, got "
                    + classes.type());
        }
        double[] p = probabilities.toDoubleArray();
        if (p.length != classes.elementCount()) {
            throw new IllegalArgumentException("there are " + p.length + " probabilities (" + probabilities.type()
                    + ") for " + classes.elementCount() + " classes");
        }
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        TensorValue label = classes.dtype() == DType.STRING ? TensorValue.scalar(classes.getString(best))
                : TensorValue.scalar(classes.getLong(best));
        return new Classification(label, new Value.Dictionary(DictType.of(classes.dtype(), DType.FP64), classes,
                TensorValue.ofDoubles(Shape.of(p.length), p)));
    }
}
