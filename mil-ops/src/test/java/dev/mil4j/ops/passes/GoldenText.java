package dev.mil4j.ops.passes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files of this module, with the conventions of {@code dev.mil4j.core.testing.Golden} (run with
 * {@code -Dmil4j.updateGolden=true} to rewrite the expected files, then review the diff). It reads through a class
 * of this module: under the module path, core's {@code Golden} cannot open the resources of this module's
 * (non-open) {@code golden.passes} directory.
 */
final class GoldenText {
    private GoldenText() {
    }

    static String read(String resource) {
        try (InputStream in = GoldenText.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertMatches(String resource, String actual) {
        if (Boolean.getBoolean("mil4j.updateGolden")) {
            try {
                Path p = Path.of("src/test/resources").resolve(resource.substring(1));
                Files.createDirectories(p.getParent());
                Files.writeString(p, actual);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        assertThat(actual).as("golden %s", resource).isEqualTo(read(resource));
    }
}
