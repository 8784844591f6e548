package dev.mil4j.frontend.onnx;

import com.google.inject.Module;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.Contributions;
import dev.mil4j.converter.spi.Mil4jPlugin;
import dev.mil4j.frontend.onnx.translate.BuiltinTranslations;

/**
 * The ONNX frontend as a plugin ({@code mil4j-frontend-onnx}): contributes the {@code onnx} frontend and every
 * built-in ONNX translation, so other plugins add or override translations exactly like these.
 */
public final class OnnxFrontendPlugin implements Mil4jPlugin {
    public static final String ID = "mil4j-frontend-onnx";

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
            Contributions.frontend(binder, new OnnxFrontend());
            Contributions.translations(binder, OnnxFrontend.ID, BuiltinTranslations::all); // built when first used
        };
    }
}
