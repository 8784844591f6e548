package dev.mil4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.InputType;
import dev.mil4j.converter.spi.Precision;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.npy.Npy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Numerical parity of converted models with the source frameworks: for every public fixture (TorchScript and its
 * ONNX export, with the outputs PyTorch recorded for the recorded inputs), the converted MIL is run in the reference
 * interpreter at four stages and compared with PyTorch's outputs:
 * <ol>
 *   <li>{@code load}: the frontend's MIL, before the target's passes;</li>
 *   <li>{@code default}: after the {@code default} pipeline (fp32);</li>
 *   <li>{@code default_fp16}: after {@code default_fp16} (fp16 compute, fp16 tolerance);</li>
 *   <li>{@code mlpackage}: written as an fp32 ML Program, read back and run (serialization fidelity); and
 *       {@code mlpackage_fp16} for the fp16 package;</li>
 *   <li>{@code default_symbolic_batch}, {@code mlpackage_symbolic_batch}: converted with a dynamic batch (the first
 *       dim of every input is {@code B=1..8}), then run on the recorded inputs: the shape arithmetic of the model
 *       must keep {@code B} through computed reshapes.</li>
 * </ol>
 * Tolerances: fp32 |a - e| <= 1e-4 |e| + 1e-5; fp16 |a - e| <= 1e-2 |e| + 1e-2; integer outputs exactly. A failure
 * names the worst element of each output. The packages coremltools wrote from the same models are run too. The
 * TensorFlow graphs of frontend-tensorflow's tests are compared the same way with the outputs TensorFlow recorded
 * (frontend-tensorflow/src/fixtures/TfFixtures.java, next to each graph); a graph without recordings has only its
 * later stages compared with its translation, on seeded random inputs.
 */
class ParityTest {
    private static final Path ROOT = TestData.repositoryRoot();
    private static final Path FIXTURES = TestData.root();
    private static final Converter CONVERTER = Converter.builder().discoverPlugins().build();
    /** fixture/stage/output -> the worst error measured, printed after the run. */
    private static final Map<String, String> MEASURED = new ConcurrentSkipListMap<>();

    @TempDir
    static Path dir;

    record Tolerance(double relative, double absolute) {
        static final Tolerance FP32 = new Tolerance(1e-4, 1e-5);
        static final Tolerance FP16 = new Tolerance(1e-2, 1e-2);
    }

    /** One fixture: the model, its inputs in forward order, and PyTorch's outputs in output order. */
    record Fixture(String name, Path model, List<TensorValue> inputs, List<TensorValue> expected) {
        ConvertOptions options(Precision precision) {
            ConvertOptions.Builder b = ConvertOptions.builder().computePrecision(precision);
            for (int i = 0; i < inputs.size(); i++) {
                b.input(InputType.of("input" + i, inputs.get(i).shape()));
            }
            return b.build();
        }

        /** The inputs' first dim as one bounded symbol {@code B=1..8} (a dynamic batch), the rest as recorded. */
        ConvertOptions symbolicBatch(Precision precision) {
            ConvertOptions.Builder b = ConvertOptions.builder().computePrecision(precision);
            for (int i = 0; i < inputs.size(); i++) {
                String dims = inputs.get(i).shape().toCompactString().replaceFirst("^[0-9]+", "B=1..8");
                b.input(InputType.parse("input" + i + ":" + dims));
            }
            return b.build();
        }

        Map<String, TensorValue> feeds() {
            Map<String, TensorValue> m = new LinkedHashMap<>();
            for (int i = 0; i < inputs.size(); i++) {
                m.put("input" + i, inputs.get(i));
            }
            return m;
        }
    }

    @TestFactory
    Stream<DynamicTest> torchScript() {
        return fixtures("torch", ".pt");
    }

    @TestFactory
    Stream<DynamicTest> onnx() {
        return fixtures("onnx", ".onnx");
    }

