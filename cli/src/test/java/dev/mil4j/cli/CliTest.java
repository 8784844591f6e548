package dev.mil4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.npy.Npy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI run in-process, on real files: the repository's test data and the example plugin jar. */
class CliTest {
    private static final Path ROOT = TestData.repositoryRoot();
    private static final Path FIXTURES = TestData.root();
    private static final Path PLUGIN = ROOT.resolve("examples/custom-topk/target/custom-topk-plugin.jar");

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Mil4j.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    private static String plugin() {
        assertThat(PLUGIN).as("the example plugin jar is built by the reactor before the cli module; run "
                + "`mvn -B package -pl examples/custom-topk -am -DskipTests` first when building cli alone")
                .exists();
        return PLUGIN.toString();
    }

    @Test
    void opsListsTheStandardOpSet() throws Exception {
        Result r = run("ops", "--json");
        assertThat(r.code()).isZero();
        Set<String> names = new TreeSet<>();
        for (JsonNode n : new ObjectMapper().readTree(r.out())) {
            names.add(n.get("name").asText());
        }
        assertThat(names).contains("const", "identity", "cast", "shape", "fill", "range_1d", "linear", "matmul",
                "einsum", "add", "sub", "mul", "real_div", "floor_div", "mod", "pow", "maximum", "minimum", "equal",
                "not_equal", "less", "less_equal", "greater", "greater_equal", "logical_and", "logical_or",
                "logical_xor", "abs", "ceil", "floor", "round", "sign", "sqrt", "rsqrt", "exp", "exp2", "log", "sin",
                "cos", "tan", "tanh", "erf", "inverse", "square", "clip", "threshold", "logical_not", "relu", "relu6",
                "leaky_relu", "elu", "gelu", "sigmoid", "sigmoid_hard", "silu", "softplus", "softsign", "softmax",
                "prelu", "scaled_tanh", "linear_activation", "conv", "conv_transpose", "max_pool", "avg_pool",
                "l2_pool", "batch_norm", "instance_norm", "layer_norm", "l2_norm", "local_response_norm",
                "reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod", "reduce_argmax",
                "reduce_argmin", "reduce_l1_norm", "reduce_l2_norm", "reduce_log_sum_exp", "reshape", "transpose",
                "squeeze", "expand_dims", "concat", "split", "stack", "slice_by_index", "slice_by_size", "gather",
                "gather_along_axis", "scatter", "scatter_along_axis", "tile", "pad", "topk", "argsort", "cumsum",
                "flatten2d", "select", "non_zero", "one_hot", "band_part", "space_to_depth", "depth_to_space",
                "pixel_shuffle", "upsample_nearest_neighbor", "upsample_bilinear", "resize_bilinear", "crop_resize",
                "cond", "while_loop", "make_list", "list_read", "list_write", "list_gather", "list_scatter",
                "list_length");
        assertThat(run("ops", "--custom").out()).isEqualTo("0 op definitions" + System.lineSeparator());
    }

    @Test
    void pluginJarsAreLoadedAndListed() throws Exception {
        Result r = run("plugins", "--json", "--plugin", plugin());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode plugins = new ObjectMapper().readTree(r.out());
        List<String> ids = new ArrayList<>();
        plugins.forEach(p -> ids.add(p.get("id").asText()));
        assertThat(ids).contains("mil4j-core", "custom-topk");
        JsonNode topk = plugins.get(ids.indexOf("custom-topk"));
        assertThat(topk.get("source").asText()).isEqualTo("jar " + PLUGIN);
        assertThat(topk.get("contributions").get(0).asText()).isEqualTo("custom op custom_topk");

        Result custom = run("ops", "--custom", "--json", "--plugin", plugin());
        JsonNode op = new ObjectMapper().readTree(custom.out()).get(0);
        assertThat(op.get("binding").get("className").asText()).isEqualTo("CustomTopK");
        assertThat(op.get("binding").get("parameters").toString()).isEqualTo("[\"k\",\"axis\",\"sorted\"]");

        Result twice = run("plugins", "--plugin", plugin(), "--plugin", plugin());
        assertThat(twice.code()).isEqualTo(Mil4j.USAGE);
        assertThat(twice.err()).startsWith("error: two plugins have the id 'custom-topk'");
    }

