package dev.mil4j.frontend.pytorch;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.ConvertedModel;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.Precision;
import dev.mil4j.converter.spi.InputType;
import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.types.DType;
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
import java.util.Random;
import java.util.stream.Stream;

/**
 * A TorchScript model made by real PyTorch with the inputs it was run on ({@code NAME.input<i>.npy}, in
 * {@code forward} order) and what PyTorch computed ({@code NAME.output<j>.npy}, a returned tuple flattened).
 */
record TorchFixture(String name, Path model, List<TensorValue> inputs, List<TensorValue> outputs) {
    /** This module's own fixtures, made by {@code src/test/fixtures/make_torch_fixtures.py}. */
    static final Path OWN = Path.of("src", "test", "resources", "fixtures");

    TorchFixture {
        requireNonNull(name, "name is null");
        requireNonNull(model, "model is null");
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** Every {@code NAME.pt} of a folder with its recordings, sorted by name. */
    static List<TorchFixture> all(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<TorchFixture> out = new ArrayList<>();
            for (Path pt : files.filter(p -> p.toString().endsWith(".pt")).sorted().toList()) {
                out.add(read(pt));
            }
            if (out.isEmpty()) {
                throw new IllegalStateException("no TorchScript fixtures in " + dir.toAbsolutePath().normalize());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository's fixtures ({@code testdata/torch}), then this module's. */
    static List<TorchFixture> all() {
        List<TorchFixture> out = new ArrayList<>(all(TestData.path("torch")));
        out.addAll(all(OWN));
        return out;
    }

    static TorchFixture read(Path pt) {
        String file = pt.getFileName().toString();
        String name = file.substring(0, file.length() - ".pt".length());
        return new TorchFixture(name, pt, numbered(pt.resolveSibling(name + ".input")),
                numbered(pt.resolveSibling(name + ".output")));
    }

    private static List<TensorValue> numbered(Path prefix) {
        List<TensorValue> out = new ArrayList<>();
        for (int i = 0; ; i++) {
            Path p = Path.of(prefix + Integer.toString(i) + ".npy");
            if (!Files.exists(p)) {
                return out;
            }
            try {
                out.add(Npy.read(p));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Conversion options: one input type per recorded input, with its shape (int64 inputs as int32). */
    ConvertOptions options() {
        ConvertOptions.Builder b = ConvertOptions.builder();
        for (int i = 0; i < inputs.size(); i++) {
            TensorValue v = inputs.get(i);
            b.input(InputType.of("input" + i, v.shape(), milType(v.dtype())));
        }
        return b.build();
    }

    /**
     * As {@link #options()}, with a dynamic batch: the first dim of each input whose first dim is the first input's
     * becomes the bounded symbol {@code B=1..8}.
     */
    ConvertOptions symbolicBatchOptions() {
        ConvertOptions.Builder b = ConvertOptions.builder();
        long batch = inputs.get(0).shape().dim(0).size();
        for (int i = 0; i < inputs.size(); i++) {
            TensorValue v = inputs.get(i);
            String dims = v.shape().toCompactString();
            if (v.shape().rank() > 0 && v.shape().dim(0).size() == batch) {
                dims = dims.replaceFirst("^[0-9]+", "B=1..8");
            }
            b.input(InputType.parse("input" + i + ":" + dims + ":" + milType(v.dtype()).milName()));
        }
        return b.build();
    }

    /** {@link #options()} for {@code target} with fp32 compute precision: the parity tests' conversion. */
    ConvertOptions fp32Options(String target) {
        return options().toBuilder().target(target).computePrecision(Precision.FP32).build();
    }

    /**
     * Asserts that {@code actual} (outputs in the model's order) has the recorded outputs' count and each matches
     * its recording within {@code 1e-4 + 1e-4 |expected|}, naming every output that does not.
     */
    void assertMatches(Map<String, TensorValue> actual) {
        List<TensorValue> got = List.copyOf(actual.values());
        assertThat(got).as(name + ": outputs").hasSize(outputs.size());
        List<String> failures = new ArrayList<>();
        for (int j = 0; j < got.size(); j++) {
            Closeness.Result r = Closeness.check(got.get(j), outputs.get(j), 1e-4, 1e-4);
            if (!r.ok()) {
                failures.add("output" + j + ": " + r);
            }
        }
        assertThat(failures).as(name).isEmpty();
    }

    /**
     * The ML Program round trip of the parity tests: converts in fp32, writes {@code NAME.mlpackage} into
     * {@code dir}, runs the written package and asserts it matches the recording.
     */
    void assertMlProgramMatches(Converter converter, Path dir) {
        Path out = dir.resolve(name + ".mlpackage");
        converter.convert(model, fp32Options("mlprogram")).save(out);
        assertThat(out).exists();
        assertMatches(converter.run(out, fp32Options("mlprogram"), feeds(inputs)));
    }

    /**
     * The NeuralNetwork round trip of the parity tests: converts in fp32, writes {@code NAME.mlmodel} into
     * {@code dir} (so the backend takes every layer) and asserts the converted program matches the recording.
     */
    void assertNeuralNetworkMatches(Converter converter, Path dir) throws IOException {
        ConvertedModel m = converter.convert(model, fp32Options("neuralnetwork"));
        Path out = dir.resolve(name + ".mlmodel");
        m.save(out);
        assertThat(Files.size(out)).isPositive();
        assertMatches(converter.run(m.program(), feeds(inputs)));
    }

    private static DType milType(DType d) {
        return switch (d) {
            case INT64 -> DType.INT32;
            case FP64 -> DType.FP32;
            default -> d;
        };
    }

    /** The inputs by MIL input name. */
    static Map<String, TensorValue> feeds(List<TensorValue> inputs) {
        Map<String, TensorValue> m = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            m.put("input" + i, inputs.get(i));
        }
        return m;
    }

    /**
     * Fresh inputs of the recorded shapes and dtypes, seeded by the fixture name: floats standard normal, integers
     * in {@code 0..3}, bools fair coins.
     */
    List<TensorValue> randomInputs(long salt) {
        Random random = new Random(name.hashCode() * 31L + salt);
        List<TensorValue> out = new ArrayList<>();
        for (TensorValue v : inputs) {
            int n = Math.toIntExact(v.elementCount());
            out.add(switch (v.dtype()) {
                case FP32, FP64 -> {
                    float[] f = new float[n];
                    for (int i = 0; i < n; i++) {
                        f[i] = (float) random.nextGaussian();
                    }
                    yield TensorValue.ofFloats(v.shape(), f).cast(v.dtype());
                }
                case INT32, INT64 -> {
                    long[] l = new long[n];
                    for (int i = 0; i < n; i++) {
                        l[i] = random.nextInt(4);
                    }
                    yield TensorValue.fromLongs(v.dtype(), v.shape(), l);
                }
                case BOOL -> {
                    boolean[] b = new boolean[n];
                    for (int i = 0; i < n; i++) {
                        b[i] = random.nextBoolean();
                    }
                    yield TensorValue.ofBools(v.shape(), b);
                }
                default -> throw new IllegalStateException(name + ": no random inputs of dtype " + v.dtype());
            });
        }
        return out;
    }
}
