package dev.mil4j.frontend.onnx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the test inputs: the shared fixtures ({@code ../shared} next to the repository) and our own models. */
final class Fixtures {
    private Fixtures() {
    }

    static Path repoRoot() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path pom = d.resolve("pom.xml");
            try {
                if (Files.isRegularFile(pom) && Files.readString(pom).replaceAll("(?s)<parent>.*?</parent>", "")
                        .contains("<artifactId>mil4j-parent</artifactId>")) {
                    return d;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no mil4j-parent pom.xml above " + Path.of("").toAbsolutePath());
    }

    static Path shared() {
        Path shared = repoRoot().resolveSibling("shared");
        if (!Files.isDirectory(shared)) {
            throw new IllegalStateException("the shared fixtures are missing: expected " + shared);
        }
        return shared;
    }

    /** A public fixture exported by PyTorch 1.13 at opset 13, e.g. {@code mlp}. */
    static Path onnx(String name) {
        return shared().resolve("fixtures/onnx/" + name + ".onnx");
    }

    /** One of this module's generated test models (src/test/resources/models, made by make_test_models.py). */
    static Path model(String name) {
        return repoRoot().resolve("frontend-onnx/src/test/resources/models/" + name);
    }
}
