package dev.mil4j.frontend.tensorflow;

import com.google.inject.Module;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.Contributions;
import dev.mil4j.converter.spi.Mil4jPlugin;
import dev.mil4j.core.pass.PassPipeline;
import dev.mil4j.core.pass.common.CorePasses;
import dev.mil4j.frontend.tensorflow.translate.BuiltinTranslations;
import java.util.ArrayList;
import java.util.List;

/**
 * The TensorFlow frontend as a plugin ({@value #ID}): contributes the {@code tensorflow} frontend, every built-in
 * TensorFlow translation (so other plugins add or override translations exactly like these), the
 * {@value RemoveIdentityPass#ID} pass and the {@value TfFrontend#PIPELINE} pipeline.
 */
public final class TfFrontendPlugin implements Mil4jPlugin {
    public static final String ID = "mil4j-frontend-tensorflow";

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

    /** The pipeline after translation: drop identities, then the core cleanup (folding shape subgraphs first). */
    public static PassPipeline cleanupPipeline() {
        List<String> ids = new ArrayList<>();
        ids.add(RemoveIdentityPass.ID);
        ids.addAll(CorePasses.cleanupPipeline().passIds());
        return PassPipeline.of(TfFrontend.PIPELINE, ids);
    }

    @Override
    public Module module() {
        return binder -> {
            Contributions.frontend(binder, new TfFrontend());
            Contributions.pass(binder, new RemoveIdentityPass());
            Contributions.pipeline(binder, cleanupPipeline());
            Contributions.translations(binder, TfFrontend.ID, BuiltinTranslations::all); // built when first used
        };
    }
}
