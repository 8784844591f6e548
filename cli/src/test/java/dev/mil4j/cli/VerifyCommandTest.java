package dev.mil4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.testing.TestData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mil4j verify} on the committed models, with the reference runtimes of the test class path (ONNX Runtime,
 * DJL's PyTorch and TensorFlow Java), and with deliberately broken plugins ({@code src/test/plugins}: relu
 * translated as sigmoid; a pass that bypasses a relu), compiled into jars here and given with {@code --plugin}.
 */
class VerifyCommandTest {
    @TempDir
    static Path work;

    private static Path brokenRelu;
    private static Path brokenPass;

    @BeforeAll
    static void buildTheBrokenPlugins() throws Exception {
        brokenRelu = compilePlugin(Path.of("src/test/plugins/broken-relu"), "brokenrelu.BrokenReluPlugin",
                work.resolve("broken-relu.jar"));
        brokenPass = compilePlugin(Path.of("src/test/plugins/broken-pass"), "brokenpass.BrokenPassPlugin",
                work.resolve("broken-pass.jar"));
    }

    @Test
    void anOnnxModelMatchesOnnxRuntime() {
        Result r = verify(TestData.path("onnx/mlp.onnx").toString());
        assertThat(r.code).as(r.err + r.out).isZero();
        assertThat(r.out).contains("ONNX Runtime").contains("input input0: fp32[4, 20] (random, seed 0)")
                .containsPattern("output0 +\\[4, 5\\] +\\S+ +\\S+ +0% +4/4 +ok")
                .contains("verified: the output is within tolerance");
    }

    @Test
    void aTorchScriptModelMatchesPyTorchAndTheReportSaysSo() throws IOException {
        Path report = work.resolve("small_cnn.json");
        Result r = verify(TestData.path("torch/small_cnn.pt").toString(), "--input", "x:1x3x16x16",
                "--precision", "fp32", "--report", report.toString());
        assertThat(r.code).as(r.err + r.out).isZero();
        assertThat(r.out).contains("PyTorch (libtorch 2.7.1").contains("(atol 1.00e-04, rtol 1.00e-04)")
                .contains("verified");
        assertThat(report).content().contains("\"runtime\" : \"pytorch\"").contains("\"passes\" : true")
                .contains("\"shape\" : \"[1, 10]\"").contains("\"top1Agree\" : 1");
    }

    @Test
    void tensorFlowGraphsMatchTensorFlow() {
        for (String graph : List.of("small_cnn.pb", "mlp.pb", "topk_head.pb")) {
            Path file = TestData.repositoryRoot().resolve("frontend-tensorflow/src/test/resources/graphs/" + graph);
            Result r = verify(file.toString(), "--precision", "fp32");
            assertThat(r.code).as(graph + ": " + r.err + r.out).isZero();
            assertThat(r.out).contains("TensorFlow 2.").contains("verified");
        }
    }

    /** SavedModel directories, with variables, run through their serving signature (features in, scores out). */
    @Test
    void tensorFlowSavedModelsMatchTensorFlow() {
        for (String dir : List.of("saved_dense", "saved_tf2")) {
            Path model = TestData.repositoryRoot().resolve("frontend-tensorflow/src/test/resources/graphs/" + dir);
            Result r = verify(model.toString(), "--input", "features:3x6", "--precision", "fp32");
            assertThat(r.code).as(dir + ": " + r.err + r.out).isZero();
            assertThat(r.out).contains("TensorFlow 2.").contains("input features: fp32[3, 6] (random, seed 0)")
                    .containsPattern("scores +\\[3, 4\\] ").contains("verified");
        }
    }

    @Test
    void theOutputsKeptWithOutputNameArePairedByName() {
        Result r = verify(TestData.path("onnx/elementwise_zoo.onnx").toString(), "--output-name", "output1",
                "--precision", "fp32");
        assertThat(r.code).as(r.err + r.out).isZero();
        assertThat(r.out).containsPattern("\\n  output1 +\\[2, 4\\] ").doesNotContain("output0");
    }

    @Test
    void givenArraysAreUsedAsTheyAre() {
        Result r = verify(TestData.path("torch/mlp.pt").toString(), "--input",
                "x=" + TestData.path("torch/mlp.input0.npy"));
        assertThat(r.code).as(r.err + r.out).isZero();
        assertThat(r.out).contains("input x: fp32[4, 20] (given)");
    }

    @Test
    void randomInputsWithASeedAreReproducible() {
        String model = TestData.path("onnx/attention_block.onnx").toString();
        Result first = verify(model, "--input", "input0=random:7", "--precision", "fp32");
        Result again = verify(model, "--input", "input0=random:7", "--precision", "fp32");
        Result other = verify(model, "--input", "input0=random:8", "--precision", "fp32");
        assertThat(first.code).as(first.err + first.out).isZero();
        assertThat(first.out).contains("(random, seed 7)").isEqualTo(again.out);
        assertThat(other.out).contains("(random, seed 8)");
        assertThat(table(other.out)).isNotEqualTo(table(first.out));
    }