    @Test
    void customLayerStubIsWrittenFromTheBinding() throws Exception {
        Result r = run("custom-layer-stub", "custom_topk", "-o", dir.toString(), "--plugin", plugin());
        assertThat(r.code()).as(r.err()).isZero();
        String swift = Files.readString(dir.resolve("CustomTopK.swift"));
        assertThat(swift).contains("@objc(CustomTopK)", "final class CustomTopK: NSObject, MLCustomLayer",
                "guard let k = parameters[\"k\"] as? Int", "guard let axis = parameters[\"axis\"] as? Int",
                "guard let sorted = parameters[\"sorted\"] as? Bool", "let x = inputs[0]", "// Top K Custom layer");
        Result missing = run("custom-layer-stub", "custom_sort", "-o", dir.toString(), "--plugin", plugin());
        assertThat(missing.code()).isEqualTo(Mil4j.USAGE);
        assertThat(missing.err()).isEqualTo("error: no custom op named 'custom_sort'; custom ops: custom_topk"
                + System.lineSeparator());
    }

    @Test
    void inspectReadsModelsFromCoremltools() throws Exception {
        Result nn = run("inspect", FIXTURES.resolve("coremltools/topk_head_custom_topk.mlmodel").toString(),
                "--json");
        assertThat(nn.code()).as(nn.err()).isZero();
        JsonNode s = new ObjectMapper().readTree(nn.out());
        assertThat(s.get("specificationVersion").asInt()).isEqualTo(4);
        assertThat(s.get("layers").toString()).isEqualTo("[\"innerproduct\",\"activation\",\"custom\"]");
        JsonNode custom = s.get("customLayers").get(0);
        assertThat(custom.get("className").asText()).isEqualTo("CustomTopK");
        assertThat(custom.get("parameters").toString()).isEqualTo("{\"axis\":-1,\"k\":5,\"sorted\":true}");
        assertThat(custom.get("description").asText()).isEqualTo("Top K Custom layer");

        Result pkg = run("inspect", FIXTURES.resolve("coremltools/mlp.mlpackage").toString());
        assertThat(pkg.code()).as(pkg.err()).isZero();
        assertThat(pkg.out()).contains("mlpackage, specification version 6, mlprogram", "function main (CoreML5)");

        Result bad = run("inspect", dir.resolve("nothing.mlmodel").toString());
        assertThat(bad.code()).isEqualTo(Mil4j.USAGE);
    }

    @Test
    void optimizeRunsTheDefaultPipelineOnTheDemo() {
        Result r = run("optimize", ROOT.resolve("examples/mil/demo.mil").toString());
        assertThat(r.code()).as(r.err()).isZero();
        // folded 2 * 0.5 = 1, then x * 1 removed; duplicate weights and linear merged; unused sigmoid dropped
        assertThat(r.out()).contains("%r1: fp32[B, 3] = relu(x = %h1)",
                "%probs_0: fp32[B, 3] = add(x = %r1, y = %r1)", "} -> (%probs_0)")
                .doesNotContain("%unused", "%h2", "%w_copy", "%scale", "mul(");
    }

    @Test
    void theSeedWorkflowThroughTheCommandLine() throws Exception {
        String model = ROOT.resolve("examples/custom-topk/models/topk_head.pb").toString();
        Path nn = dir.resolve("out/topk.mlmodel");
        Result r = run("convert", model, "--plugin", plugin(), "--to", "neuralnetwork", "-o", nn.toString(), "-q");
        assertThat(r.code()).as(r.err()).isZero();
        Result inspect = run("inspect", nn.toString());
        assertThat(inspect.out()).contains("in order: innerproduct, activation, custom",
                "className CustomTopK, parameters {axis=-1, k=5, sorted=true}", "description \"Top K Custom layer\"");

        Path pkg = dir.resolve("out/topk.mlpackage");
        Result refused = run("convert", model, "--plugin", plugin(), "-o", pkg.toString(), "-q");
        assertThat(refused.code()).isEqualTo(Mil4j.DIAGNOSTICS);
        assertThat(refused.err()).contains("cannot go into an ML Program", "--to neuralnetwork");
        assertThat(pkg).doesNotExist();
        assertThat(Files.list(dir.resolve("out")).map(p -> p.getFileName().toString()).toList())
                .containsExactly("topk.mlmodel");

        Result builtIn = run("convert", model, "-o", pkg.toString(), "-q");
        assertThat(builtIn.code()).as(builtIn.err()).isZero();
        assertThat(run("inspect", pkg.toString()).out()).contains("topk");

        Result wrongExtension = run("convert", model, "--to", "neuralnetwork", "-o", pkg.toString(), "-q");
        assertThat(wrongExtension.code()).isEqualTo(Mil4j.USAGE);
        assertThat(wrongExtension.err()).contains("the neuralnetwork target writes a .mlmodel file");
    }

