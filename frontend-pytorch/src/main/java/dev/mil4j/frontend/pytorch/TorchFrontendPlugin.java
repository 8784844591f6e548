package dev.mil4j.frontend.pytorch;

import com.google.inject.Module;
import dev.mil4j.converter.spi.Contributions;
import dev.mil4j.converter.spi.Mil4jPlugin;
import dev.mil4j.frontend.pytorch.translate.BuiltinTranslations;

/**
 * The plugin of the PyTorch frontend ({@code mil4j-frontend-pytorch}): contributes the {@code pytorch} frontend and
 * every built-in torch translation, so that another plugin can add or override translations the same way.
 */
public final class TorchFrontendPlugin implements Mil4jPlugin {
    public static final String ID = "mil4j-frontend-pytorch";

    @Override
    public String id() {
        return ID;
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
        return binder -> {
            Contributions.frontend(binder, new TorchFrontend());
            Contributions.translations(binder, TorchFrontend.ID, BuiltinTranslations::all); // built when first used
        };
    }
}
