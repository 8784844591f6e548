package dev.mil4j.runtime.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.mil4j.converter.spi.ReferenceModel;
import dev.mil4j.converter.spi.ReferenceRuntime;
import dev.mil4j.converter.spi.ReferenceRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * ONNX Runtime (CPU) as the reference of ONNX models. Its environment, and so its native library, is started on the
 * first load only; a model is run with one intra-op thread, so that two runs of it compute alike.
 */
final class OnnxReferenceRuntime implements ReferenceRuntime {
    @Override
    public String id() {
        return "onnxruntime";
    }

    @Override
    public String description() {
        String version = OrtEnvironment.class.getPackage().getImplementationVersion();
        return "ONNX Runtime" + (version == null ? "" : " " + version) + " (CPU)";
    }

    @Override
    public Set<String> frameworks() {
        return Set.of("onnx");
    }

    @Override
    public ReferenceModel load(Path model) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(model);
        } catch (IOException e) {
            throw new ReferenceRuntimeException("cannot read " + model + ": " + e.getMessage(), e);
        }
        try {
            return new OrtModel(model, bytes);
        } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
            throw new ReferenceRuntimeException("ONNX Runtime cannot load " + model + ": " + e.getMessage(), e);
        }
    }
}
