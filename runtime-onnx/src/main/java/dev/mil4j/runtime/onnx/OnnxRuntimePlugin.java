package dev.mil4j.runtime.onnx;

import com.google.inject.Module;
import dev.mil4j.converter.spi.Contributions;
import dev.mil4j.converter.spi.Mil4jPlugin;

/** The plugin of ONNX Runtime: contributes the reference runtime {@code onnxruntime} for ONNX models. */
public final class OnnxRuntimePlugin implements Mil4jPlugin {
    @Override
    public String id() {
        return "mil4j-runtime-onnx";
    }

    @Override
    public String version() {
        return "0.1.0";
    }

    @Override
    public int apiVersion() {
        return API_VERSION;
    }

    @Override
    public Module module() {
        return binder -> Contributions.referenceRuntime(binder, new OnnxReferenceRuntime());
    }
}
