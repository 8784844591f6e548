package dev.mil4j.backend.mlprogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Locates the shared coremltools fixtures: {@code ../shared/fixtures/coremltools} next to the repository root. */
final class Fixtures {
    private Fixtures() {
    }

    static Path coremltools() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path dir = d.resolveSibling("shared").resolve("fixtures/coremltools");
            if (Files.isRegularFile(d.resolve("pom.xml")) && Files.isDirectory(dir)) {
                return dir;
            }
        }
        throw new IllegalStateException("the shared fixtures are missing: expected ../shared/fixtures/coremltools"
                + " next to the repository root");
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
