package dev.mil4j.backend.mlprogram;

import dev.mil4j.core.testing.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Lists the packages coremltools wrote ({@code testdata/coremltools}, found through {@link TestData}). */
final class Fixtures {
    private Fixtures() {
    }

    static Path coremltools() {
        return TestData.path("coremltools");
    }

    /** @return the packages coremltools wrote from the torch models (not the custom-layer one), sorted */
    static List<String> modelNames() {
        try (Stream<Path> list = Files.list(coremltools())) {
            return list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".mlprogram.json"))
                    .map(n -> n.substring(0, n.length() - ".mlprogram.json".length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
