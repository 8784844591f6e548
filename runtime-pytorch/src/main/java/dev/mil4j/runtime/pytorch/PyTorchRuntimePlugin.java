package dev.mil4j.runtime.pytorch;

import com.google.inject.Module;
import dev.mil4j.converter.spi.Contributions;
import dev.mil4j.converter.spi.Mil4jPlugin;

/** The plugin of DJL's PyTorch engine: contributes the reference runtime {@code pytorch} for TorchScript models. */
public final class PyTorchRuntimePlugin implements Mil4jPlugin {
    @Override
    public String id() {
        return "mil4j-runtime-pytorch";
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
        return binder -> Contributions.referenceRuntime(binder, new PyTorchReferenceRuntime());
    }
}
