package dev.mil4j.converter.spi;

import dev.mil4j.core.value.TensorValue;
import java.util.Map;

/**
 * A model loaded in its framework's {@link ReferenceRuntime}. Close it to free the native memory it holds.
 */
public interface ReferenceModel extends AutoCloseable {
    /**
     * Runs the model.
     *
     * @param inputs the inputs by name, in the converted program's input order; a runtime whose inputs are positional
     *     (TorchScript's {@code forward}) takes them in this order and ignores the names
     * @return the outputs in the model's output order, by the model's names for them
     * @throws ReferenceRuntimeException when the runtime refuses the inputs or fails
     */
    Map<String, TensorValue> run(Map<String, TensorValue> inputs);

    /** Whether {@link #intermediates} works: the runtime can return its graph's inner values. False by default. */
    default boolean exposesIntermediates() {
        return false;
    }

    /**
     * Runs the model and returns the value of every tensor its graph computes that the runtime can expose (node
     * outputs, intermediate ones included), by the framework's tensor names, in graph order.
     *
     * @throws UnsupportedOperationException when {@link #exposesIntermediates()} is false
     * @throws ReferenceRuntimeException when the runtime fails
     */
    default Map<String, TensorValue> intermediates(Map<String, TensorValue> inputs) {
        throw new UnsupportedOperationException("this runtime cannot expose intermediate values");
    }

    @Override
    void close();
}
