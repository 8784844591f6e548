package dev.mil4j.runtime.tensorflow;

import com.google.inject.Module;
import dev.mil4j.converter.spi.Contributions;
import dev.mil4j.converter.spi.Mil4jPlugin;

/** The plugin of TensorFlow Java: contributes the reference runtime {@code tensorflow} for frozen TensorFlow graphs. */
public final class TensorFlowRuntimePlugin implements Mil4jPlugin {
    @Override
    public String id() {
        return "mil4j-runtime-tensorflow";
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
        return binder -> Contributions.referenceRuntime(binder, new TensorFlowReferenceRuntime());
    }
}
