package dev.mil4j.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden-text files in test resources. Run with {@code -Dmil4j.updateGolden=true} to (re)write the expected files
 * under {@code src/test/resources} of the module being tested, then review the diff.
 */
public final class Golden {
    private Golden() {
    }

    /**
     * The text of a golden file: read from the module's {@code src/test/resources} (the working directory of a test
     * run is the module's folder), which works on the module path too, where another module's class cannot open the
     * resources of a non-open package; through {@code anchor}'s class loader otherwise.
     */
    public static String read(Class<?> anchor, String resource) {
        Path source = Path.of("src/test/resources").resolve(resource.substring(1));
        if (Files.isRegularFile(source)) {
            try {
                return Files.readString(source);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that {@code actual} equals the resource's text (or rewrites it when updating). */
    public static void assertMatches(Class<?> anchor, String resource, String actual) {
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
        assertThat(actual).as("golden %s", resource).isEqualTo(read(anchor, resource));
    }
}
