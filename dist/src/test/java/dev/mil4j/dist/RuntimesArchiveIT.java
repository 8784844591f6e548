package dev.mil4j.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.testing.TestData;
import dev.mil4j.dist.Processes.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference runtimes of {@code mil4j verify} ship apart, an archive each: the distribution alone says which
 * module to add, and with the runtime archives unpacked over it, {@code verify} runs ONNX, TorchScript and TensorFlow
 * models in their frameworks.
 */
class RuntimesArchiveIT {
    @TempDir
    static Path work;

    private static Path bare;
    private static Path full;

    @BeforeAll
    static void unpack() throws Exception {
        Path archive = Path.of(System.getProperty("mil4j.dist.archive"));
        String version = System.getProperty("mil4j.dist.version");
        String folder = "mil4j-" + version;
        Path a = Processes.untar(archive, Files.createDirectory(work.resolve("bare")));
        Path b = Processes.untar(archive, Files.createDirectory(work.resolve("full")));
        for (String runtime : List.of("onnx", "pytorch", "tensorflow")) {
            Processes.untar(Path.of(System.getProperty("mil4j.dist.runtimes"), "mil4j-runtime-" + runtime + "-"
                    + version + "-linux-x86_64.tar.gz"), b);
        }
        bare = a.resolve(folder);
        full = b.resolve(folder);
    }

    @Test
    void eachRuntimeArchiveAddsAPluginFolder() throws Exception {
        assertThat(full.resolve("plugins/runtime-onnx")).isDirectoryContaining(p -> p.getFileName().toString()
                .startsWith("onnxruntime-"));
        assertThat(full.resolve("plugins/runtime-pytorch")).isDirectoryContaining(p -> p.getFileName().toString()
                .startsWith("pytorch-native-cpu-"));
        assertThat(full.resolve("plugins/runtime-tensorflow")).isDirectoryContaining(p -> p.getFileName().toString()
                .startsWith("tensorflow-core-api-"));
        assertThat(full.resolve("lib")).isDirectoryContaining(p -> p.getFileName().toString()
                .equals("tensorflow-core-native-1.1.0-linux-x86_64.jar"));
        try (var jars = Files.list(bare.resolve("lib"))) {
            assertThat(jars.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("onnxruntime")
                    || n.startsWith("pytorch") || n.startsWith("runtime-") || n.endsWith("linux-x86_64.jar"));
        }
    }

    @Test
    void withoutTheRuntimesVerifySaysWhichModuleToAdd() throws Exception {
        Result r = mil4j(bare, "verify", TestData.path("onnx/mlp.onnx").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no reference runtime for onnx is installed").contains("Add the module "
                + "runtime-onnx: unpack mil4j-runtime-onnx-VERSION-PLATFORM.tar.gz over the distribution");
    }

    @Test
    void withThemVerifyRunsOnnxTorchScriptAndTensorFlowModels() throws Exception {
        Result onnx = mil4j(full, "verify", TestData.path("onnx/small_cnn.onnx").toString());
        assertThat(onnx.code()).as(onnx.err() + onnx.out()).isZero();
        assertThat(onnx.out()).contains("ONNX Runtime").contains("verified");
        Result torch = mil4j(full, "verify", TestData.path("torch/mlp.pt").toString(), "--input", "x:4x20");
        assertThat(torch.code()).as(torch.err() + torch.out()).isZero();
        assertThat(torch.out()).contains("PyTorch (libtorch").contains("verified");
        Path graph = TestData.repositoryRoot().resolve("frontend-tensorflow/src/test/resources/graphs/small_cnn.pb");
        Result tf = mil4j(full, "verify", graph.toString());
        assertThat(tf.code()).as(tf.err() + tf.out()).isZero();
        assertThat(tf.out()).contains("TensorFlow 2.").contains("verified");
    }

    private static Result mil4j(Path home, String... args) throws Exception {
        return Processes.mil4j(home, work, Map.of("PATH", System.getenv("PATH"), "JAVA_HOME",
                System.getProperty("java.home"), "MIL4J_JAVA_OPTS", "-Xmx1g"), args);
    }
}
