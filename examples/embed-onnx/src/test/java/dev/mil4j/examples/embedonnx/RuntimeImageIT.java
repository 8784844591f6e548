package dev.mil4j.examples.embedonnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Links the runtime image of the embed-onnx application with the running JDK and runs it as a platform team would:
 * an ONNX model in, an ML Program out, and nothing of mil4j in the image beyond the modules the application needs.
 */
class RuntimeImageIT {
    private static final Set<String> MIL4J_MODULES = Set.of("dev.mil4j.examples.embedonnx", "dev.mil4j.converter",
            "dev.mil4j.core", "dev.mil4j.ops", "dev.mil4j.interpreter", "dev.mil4j.spec", "dev.mil4j.frontend.onnx",
            "dev.mil4j.backend.mlprogram");

    @TempDir
    static Path work;

    private static Path image;

    @BeforeAll
    static void link() throws IOException {
        image = Path.of(System.getProperty("embed.image"));
        RuntimeImage.link(Path.of(System.getProperty("embed.app")), Path.of(System.getProperty("embed.jar")),
                Path.of("src/image/bin/embed-onnx").toAbsolutePath(), image);
        System.out.printf("runtime image %s: %.1f MiB (JDK modules %.1f MiB, app/ %.1f MiB)%n", image,
                size(image) / 1048576.0, (size(image) - size(image.resolve("app"))) / 1048576.0,
                size(image.resolve("app")) / 1048576.0);
    }

    @Test
    void convertsAnOnnxModelToAnMlProgram() throws Exception {
        Path model = Files.copy(TestData.path("onnx/mlp.onnx"), work.resolve("mlp.onnx"));
        Path out = work.resolve("mlp.mlpackage");
        Result r = run(image.resolve("bin/embed-onnx").toString(), model.toString(), out.toString());
        assertThat(r.code).as(r.err).isZero();
        assertThat(r.out).contains("converted");
        assertThat(out.resolve("Manifest.json")).isRegularFile();
    }

    @Test
    void theImageHoldsOnlyJdkModulesAndItsModulePathOnlyTheModulesTheApplicationNeeds() throws Exception {
        Result linked = run(image.resolve("bin/java").toString(), "--list-modules");
        assertThat(linked.code).as(linked.err).isZero();
        Set<String> jdk = moduleNames(linked.out);
        assertThat(jdk).allMatch(m -> m.startsWith("java.") || m.startsWith("jdk."))
                .contains("java.base").doesNotContain("java.desktop", "java.sql", "jdk.compiler");

        Result all = run(image.resolve("bin/java").toString(), "--module-path", image.resolve("app").toString(),
                "--list-modules");
        assertThat(all.code).as(all.err).isZero();
        Set<String> mil4j = moduleNames(all.out).stream().filter(m -> m.startsWith("dev.mil4j."))
                .collect(Collectors.toSet());
        assertThat(mil4j).isEqualTo(MIL4J_MODULES);
    }

    @Test
    void askingForTheNeuralNetworkTargetNamesTheInstalledBackends() throws Exception {
        Path model = Files.copy(TestData.path("onnx/mlp.onnx"), work.resolve("mlp-nn.onnx"));
        Result r = run(image.resolve("bin/embed-onnx").toString(), model.toString(),
                work.resolve("mlp.mlmodel").toString(), "neuralnetwork");
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).contains("unknown target 'neuralnetwork'; installed backends: mlprogram")
                .doesNotContain("Exception");
        assertThat(work.resolve("mlp.mlmodel")).doesNotExist();
    }

    private static Set<String> moduleNames(String listing) {
        // "java.base@17.0.15" or "dev.mil4j.core file:///.../mil-core.jar"
        return Arrays.stream(listing.split("\n")).map(String::strip).filter(l -> !l.isEmpty())
                .map(l -> l.split("[@ ]")[0]).collect(Collectors.toSet());
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static Result run(String... command) throws Exception {
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(List.of(command)).directory(work.toFile());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("finished within 5 minutes").isTrue();
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private record Result(int code, String out, String err) {
    }
}
