package dev.mil4j.frontend.tensorflow;

import dev.mil4j.converter.spi.Frontend;
import dev.mil4j.converter.spi.FrontendContext;
import dev.mil4j.core.ir.Program;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code tensorflow} frontend: frozen GraphDefs ({@code .pb}) and SavedModel directories (the
 * {@code serving_default} signature). Each needed node is translated through the {@code tensorflow} translation
 * registry; the {@value #PIPELINE} pipeline cleans up after translation.
 */
public final class TensorFlowFrontend implements Frontend<TfTranslation> {
    /** The frontend (and translation registry) id. */
    public static final String ID = TfTranslations.FRONTEND;
    /** The pipeline run right after translation. */
    public static final String PIPELINE = "tensorflow::cleanup";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "TensorFlow frozen GraphDef (.pb) and SavedModel directories";
    }

    @Override
    public Class<TfTranslation> translationType() {
        return TfTranslation.class;
    }

    @Override
    public boolean accepts(Path model) {
        if (Files.isDirectory(model)) {
            return Files.isRegularFile(model.resolve(TfModelReader.SAVED_MODEL_FILE));
        }
        Path name = model.getFileName();
        return name != null && name.toString().endsWith(".pb") && Files.isRegularFile(model);
    }

    @Override
    public Optional<String> pipeline() {
        return Optional.of(PIPELINE);
    }

    @Override
    public Program load(Path model, FrontendContext<TfTranslation> context) {
        Path name = model.getFileName();
        Path source = name != null && name.toString().equals(TfModelReader.SAVED_MODEL_FILE)
                && model.toAbsolutePath().getParent() != null ? model.toAbsolutePath().getParent() : model;
        TfModel tf = TfModelReader.read(source);
        return new TfGraphTranslator(tf, context).translate();
    }
}