    /**
     * The ML Programs coremltools 9.0 wrote from the same TorchScript models (fp16 compute precision), read and run
     * by mil4j: the same recorded outputs, fp16 tolerance.
     */
    @TestFactory
    Stream<DynamicTest> coremltoolsPackages() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : manifest()) {
            Path pkg = FIXTURES.resolve("coremltools").resolve(name + ".mlpackage");
            Fixture f = fixture(name, pkg);
            String id = "coremltools/" + name;
            tests.add(DynamicTest.dynamicTest(id, () -> compare(id, "mlpackage_fp16",
                    run(CONVERTER.readBack(pkg).orElseThrow(), f), f, Tolerance.FP16)));
        }
        return tests.stream();
    }

    /**
     * The TensorFlow graphs of frontend-tensorflow's tests. Where TfFixtures recorded TensorFlow's outputs
     * ({@code NAME.input<i>.npy}, {@code NAME.output<j>.npy} next to the graph), every stage is compared with them,
     * like the torch fixtures. A graph without recordings has its later stages compared with the frontend's own MIL
     * ({@code load}) on seeded random inputs: the passes, fp16 and the package round trip must keep its outputs.
     */
    @TestFactory
    Stream<DynamicTest> tensorFlow() throws IOException {
        Path graphs = ROOT.resolve("frontend-tensorflow/src/test/resources/graphs");
        ConvertOptions fp32 = ConvertOptions.builder().computePrecision(Precision.FP32).build();
        ConvertOptions fp16 = ConvertOptions.builder().computePrecision(Precision.FP16).build();
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(graphs)) {
            for (Path pb : files.filter(p -> p.toString().endsWith(".pb")).sorted().toList()) {
                String name = pb.getFileName().toString().replace(".pb", "");
                if (name.equals("unsupported") || name.equals("no_shape")) {
                    continue; // the frontend refuses these on purpose
                }
                String id = "tensorflow/" + name;
                Fixture recorded = recorded(graphs, name, pb);
                if (recorded != null) {
                    tests.add(DynamicTest.dynamicTest(id + " load", () -> compare(id, "load",
                            run(loadWithKernels(id, pb, fp32), recorded), recorded, Tolerance.FP32)));
                    tests.add(DynamicTest.dynamicTest(id + " default", () -> compare(id, "default",
                            run(CONVERTER.loadRunnable(pb, fp32), recorded), recorded, Tolerance.FP32)));
                    tests.add(DynamicTest.dynamicTest(id + " default_fp16", () -> compare(id, "default_fp16",
                            run(CONVERTER.loadRunnable(pb, fp16), recorded), recorded, Tolerance.FP16)));
                    tests.add(DynamicTest.dynamicTest(id + " mlpackage", () -> compare(id, "mlpackage",
                            run(roundTrip(recorded, fp32, "tensorflow"), recorded), recorded, Tolerance.FP32)));
                    tests.add(DynamicTest.dynamicTest(id + " mlpackage_fp16", () -> compare(id, "mlpackage_fp16",
                            run(roundTrip(recorded, fp16, "tensorflow"), recorded), recorded, Tolerance.FP16)));
                    tests.add(DynamicTest.dynamicTest(id + " default, symbolic batch", () -> compare(id,
                            "default_symbolic_batch", run(CONVERTER.loadRunnable(pb,
                                    tfSymbolicBatch(CONVERTER.load(pb, fp32))), recorded), recorded, Tolerance.FP32)));
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(id + " (no recording: vs its translation)", () -> {
                    Program loaded = loadWithKernels(id, pb, fp32);
                    List<TensorValue> inputs = randomInputs(loaded, name.hashCode());
                    List<TensorValue> reference = run(loaded, inputs);
                    Fixture f = new Fixture(name, pb, inputs, reference);
                    compare(id, "default", run(CONVERTER.loadRunnable(pb, fp32), inputs), f, Tolerance.FP32);
                    compare(id, "default_fp16", run(CONVERTER.loadRunnable(pb, fp16), inputs), f, Tolerance.FP16);
                    compare(id, "mlpackage", run(roundTrip(f, fp32, "tensorflow"), inputs), f, Tolerance.FP32);
                }));
            }
        }
        return tests.stream();
    }

    /**
     * The ONNX models of frontend-onnx's tests that convert (control flow, model-local functions, opsets 11-17; ONNX
     * Runtime checks them there): their later stages are compared with the frontend's own MIL on seeded random
     * inputs, as for unrecorded TensorFlow graphs, so the passes, fp16 and the package round trip keep their outputs.
     */
    @TestFactory
    Stream<DynamicTest> onnxTestModels() {
        Path models = ROOT.resolve("frontend-onnx/src/test/resources/models");
        ConvertOptions fp32 = ConvertOptions.builder().computePrecision(Precision.FP32).build();
        ConvertOptions fp16 = ConvertOptions.builder().computePrecision(Precision.FP16).build();
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : List.of("function_local", "loop_scan", "loop_while", "ops_opset11", "ops_opset13",
                "ops_opset17", "torch_gelu", "torch_if", "torch_loop", "external_data", "index_ops")) {
            Path model = models.resolve(name + ".onnx");
            String id = "onnx-tests/" + name;
            tests.add(DynamicTest.dynamicTest(id, () -> {
                Program loaded = loadWithKernels(id, model, fp32);
                List<TensorValue> inputs = randomInputs(loaded, name.hashCode());
                Fixture f = new Fixture(name, model, inputs, run(loaded, inputs));
                compare(id, "default", run(CONVERTER.loadRunnable(model, fp32), inputs), f, Tolerance.FP32);
                compare(id, "default_fp16", run(CONVERTER.loadRunnable(model, fp16), inputs), f, Tolerance.FP16);
                compare(id, "mlpackage", run(roundTrip(f, fp32, "onnx-tests"), inputs), f, Tolerance.FP32);
            }));
        }
        return tests.stream();
    }

    /**
     * A bool mask input (frontend-onnx's {@code masked.onnx}, a {@code Where}): an ML Program cannot describe bool
     * inputs, so the package takes the mask as fp32 and casts it back inside; fed the same mask as fp32 0/1, it
     * computes what the frontend's MIL computes with the bool mask.
     */
    @TestFactory
    Stream<DynamicTest> boolInputBecomesFp32InAnMlPackage() {
        Path model = ROOT.resolve("frontend-onnx/src/test/resources/models/masked.onnx");
        ConvertOptions fp32 = ConvertOptions.builder().computePrecision(Precision.FP32).build();
        return Stream.of(DynamicTest.dynamicTest("onnx-tests/masked", () -> {
            Program loaded = CONVERTER.load(model, fp32);
            List<TensorValue> inputs = randomInputs(loaded, 7);
            assertThat(inputs.get(0).dtype()).isEqualTo(dev.mil4j.core.types.DType.BOOL);
            Fixture f = new Fixture("masked", model, inputs, run(loaded, inputs));
            Program pkg = roundTrip(f, fp32, "onnx-tests");
            assertThat(pkg.main().inputs().get(0).type()).hasToString("fp32[2, 3]");
            List<TensorValue> asFp32 = List.of(inputs.get(0).cast(dev.mil4j.core.types.DType.FP32), inputs.get(1));
            compare("onnx-tests/masked", "mlpackage", run(pkg, asFp32), f, Tolerance.FP32);
        }));
    }

    /** The graph's own inputs (by name) with their first dim as the bounded symbol {@code B=1..8}. */
    private static ConvertOptions tfSymbolicBatch(Program loaded) {
        ConvertOptions.Builder b = ConvertOptions.builder().computePrecision(Precision.FP32);
        for (var in : loaded.main().inputs()) {
            String dims = ((TensorType) in.type()).shape().toCompactString().replaceFirst("^[0-9]+", "B=1..8");
            b.input(InputType.parse(in.name() + ":" + dims));
        }
        return b.build();
    }

    /** The frontend's MIL; skips the test if the interpreter has no kernel for one of its ops. */
    private static Program loadWithKernels(String id, Path pb, ConvertOptions options) {
        Program loaded = CONVERTER.load(pb, options);
        List<String> missing = withoutKernel(loaded);
        Assumptions.assumeTrue(missing.isEmpty(), () -> id + " uses ops the interpreter has no kernel for yet: "
                + missing);
        return loaded;
    }

    /** The inputs and outputs TensorFlow recorded for a graph, or null without recordings. */
    private static Fixture recorded(Path graphs, String name, Path pb) {
        Function<String, List<TensorValue>> arrays = kind -> {
            List<TensorValue> out = new ArrayList<>();
            for (int i = 0; Files.exists(graphs.resolve(name + "." + kind + i + ".npy")); i++) {
                try {
                    out.add(Npy.read(graphs.resolve(name + "." + kind + i + ".npy")));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return out;
        };
        List<TensorValue> expected = arrays.apply("output");
        return expected.isEmpty() ? null : new Fixture(name, pb, arrays.apply("input"), expected);
    }

    private static List<String> withoutKernel(Program program) {
        java.util.Set<String> missing = new java.util.TreeSet<>();
        for (var block : dev.mil4j.core.pass.common.Blocks.all(program)) {
            for (var op : block.operations()) {
                if (!op.type().equals("const") && !CONVERTER.plugins().kernels().contains(op.type())) {
                    missing.add(op.type());
                }
            }
        }
        return List.copyOf(missing);
    }

    private static List<TensorValue> randomInputs(Program program, long seed) {
        java.util.Random random = new java.util.Random(seed);
        List<TensorValue> out = new ArrayList<>();
        for (var in : program.main().inputs()) {
            TensorType t = (TensorType) in.type();
            assertThat(t.shape().isStatic()).as("input %s has a known shape", in.name()).isTrue();
            double[] values = new double[Math.toIntExact(t.shape().elementCount().orElseThrow())];
            for (int i = 0; i < values.length; i++) {
                values[i] = t.dtype() == dev.mil4j.core.types.DType.BOOL ? (random.nextBoolean() ? 1 : 0)
                        : random.nextGaussian();
            }
            out.add(TensorValue.fromDoubles(t.dtype(), t.shape(), values));
        }
        return out;
    }

    @AfterAll
    static void printMeasured() {
        StringBuilder sb = new StringBuilder("parity: |actual - expected| at the element closest to (or furthest past) its tolerance:\n");
        MEASURED.forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v).append('\n'));
        System.out.print(sb);
    }

    private Stream<DynamicTest> fixtures(String folder, String extension) {
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : manifest()) {
            Fixture f = fixture(name, FIXTURES.resolve(folder).resolve(name + extension));
            String id = folder + "/" + name;
            tests.add(DynamicTest.dynamicTest(id + " load", () -> compare(id, "load",
                    run(CONVERTER.load(f.model(), f.options(Precision.FP32)), f), f, Tolerance.FP32)));
            tests.add(DynamicTest.dynamicTest(id + " default", () -> compare(id, "default",
                    run(CONVERTER.loadRunnable(f.model(), f.options(Precision.FP32)), f), f, Tolerance.FP32)));
            tests.add(DynamicTest.dynamicTest(id + " default_fp16", () -> compare(id, "default_fp16",
                    run(CONVERTER.loadRunnable(f.model(), f.options(Precision.FP16)), f), f, Tolerance.FP16)));
            tests.add(DynamicTest.dynamicTest(id + " mlpackage", () -> compare(id, "mlpackage",
                    run(roundTrip(f, Precision.FP32, folder), f), f, Tolerance.FP32)));
            tests.add(DynamicTest.dynamicTest(id + " mlpackage_fp16", () -> compare(id, "mlpackage_fp16",
                    run(roundTrip(f, Precision.FP16, folder), f), f, Tolerance.FP16)));
            tests.add(DynamicTest.dynamicTest(id + " default, symbolic batch", () -> compare(id,
                    "default_symbolic_batch", run(CONVERTER.loadRunnable(f.model(),
                            f.symbolicBatch(Precision.FP32)), f), f, Tolerance.FP32)));
            tests.add(DynamicTest.dynamicTest(id + " mlpackage, symbolic batch", () -> compare(id,
                    "mlpackage_symbolic_batch", run(roundTrip(f, f.symbolicBatch(Precision.FP32), folder + "_B"), f),
                    f, Tolerance.FP32)));
        }
        return tests.stream();
    }

    private static Program roundTrip(Fixture f, Precision precision, String folder) {
        return roundTrip(f, f.options(precision), folder);
    }

    /** Writes the converted model as an ML Program package and reads it back. */
    private static Program roundTrip(Fixture f, ConvertOptions options, String folder) {
        Path pkg = dir.resolve(folder + "_" + f.name() + "_" + options.computePrecision() + ".mlpackage");
        CONVERTER.convert(f.model(), options).save(pkg);
        return CONVERTER.readBack(pkg).orElseThrow();
    }

    private static List<TensorValue> run(Program program, Fixture f) {
        return run(program, f.inputs());
    }

    /** Runs the program with its inputs fed in order. */
    private static List<TensorValue> run(Program program, List<TensorValue> inputs) {
        Map<String, TensorValue> feeds = new LinkedHashMap<>();
        List<String> names = program.main().inputs().stream().map(v -> v.name()).toList();
        assertThat(names).as("inputs of the converted program").hasSize(inputs.size());
        for (int i = 0; i < names.size(); i++) {
            feeds.put(names.get(i), inputs.get(i));
        }
        return List.copyOf(CONVERTER.run(program, feeds).values());
    }

    private static void compare(String fixture, String stage, List<TensorValue> actual, Fixture f, Tolerance tol) {
        assertThat(actual).as("%s %s: outputs", fixture, stage).hasSameSizeAs(f.expected());
        List<String> failures = new ArrayList<>();
        for (int j = 0; j < actual.size(); j++) {
            TensorValue a = actual.get(j);
            TensorValue e = f.expected().get(j);
            String where = fixture + " " + stage + " output" + j;
            if (!a.shape().equals(e.shape())) {
                failures.add(where + ": shape " + a.shape() + ", expected " + e.shape());
                continue;
            }
            boolean exact = !e.dtype().isFloat();
            Worst w = worst(a.toDoubleArray(), e.toDoubleArray(), exact ? new Tolerance(0, 0) : tol);
            MEASURED.put(fixture + " " + stage + " output" + j, String.format("%.3g (element %d: %s vs %s)",
                    w.error(), w.index(), w.actual(), w.expected()));
            if (w.excess() > 0) {
                failures.add(String.format("%s (%s): worst element %d is %s, expected %s (error %.3g, allowed "
                        + "%.3g)", where, a.dtype(), w.index(), w.actual(), w.expected(), w.error(),
                        w.error() - w.excess()));
            }
        }
        assertThat(failures).as("parity failures").isEmpty();
    }

    @org.junit.jupiter.api.Test
    void theComparisonFindsTheWorstElementAndNaNs() {
        Worst w = worst(new double[] {1, 2.001, 3}, new double[] {1, 2, 3.0001}, Tolerance.FP32);
        assertThat(w.index()).isEqualTo(1);
        assertThat(w.excess()).isPositive();
        assertThat(worst(new double[] {1, 2}, new double[] {1, 2.0001}, Tolerance.FP32).excess()).isNegative();
        assertThat(worst(new double[] {1, Double.NaN}, new double[] {1, 2}, Tolerance.FP16).excess()).isPositive();
        assertThat(worst(new double[] {Double.NaN}, new double[] {Double.NaN}, Tolerance.FP16).excess()).isNegative();
        assertThat(worst(new double[] {5, Double.NaN}, new double[] {1, Double.NaN}, Tolerance.FP16).index()).isZero();
    }

    record Worst(int index, double actual, double expected, double error, double excess) {
    }

    /** The element that most exceeds (or comes closest to) the tolerance. */
    static Worst worst(double[] a, double[] e, Tolerance tol) {
        Worst w = new Worst(-1, 0, 0, 0, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < a.length; i++) {
            boolean bothNaN = Double.isNaN(a[i]) && Double.isNaN(e[i]);
            double error = bothNaN ? 0 : Math.abs(a[i] - e[i]);
            double allowed = bothNaN ? tol.absolute() : tol.relative() * Math.abs(e[i]) + tol.absolute();
            // NaN against a number exceeds any tolerance
            double excess = Double.isNaN(error) ? Double.POSITIVE_INFINITY : error - allowed;
            if (excess > w.excess() || w.index() < 0) {
                w = new Worst(i, a[i], e[i], error, excess);
            }
        }
        return w;
    }

    private static List<String> manifest() {
        try (Stream<String> lines = Files.lines(FIXTURES.resolve("torch/MANIFEST.tsv"))) {
            return lines.skip(1).filter(l -> !l.isBlank()).map(l -> l.split("\t")[0]).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("the torch test data is missing: " + FIXTURES, e);
        }
    }

    private static Fixture fixture(String name, Path model) {
        Path torch = FIXTURES.resolve("torch");
        Function<String, List<TensorValue>> arrays = kind -> {
            List<TensorValue> out = new ArrayList<>();
            for (int i = 0; Files.exists(torch.resolve(name + "." + kind + i + ".npy")); i++) {
                try {
                    out.add(Npy.read(torch.resolve(name + "." + kind + i + ".npy")));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return out;
        };
        return new Fixture(name, model, arrays.apply("input"), arrays.apply("output"));
    }
}
