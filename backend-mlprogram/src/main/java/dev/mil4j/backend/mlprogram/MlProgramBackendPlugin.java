package dev.mil4j.backend.mlprogram;

import com.google.inject.Module;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.Contributions;
import dev.mil4j.converter.spi.Mil4jPlugin;

/** Contributes the {@code mlprogram} backend ({@link MlProgramBackend}) and the pass it requires. */
public final class MlProgramBackendPlugin implements Mil4jPlugin {
    public static final String ID = "mil4j-backend-mlprogram";

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
        return binder -> {
            Contributions.backend(binder, new MlProgramBackend());
            Contributions.pass(binder, new AdjustIoDtypesPass());
        };
    }
}
