package dev.mil4j.spec;

import dev.mil4j.core.testing.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Lists the models coremltools wrote ({@code testdata/coremltools}, found through {@link TestData}). */
public final class Fixtures {
    private Fixtures() {}

    /** @return the directory of the models made by coremltools */
    public static Path coremltools() {
        return TestData.path("coremltools");
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
