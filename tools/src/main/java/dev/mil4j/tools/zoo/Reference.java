package dev.mil4j.tools.zoo;

import dev.mil4j.core.value.TensorValue;
import java.util.List;

/**
 * What a model should compute: the source framework's float32 outputs ({@code NAME.output<j>.npy}) and, when the
 * zoo has them, the same model's float64 outputs ({@code NAME.reference<j>.npy}, made by
 * {@code tools/zoo/make_reference.py}).
 */
record Reference(List<TensorValue> framework, List<TensorValue> exact) {
    Reference {
        framework = List.copyOf(framework);
        exact = List.copyOf(exact);
    }

    boolean hasExact(int output) {
        return output < exact.size();
    }
}
