package dev.mil4j.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Locates the shared, read-only test inputs: {@code ../shared} next to the repository root. */
public final class Fixtures {
    private Fixtures() {}

    /** @return the repository root: the nearest directory up from here whose pom.xml is mil4j-parent */
    public static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path pom = d.resolve("pom.xml");
            try {
                // a module's pom names mil4j-parent too, but only inside its <parent> element
                if (Files.isRegularFile(pom) && Files.readString(pom).replaceAll("(?s)<parent>.*?</parent>", "")
                        .contains("<artifactId>mil4j-parent</artifactId>")) {
                    return d;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no mil4j-parent pom.xml above " + dir);
    }

    /** @return {@code ../shared} relative to the repository root */
    public static Path shared() {
        Path shared = repoRoot().resolveSibling("shared");
        if (!Files.isDirectory(shared)) {
            throw new IllegalStateException("the shared fixtures are missing: expected " + shared);
        }
        return shared;
    }

    /** @return the directory of the models made by coremltools */
    public static Path coremltools() {
        return shared().resolve("fixtures/coremltools");
    }

    /** @return every .mlmodel under the coremltools fixtures, including those inside packages, sorted */
    public static List<Path> allModelFiles() {
        try (Stream<Path> walk = Files.walk(coremltools())) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".mlmodel") && Files.isRegularFile(p))
                    .sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return every .mlpackage directory of the coremltools fixtures, sorted */
    public static List<Path> allPackages() {
        try (Stream<Path> list = Files.list(coremltools())) {
            return list.filter(p -> p.getFileName().toString().endsWith(".mlpackage")).sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
