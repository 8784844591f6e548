package dev.mil4j.converter.spi;

import dev.mil4j.core.ir.Program;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Loads one source format and translates it to MIL. A frontend is contributed by a plugin; it translates node by
 * node through the {@link TranslationRegistry} of its id, so other plugins can add or override translations, and it
 * lists every unsupported source op in one error.
 *
 * @param <T> the type of its translations (such as {@code TfTranslation}): what other plugins contribute for it
 */
public interface Frontend<T> {
    /** The framework id, e.g. {@code tensorflow}, {@code pytorch}, {@code onnx}. */
    String id();

    /** One line for listings, e.g. "TensorFlow GraphDef (.pb) and SavedModel directories". */
    String description();

    /**
     * The type of its translations: a contribution for this frontend that is not one is refused when the plugins
     * are loaded.
     */
    Class<T> translationType();

    /** Whether the file or directory looks like this frontend's format (cheap: name and first bytes). */
    boolean accepts(Path model);

    /** A pipeline to run right after translation (frontend-specific cleanup), if any. */
    default Optional<String> pipeline() {
        return Optional.empty();
    }

    /**
     * Loads and translates a model.
     *
     * @throws dev.mil4j.core.diag.ConversionException with every problem found
     */
    Program load(Path model, FrontendContext<T> context);
}
