package dev.mil4j.frontend.tensorflow;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The committed TensorFlow graphs (made by src/fixtures/generate.sh with TensorFlow Java) and a converter. */
final class Fixtures {
    static final ConvertOptions OPTIONS = ConvertOptions.builder().build();

    private Fixtures() {
    }

    static Path graph(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/graphs/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Converter converter() {
        return Converter.builder().plugin(new TfFrontendPlugin()).build();
    }
}