    @Test
    void pluginDirectoriesLoadEveryJar() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(Path.of(plugin()), plugins.resolve("custom-topk-plugin.jar"));
        Files.writeString(plugins.resolve("README.txt"), "not a jar: ignored");
        Result r = run("ops", "--custom", "--plugin-dir", plugins.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("custom_topk").contains("custom-topk (custom)");
        Files.writeString(plugins.resolve("broken.jar"), "not a zip");
        Result broken = run("ops", "--plugin-dir", plugins.toString());
        assertThat(broken.code()).isEqualTo(Mil4j.USAGE);
        assertThat(broken.err()).startsWith("error: plugin jar " + plugins.resolve("broken.jar"));
    }

    /** Platform teams embed the converter in services: 8 threads converting one model write identical packages. */
    @Test
    void concurrentConversionsWriteIdenticalPackages() throws Exception {
        dev.mil4j.converter.Converter converter = dev.mil4j.converter.Converter.builder().discoverPlugins().build();
        Path model = FIXTURES.resolve("onnx/small_cnn.onnx");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Path out = dir.resolve("m" + i + ".mlpackage");
                results.add(pool.submit(() -> {
                    converter.convert(model, dev.mil4j.converter.ConvertOptions.builder().build()).save(out);
                    return out;
                }));
            }
            Path first = results.get(0).get();
            for (var f : results) {
                Path p = f.get();
                for (String file : List.of("Manifest.json", "Data/com.apple.CoreML/model.mlmodel",
                        "Data/com.apple.CoreML/weights/weight.bin")) {
                    assertThat(Files.readAllBytes(p.resolve(file))).as(file).isEqualTo(
                            Files.readAllBytes(first.resolve(file)));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void boundedInputDimsBecomeTheModelsShapeRanges() throws Exception {
        Path pkg = dir.resolve("mlp.mlpackage");
        Result r = run("convert", FIXTURES.resolve("torch/mlp.pt").toString(), "--input", "x:B=1..64x20", "-o",
                pkg.toString(), "-q");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("symbolic dims");
        var input = dev.mil4j.spec.MlPackage.read(pkg).model().getDescription().getInput(0).getType()
                .getMultiArrayType();
        assertThat(input.getShapeList()).containsExactly(1L, 20L);
        assertThat(input.getShapeRange().getSizeRangesList()).extracting(s -> s.getLowerBound() + ".."
                + s.getUpperBound()).containsExactly("1..64", "20..20");
        Path nn = dir.resolve("mlp.mlmodel");
        assertThat(run("convert", FIXTURES.resolve("torch/mlp.pt").toString(), "--input", "x:B=2..8x20", "--to",
                "neuralnetwork", "-o", nn.toString(), "-q").code()).isZero();
        assertThat(dev.mil4j.spec.ModelFiles.readModel(nn).getDescription().getInput(0).getType().getMultiArrayType()
                .getShapeRange().getSizeRanges(0).getUpperBound()).isEqualTo(8);
    }

    /**
     * The module-path tests above find the frontends and backends through {@code provides}; this runs the CLI in a
     * JVM of its own on the class path, where they are found through {@code META-INF/services}, as ./mil4j runs it.
     */
    @Test
    void pluginsAreDiscoveredOnTheClassPathToo() throws Exception {
        String modulePath = System.getProperty("jdk.module.path", "");
        String classPath = System.getProperty("java.class.path", "");
        String cp = String.join(java.io.File.pathSeparator, modulePath, classPath);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, Mil4j.class.getName(), "plugins", "--json", "--plugin", plugin())
                .redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(err).isZero();
        List<String> sources = new ArrayList<>();
        new ObjectMapper().readTree(out).forEach(n -> sources.add(n.get("id").asText() + " @ "
                + n.get("source").asText()));
        assertThat(sources).contains("mil4j-core @ built in", "mil4j-frontend-tensorflow @ class path",
                "mil4j-frontend-pytorch @ class path", "mil4j-frontend-onnx @ class path",
                "mil4j-backend-mlprogram @ class path", "mil4j-backend-neuralnetwork @ class path",
                "custom-topk @ jar " + PLUGIN);
    }

    /**
     * A model that does not fit the heap ends with a message saying so and what to do, not a stack trace, and
     * nothing is written: in a JVM of its own with 24 MiB of heap, a MIL text program with a 32 MB constant.
     */
    @Test
    void runningOutOfHeapSaysWhatToDo() throws Exception {
        Path model = dir.resolve("big.mil");
        int n = 8_000_000;
        try (var w = java.nio.file.Files.newBufferedWriter(model)) {
            w.write("program(version: 1)\nfunc main<iOS15>(%x: fp32[" + n + "]) {\n  %w: fp32[" + n
                    + "] = const() {val = fp32[" + n + "] [0");
            for (int i = 1; i < n; i++) {
                w.write(", 0");
            }
            w.write("]}\n  %y: fp32[" + n + "] = add(x = %x, y = %w)\n} -> (%y)\n");
        }
        String cp = String.join(java.io.File.pathSeparator, System.getProperty("jdk.module.path", ""),
                System.getProperty("java.class.path", ""));
        Path out = dir.resolve("big.mlpackage");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx24m", "-XX:+UseParallelGC", "-cp", cp, Mil4j.class.getName(), "convert", model.toString(), "-o",
                out.toString(), "-q").start();
        p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(err).isEqualTo(Mil4j.DIAGNOSTICS);
        assertThat(err).startsWith("error: the JVM ran out of heap memory").contains("mil4j convert " + model)
                .contains("nothing was written").contains("MIL4J_JAVA_OPTS=-Xmx").doesNotContain("\tat ");
        try (var files = java.nio.file.Files.list(dir)) {
            assertThat(files).containsExactly(model);
        }
    }

