package dev.mil4j.backend.neuralnetwork;

import com.google.inject.Module;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.Contributions;
import dev.mil4j.converter.spi.Mil4jPlugin;

/** Contributes the {@code neuralnetwork} backend ({@link NeuralNetworkBackend}) to the converter. */
public final class NeuralNetworkBackendPlugin implements Mil4jPlugin {
    public static final String ID = "mil4j-backend-neuralnetwork";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return Converter.VERSION;
    }

    @Override
    public int apiVersion() {
        return API_VERSION;
    }

    @Override
    public Module module() {
        return binder -> Contributions.backend(binder, new NeuralNetworkBackend());
    }
}
