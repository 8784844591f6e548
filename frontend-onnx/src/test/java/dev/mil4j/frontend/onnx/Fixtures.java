package dev.mil4j.frontend.onnx;

import dev.mil4j.core.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;

/** Names the test models: the repository's ONNX exports (through {@link TestData}) and this module's own. */
final class Fixtures {
    /** This module's own test models, relative to the module folder (the working directory of a test run). */
    private static final Path OWN = Path.of("src", "test", "resources", "models").toAbsolutePath();

    private Fixtures() {
    }

    /** A model of {@code testdata/onnx}, exported by PyTorch 1.13 at opset 13, e.g. {@code mlp}. */
    static Path onnx(String name) {
        return TestData.path("onnx/" + name + ".onnx");
    }

    /** One of this module's generated test models (src/test/resources/models, made by make_test_models.py). */
    static Path model(String name) {
        Path p = OWN.resolve(name);
        if (!Files.exists(p)) {
            throw new IllegalStateException("missing test model " + p);
        }
        return p;
    }
}