    /** NeuralNetwork weights are fp32 like coremltools writes them, fp16 (half the bytes, same layers) on request. */
    @Test
    void neuralNetworkWeightsAreFp16OnlyWhenAskedFor() throws Exception {
        String model = FIXTURES.resolve("onnx/small_cnn.onnx").toString();
        Path fp32 = dir.resolve("fp32.mlmodel");
        Path fp16 = dir.resolve("fp16.mlmodel");
        assertThat(run("convert", model, "--to", "neuralnetwork", "-o", fp32.toString(), "-q").code()).isZero();
        assertThat(run("convert", model, "--to", "neuralnetwork", "--precision", "fp16", "-o", fp16.toString(), "-q")
                .code()).isZero();
        var a = dev.mil4j.spec.ModelFiles.readModel(fp32).getNeuralNetwork();
        var b = dev.mil4j.spec.ModelFiles.readModel(fp16).getNeuralNetwork();
        assertThat(b.getLayersList()).extracting(l -> l.getLayerCase()).isEqualTo(
                a.getLayersList().stream().map(l -> l.getLayerCase()).toList());
        var w32 = a.getLayersList().stream().filter(l -> l.hasConvolution()).findFirst().orElseThrow()
                .getConvolution().getWeights();
        var w16 = b.getLayersList().stream().filter(l -> l.hasConvolution()).findFirst().orElseThrow()
                .getConvolution().getWeights();
        assertThat(w16.getFloatValueCount()).isZero();
        assertThat(w16.getFloat16Value().size()).isEqualTo(2 * w32.getFloatValueCount());
        java.nio.ByteBuffer bits = w16.getFloat16Value().asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < w32.getFloatValueCount(); i++) {
            assertThat(dev.mil4j.core.value.Fp16.toFloat(bits.getShort(2 * i)))
                    .isEqualTo(dev.mil4j.core.value.Fp16.round(w32.getFloatValue(i)));
        }
        assertThat(Files.size(fp16)).isLessThan(Files.size(fp32) * 6 / 10);
    }

    @Test
    void exitCodesSeparateUsageErrorsFromDiagnostics() throws Exception {
        Path model = ROOT.resolve("examples/mil/demo.mil");
        Result badTarget = run("convert", model.toString(), "-o", dir.resolve("x.mlpackage").toString(),
                "--target", "iOS99");
        assertThat(badTarget.code()).isEqualTo(Mil4j.USAGE);
        assertThat(badTarget.err()).startsWith("error: unknown --target 'iOS99'; use iOS15, iOS16, iOS17 or iOS18");
        Result badInput = run("convert", model.toString(), "-o", "x.mlpackage", "--input", "x:1x-3");
        assertThat(badInput.code()).isEqualTo(Mil4j.USAGE);
        assertThat(run("convert", model.toString()).code()).isEqualTo(Mil4j.USAGE); // -o is required
        Files.writeString(dir.resolve("broken.mil"), "program(version: 1)\nfunc main<iOS15>() {\n  %a = \n");
        Result broken = run("optimize", dir.resolve("broken.mil").toString());
        assertThat(broken.code()).isEqualTo(Mil4j.DIAGNOSTICS);
        assertThat(broken.err()).startsWith("error: line 3:6: expected ':', found '='");
    }

    @Test
    void runWritesOneNpyPerOutputForSourceModelsAndPackages() throws Exception {
        Path torch = FIXTURES.resolve("torch");
        Result r = run("run", torch.resolve("mlp.pt").toString(), "--input", "x=" + torch.resolve("mlp.input0.npy"),
                "--precision", "fp32", "--out", dir.resolve("pt").toString());
        assertThat(r.code()).as(r.err()).isZero();
        Path written = onlyNpy(dir.resolve("pt"));
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).matches("wrote 1 output to \\Q" + dir.resolve("pt") + " (" + written.getFileName()
                + ": fp32[\\E[0-9, ]+\\]\\) in \\d+\\.\\d s\\R");
        assertClose(Npy.read(written), Npy.read(torch.resolve("mlp.output0.npy")), 1e-4);

        // ONNX inputs by name; the default fp16 pipeline, so fp16 tolerance
        Result onnx = run("run", FIXTURES.resolve("onnx/elementwise_zoo.onnx").toString(),
                "--input", "input0=" + torch.resolve("elementwise_zoo.input0.npy"),
                "--input", "input1=" + torch.resolve("elementwise_zoo.input1.npy"), "--out", dir.resolve("onnx").toString());
        assertThat(onnx.code()).as(onnx.err()).isZero();
        assertClose(Npy.read(dir.resolve("onnx/output0.npy")), Npy.read(torch.resolve("elementwise_zoo.output0.npy")),
                1e-2);
        assertClose(Npy.read(dir.resolve("onnx/output1.npy")), Npy.read(torch.resolve("elementwise_zoo.output1.npy")),
                1e-2);

        // an .mlpackage written by convert runs as written
        Path pkg = dir.resolve("mlp.mlpackage");
        assertThat(run("convert", torch.resolve("mlp.pt").toString(), "--input", "x:4x20", "--precision", "fp32",
                "-o", pkg.toString(), "-q").code()).isZero();
        Result fromPkg = run("run", pkg.toString(), "--input", "x=" + torch.resolve("mlp.input0.npy"),
                "--out", dir.resolve("pkg").toString());
        assertThat(fromPkg.code()).as(fromPkg.err()).isZero();
        assertClose(Npy.read(onlyNpy(dir.resolve("pkg"))), Npy.read(torch.resolve("mlp.output0.npy")), 1e-4);
    }

    @Test
    void runCastsABoolArrayForAnInputTheInterfaceRetyped() throws Exception {
        Path m = FIXTURES.resolve("onnx/interface");
        Result r = run("run", m.resolve("bool_select.onnx").toString(), "--input", "mask=" + m.resolve(
                "bool_select.mask.npy"), "--input", "x=" + m.resolve("bool_select.x.npy"), "--precision", "fp32",
                "--out", dir.resolve("bool").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertClose(Npy.read(onlyNpy(dir.resolve("bool"))), Npy.read(m.resolve("bool_select.y.npy")), 0);
    }

    @Test
    void runAcceptsScalarArraysForScalarInputs() throws Exception {
        // the ML Program gives the model's scalar inputs shape [1]; scalar arrays are reshaped for them
        Path x = dir.resolve("x.npy");
        Path s = dir.resolve("s.npy");
        Path n = dir.resolve("n.npy");
        Npy.write(x, TensorValue.ofFloats(Shape.of(2, 3), 1, -2, 3, -4, 5, -6));
        Npy.write(s, TensorValue.scalar(2.5f));
        Npy.write(n, TensorValue.scalar(3L));
        Result r = run("run", FIXTURES.resolve("onnx/wild/scalar_input.onnx").toString(), "--input", "x=" + x,
                "--input", "s=" + s, "--input", "n=" + n, "--precision", "fp32", "--out", dir.resolve("y").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertClose(Npy.read(onlyNpy(dir.resolve("y"))),
                TensorValue.ofFloats(Shape.of(2, 3), 5.5f, -2f, 10.5f, -7f, 15.5f, -12f), 0);
    }

    @Test
    void runExecutesCustomOpsThroughThePluginKernel() throws Exception {
        Path torch = FIXTURES.resolve("torch");
        List<String> args = List.of("run", torch.resolve("topk_head.pt").toString(), "--input",
                "x=" + torch.resolve("topk_head.input0.npy"), "--to", "neuralnetwork", "--out",
                dir.resolve("topk").toString());
        Result r = run(concat(args, "--plugin", plugin()));
        assertThat(r.code()).as(r.err()).isZero();
        List<Path> files = npys(dir.resolve("topk"));
        assertThat(files).hasSize(2);
        List<TensorValue> outs = new ArrayList<>();
        for (Path f : files) {
            outs.add(Npy.read(f));
        }
        TensorValue values = outs.stream().filter(v -> v.dtype().isFloat()).findFirst().orElseThrow();
        TensorValue indices = outs.stream().filter(v -> !v.dtype().isFloat()).findFirst().orElseThrow();
        assertClose(values, Npy.read(torch.resolve("topk_head.output0.npy")), 1e-4);
        assertThat(indices.toLongArray()).containsExactly(Npy.read(torch.resolve("topk_head.output1.npy"))
                .toLongArray());
    }

    @Test
    void runReportsUsageErrorsAndDiagnostics() throws Exception {
        Path torch = FIXTURES.resolve("torch");
        String model = torch.resolve("mlp.pt").toString();
        String out = dir.resolve("o").toString();
        Result badInput = run("run", model, "--input", "x", "--out", out);
        assertThat(badInput.code()).isEqualTo(Mil4j.USAGE);
        assertThat(badInput.err()).isEqualTo("error: bad --input 'x': expected NAME=FILE.npy, e.g. x=x.npy"
                + System.lineSeparator());
        Result missing = run("run", model, "--input", "x=" + dir.resolve("none.npy"), "--out", out);
        assertThat(missing.code()).isEqualTo(Mil4j.USAGE);
        assertThat(missing.err()).contains("cannot read input 'x': " + dir.resolve("none.npy") + " does not exist");
        Files.writeString(dir.resolve("bad.npy"), "not numpy");
        Result notNpy = run("run", model, "--input", "x=" + dir.resolve("bad.npy"), "--out", out);
        assertThat(notNpy.code()).isEqualTo(Mil4j.USAGE);
        Result shapeOfNothing = run("run", model, "--input", "x=" + torch.resolve("mlp.input0.npy"),
                "--input-shape", "y:1x20", "--out", out);
        assertThat(shapeOfNothing.code()).isEqualTo(Mil4j.USAGE);
        assertThat(shapeOfNothing.err()).contains("--input-shape names 'y', which has no --input; inputs: x");
        // a shape the array does not have: the interpreter names the input
        Result wrongShape = run("run", model, "--input", "x=" + torch.resolve("mlp.input0.npy"),
                "--input-shape", "x:2x20", "--out", out);
        assertThat(wrongShape.code()).isEqualTo(Mil4j.DIAGNOSTICS);
        assertThat(wrongShape.err()).contains("input 'x' has type fp32[4, 20]", "dim 0 is 4, not 2");
        // a symbolic dim takes the array's size
        Result symbolic = run("run", model, "--input", "x=" + torch.resolve("mlp.input0.npy"),
                "--input-shape", "x:Bx20", "--out", out);
        assertThat(symbolic.code()).as(symbolic.err()).isZero();
        assertThat(RunCommand.fileName("a/b:c")).isEqualTo("a_b_c");
        assertThat(RunCommand.fileName("..")).isEqualTo("_..");
    }

    private static String[] concat(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static List<Path> npys(Path folder) throws Exception {
        try (var files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".npy")).sorted().toList();
        }
    }

    private static Path onlyNpy(Path folder) throws Exception {
        List<Path> files = npys(folder);
        assertThat(files).hasSize(1);
        return files.get(0);
    }

    /** Element-wise |a - e| <= tol * (1 + |e|), with the worst element in the message. */
    private static void assertClose(TensorValue actual, TensorValue expected, double tol) {
        assertThat(actual.shape()).isEqualTo(expected.shape());
        double[] a = actual.toDoubleArray();
        double[] e = expected.toDoubleArray();
        int worst = 0;
        double worstExcess = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < a.length; i++) {
            double excess = Math.abs(a[i] - e[i]) - tol * (1 + Math.abs(e[i]));
            if (excess > worstExcess) {
                worstExcess = excess;
                worst = i;
            }
        }
        assertThat(worstExcess).as("worst element %d: %s vs %s", worst, a[worst], e[worst]).isLessThanOrEqualTo(0);
    }
}