    @Test
    void aBrokenTorchTranslationFailsAndLayersNamesItsOp() {
        String model = TestData.path("torch/small_cnn.pt").toString();
        Result plain = verify(model, "--input", "x:1x3x16x16", "--precision", "fp32", "--plugin",
                brokenRelu.toString());
        assertThat(plain.code).isEqualTo(Mil4j.DIAGNOSTICS);
        assertThat(plain.out).contains("MISMATCH").contains("MISMATCH: 1 of 1 output outside tolerance (--layers");
        Result layers = verify(model, "--input", "x:1x3x16x16", "--precision", "fp32", "--plugin",
                brokenRelu.toString(), "--layers");
        assertThat(layers.code).isEqualTo(Mil4j.DIAGNOSTICS);
        assertThat(layers.out).contains("already differs from pytorch: a translation error")
                .containsPattern("the first op translated by a plugin's translation is %\\w+ = sigmoid\\(\\.\\.\\.\\), "
                        + "from torch node `aten::relu`")
                .contains("(translation of plugin 'test-broken-relu')");
    }

    @Test
    void aBrokenOnnxTranslationIsFoundNodeByNode() {
        Result r = verify(TestData.path("onnx/small_cnn.onnx").toString(), "--precision", "fp32", "--plugin",
                brokenRelu.toString(), "--layers");
        assertThat(r.code).as(r.err).isEqualTo(Mil4j.DIAGNOSTICS);
        assertThat(r.out).contains("already differs from onnxruntime: a translation error")
                .containsPattern("first diverging op: %\\w+ = sigmoid\\(\\.\\.\\.\\), from onnx node `Relu ")
                .containsPattern("against onnxruntime's `[^`]*Relu[^`]*`: max abs err");
    }

    @Test
    void aBrokenPassIsNamedWithTheFirstOpItChanges() {
        Result r = verify(TestData.path("onnx/small_cnn.onnx").toString(), "--precision", "fp32", "--plugin",
                brokenPass.toString(), "--layers");
        assertThat(r.code).as(r.err).isEqualTo(Mil4j.DIAGNOSTICS);
        assertThat(r.out).contains("the translated program (before the passes) matches onnxruntime; the passes change "
                + "the result").containsPattern("pass common::noop_elimination \\(\\d+ of \\d+ in pipeline default\\) "
                + "moves the outputs outside the tolerance").containsPattern("first op it changes: %\\w+ = \\w+\\(");
    }

    @Test
    void aConvertedPackageIsComparedAsWritten() {
        Path out = work.resolve("mlp.mlpackage");
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Mil4j.run(new PrintWriter(o), new PrintWriter(e), "convert", TestData.path("onnx/mlp.onnx")
                .toString(), "-o", out.toString(), "--precision", "fp32", "-q");
        assertThat(code).as(e.toString()).isZero();
        Result r = verify(TestData.path("onnx/mlp.onnx").toString(), "--converted", out.toString(), "--precision",
                "fp32");
        assertThat(r.code).as(r.err).isZero();
        assertThat(r.out).contains("beside the mlp.mlpackage");
    }

    @Test
    void badInputsAreUsageErrors() {
        Result r = verify(TestData.path("onnx/mlp.onnx").toString(), "--input", "input0=random:x");
        assertThat(r.code).isEqualTo(Mil4j.USAGE);
        assertThat(r.err).contains("the seed after random: must be an integer");
        Result unknown = verify(TestData.path("onnx/mlp.onnx").toString(), "--input", "nope=random");
        assertThat(unknown.code).isEqualTo(Mil4j.USAGE);
        assertThat(unknown.err).contains("--input names 'nope', which is not an input of the converted model; its "
                + "inputs: input0");
    }

    private static String table(String out) {
        return out.substring(out.indexOf("  output"));
    }

    private record Result(int code, String out, String err) {
    }

    private static Result verify(String... args) {
        List<String> all = new ArrayList<>(List.of("verify"));
        all.addAll(List.of(args));
        all.add("-q");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Mil4j.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    /** Compiles the plugin's sources with the JDK's javac against the test's paths and jars them with their service. */
    static Path compilePlugin(Path sources, String pluginClass, Path jar) throws Exception {
        Path classes = Files.createDirectories(jar.resolveSibling(jar.getFileName() + ".classes"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "javac")
                .toString(), "-d", classes.toString(), "--release", "17", "-proc:none", "-classpath",
                String.join(java.io.File.pathSeparator, System.getProperty("jdk.module.path", ""),
                        System.getProperty("java.class.path", ""))));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        files.forEach(f -> command.add(f.toString()));
        Process javac = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(javac.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(javac.exitValue()).as(log).isZero();
        try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> walk = Files.walk(classes)) {
            for (Path c : walk.filter(Files::isRegularFile).toList()) {
                j.putNextEntry(new JarEntry(classes.relativize(c).toString().replace('\\', '/')));
                j.write(Files.readAllBytes(c));
                j.closeEntry();
            }
            j.putNextEntry(new JarEntry("META-INF/services/dev.mil4j.converter.spi.Mil4jPlugin"));
            j.write((pluginClass + "\n").getBytes(StandardCharsets.UTF_8));
            j.closeEntry();
        }
        return jar;
    }
}
