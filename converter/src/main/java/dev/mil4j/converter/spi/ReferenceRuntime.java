package dev.mil4j.converter.spi;

import java.nio.file.Path;
import java.util.Set;

/**
 * A source framework's own runtime, run beside the converted model to check a conversion ({@code mil4j verify}):
 * ONNX Runtime for ONNX models, libtorch for TorchScript, TensorFlow for graphs. Contributed by a plugin with
 * {@link Contributions#referenceRuntime}; each runtime is an optional module, since its native library is large.
 *
 * <p>A runtime must load its native code from its own jars (never download it) and may be used from one thread at
 * a time per loaded model.
 */
public interface ReferenceRuntime {
    /** A short id naming the runtime, e.g. {@code onnxruntime}. */
    String id();

    /** One line for listings, e.g. "ONNX Runtime 1.23.2 (CPU)". */
    String description();

    /** The ids of the frontends whose models it runs, e.g. {@code onnx}. */
    Set<String> frameworks();

    /**
     * Loads a model of one of {@link #frameworks()} (the file or directory the frontend read).
     *
     * @throws ReferenceRuntimeException naming the model and the cause when it cannot be loaded
     */
    ReferenceModel load(Path model);
}
