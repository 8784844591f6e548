package dev.mil4j.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one way tests find the repository's test data: the {@code testdata/} folder at the repository root (see its
 * README for what made each file). The system property {@code mil4j.testdata} names another folder of the same
 * layout. Every file a test reads is in the repository; nothing is read from beside it.
 *
 * <pre>{@code
 * Path model = TestData.path("torch/mlp.pt");
 * }</pre>
 */
public final class TestData {
    /** The system property that overrides the test data folder. */
    public static final String PROPERTY = "mil4j.testdata";

    private static volatile Path root;

    private TestData() {
    }

    /** The test data folder: {@code -Dmil4j.testdata}, else the nearest {@code testdata/} above the working dir. */
    public static Path root() {
        Path r = root;
        if (r == null) {
            r = locate();
            root = r;
        }
        return r;
    }

    /** A file or folder of the test data, e.g. {@code path("onnx/mlp.onnx")}; fails if it does not exist. */
    public static Path path(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("missing test data " + relative + " (looked in " + root() + ")");
        }
        return p;
    }

    /**
     * The repository root: the nearest folder above the working directory that holds {@code pom.xml} and
     * {@code testdata/} (whatever {@code -Dmil4j.testdata} says: tests find the examples and built jars here).
     */
    public static Path repositoryRoot() {
        return repositoryTestData().getParent();
    }

    private static Path locate() {
        String override = System.getProperty(PROPERTY);
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override).toAbsolutePath().normalize();
            if (!Files.isDirectory(p)) {
                throw new IllegalStateException(PROPERTY + " names " + p + ", which is not a folder");
            }
            return p;
        }
        return repositoryTestData();
    }

    private static Path repositoryTestData() {
        Path start = Path.of("").toAbsolutePath();
        for (Path d = start; d != null; d = d.getParent()) {
            Path candidate = d.resolve("testdata");
            if (Files.isDirectory(candidate) && Files.isRegularFile(d.resolve("pom.xml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no testdata/ folder above " + start
                + "; run the tests inside the repository or set -D" + PROPERTY);
    }
}
