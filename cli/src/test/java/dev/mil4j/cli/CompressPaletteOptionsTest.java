package dev.mil4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.npy.Npy;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The palettization options beyond scalar tables on the command line and in {@code --config}: vector palettes
 * ({@code --cluster-dim}, {@code cluster_dim}), quantized tables ({@code --lut-dtype}, {@code lut_dtype}),
 * per-channel scales with joint pruning, and weighted k-means from importance arrays ({@code --importance},
 * {@code importance}); each written, read back and run near coremltools' MLP's PyTorch outputs, and each mistake
 * reported with what to do.
 */
class CompressPaletteOptionsTest {
    private static final Path FEATURES = TestData.path("coremltools-features");
    private static final Path BASE = FEATURES.resolve("mlp256_ios18.mlpackage");
    private static final Path WEIGHTS = Path.of("Data/com.apple.CoreML/weights/weight.bin");

    @TempDir
    Path dir;

    @Test
    void vectorPalettesOfQuantizedTablesRunNearTheOriginal() throws Exception {
        Path out = compress("--palettize", "4", "--cluster-dim", "2", "--lut-dtype", "int8");
        String ops = opCounts(out);
        assertThat(ops).contains("constexpr_lut_to_dense=3").contains("constexpr_blockwise_shift_scale=3");
        // a 4-bit index per pair of elements: about half the weight file of scalar 4-bit palettes
        Path scalar = compress("--palettize", "4");
        assertThat((double) Files.size(out.resolve(WEIGHTS))).isLessThan(0.55 * Files.size(scalar.resolve(WEIGHTS)));
        assertRunsNear(out, 0.1);
    }

    @Test
    void configGivesClusterDimAndLutDtype() throws Exception {
        Path out = compress("--config", write("cfg.json", """
                {"config_type": "OpPalettizerConfig",
                 "global_config": {"nbits": 4, "cluster_dim": 2, "lut_dtype": "uint8"}}
                """).toString());
        assertThat(opCounts(out)).contains("constexpr_lut_to_dense=3").contains("constexpr_blockwise_shift_scale=3");
        assertRunsNear(out, 0.1);
    }

    @Test
    void perChannelScalesWithJointPruningScaleTheDenseWeight() throws Exception {
        Path out = compress("--prune", "0.5", "--palettize", "4", "--per-channel-scale");
        assertThat(opCounts(out)).contains("constexpr_lut_to_sparse=3").contains("constexpr_sparse_to_dense=3")
                .contains("constexpr_blockwise_shift_scale=3");
        assertRunsNear(out, 0.15);
    }

    @Test
    void importancesWeighKMeans() throws Exception {
        Path plain = compress("--palettize", "2");
        // importance 1 everywhere is unweighted k-means
        Path ones = npz("ones.npz", Map.of("l2_weight_to_fp16", filled(256 * 256, 1f)));
        assertThat(Files.readAllBytes(compress("--palettize", "2", "--importance", ones.toString())
                .resolve(WEIGHTS))).isEqualTo(Files.readAllBytes(plain.resolve(WEIGHTS)));
        // the first half of l2's rows matter 100 times more: its table and bytes change, from an .npz or a folder
        float[] skewed = filled(256 * 256, 1f);
        Arrays.fill(skewed, 0, 128 * 256, 100f);
        Path archive = npz("skewed.npz", Map.of("l2_weight_to_fp16", skewed));
        Path weighted = compress("--palettize", "2", "--importance", archive.toString());
        assertThat(Files.readAllBytes(weighted.resolve(WEIGHTS))).isNotEqualTo(Files.readAllBytes(
                plain.resolve(WEIGHTS)));
        Path folder = Files.createDirectories(dir.resolve("skewed"));
        Npy.write(folder.resolve("l2_weight_to_fp16.npy"), TensorValue.ofFloats(Shape.of(256, 256), skewed));
        assertThat(Files.readAllBytes(compress("--palettize", "2", "--importance", folder.toString())
                .resolve(WEIGHTS))).isEqualTo(Files.readAllBytes(weighted.resolve(WEIGHTS)));
        // and from a configuration, the path relative to it
        Path config = write("conf/cfg.json", """
                {"config_type": "OpPalettizerConfig",
                 "global_config": {"nbits": 2, "importance": "imp.npz"}}
                """);
        Files.copy(archive, config.resolveSibling("imp.npz"));
        assertThat(Files.readAllBytes(compress("--config", config.toString()).resolve(WEIGHTS)))
                .isEqualTo(Files.readAllBytes(weighted.resolve(WEIGHTS)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "l2_weight_to_fp16x | 256x256 | 1 | array `l2_weight_to_fp16x` names no weight of the model; its float "
                + "weights of 2048 or more elements are l1_weight_to_fp16, l2_weight_to_fp16, l3_weight_to_fp16",
        "l1_weight_to_fp16 | 16x256 | 1 | array `l1_weight_to_fp16` has shape [16, 256], but the weight has shape "
                + "[256, 16]",
        "l1_weight_to_fp16 | 256x16 | -1 | array `l1_weight_to_fp16` holds -1.0 at element 0; importances are "
                + "finite and not negative",
        "l1_weight_to_fp16 | 256x16 | 0 | array `l1_weight_to_fp16` is zero everywhere",
    })
    void badImportancesAreNamed(String name, String shape, float value, String message) throws Exception {
        long[] dims = Arrays.stream(shape.trim().split("x")).mapToLong(Long::parseLong).toArray();
        Path archive = npz("bad.npz", Map.of(name.trim(), filled((int) (dims[0] * dims[1]), value)), dims);
        CliTest.Result r = run("--palettize", "4", "--importance", archive.toString());
        assertThat(r.code()).isEqualTo(Mil4j.USAGE);
        assertThat(r.err()).contains("the importances " + archive + ": " + message.trim())
                .doesNotContain("Exception");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--palettize 4 --lut-dtype int4 | --lut-dtype takes int8 or uint8, not int4",
        "--palettize 4 --cluster-dim 0 | the cluster dimension (vector length) must be at least 1, got 0",
        "--palettize 4 --palettize-mode uniform --cluster-dim 2 | take k-means or unique for vector palettes",
        "--quantize int8 --cluster-dim 2 | --per-channel-scale, --cluster-dim, --lut-dtype and --importance apply to"
                + " --palettize",
        "--prune 0.5 --lut-dtype int8 | --per-channel-scale, --cluster-dim, --lut-dtype and --importance apply to"
                + " --palettize",
        "--palettize 4 --importance missing.npz | does not exist; give an .npz file",
    })
    void badOptionsAreNamed(String options, String message) {
        CliTest.Result r = run(options.trim().split(" "));
        assertThat(r.code()).isEqualTo(Mil4j.USAGE);
        assertThat(r.err()).contains(message.trim()).doesNotContain("Exception");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"nbits\": 4, \"lut_dtype\": \"int16\"} | global_config.lut_dtype: is \"int16\"; take one of int8, uint8",
        "{\"nbits\": 4, \"cluster_dim\": 0} | global_config.cluster_dim: must be an integer of at least 1, got 0",
        "{\"mode\": \"uniform\", \"nbits\": 4, \"importance\": \"x.npz\"} | global_config.importance: weighs k-means;"
                + " uniform palettization takes none",
    })
    void badConfigKeysAreNamed(String setting, String message) throws Exception {
        Path config = write("bad.json", "{\"config_type\": \"OpPalettizerConfig\", \"global_config\": " + setting
                + "}");
        CliTest.Result r = run("--config", config.toString());
        assertThat(r.code()).isEqualTo(Mil4j.USAGE);
        assertThat(r.err()).contains(config + ": " + message.trim()).doesNotContain("Exception");
    }

    private CliTest.Result run(String... options) {
        List<String> args = new ArrayList<>(List.of("compress", BASE.toString(), "-o",
                dir.resolve("never.mlpackage").toString()));
        args.addAll(List.of(options));
        return CliTest.run(args.toArray(new String[0]));
    }

    private Path compress(String... options) {
        Path out = dir.resolve("out" + Math.abs(Arrays.hashCode(options)) + ".mlpackage");
        List<String> args = new ArrayList<>(List.of("compress", BASE.toString(), "-o", out.toString()));
        args.addAll(List.of(options));
        CliTest.Result r = CliTest.run(args.toArray(new String[0]));
        assertThat(r.code()).as(r.err()).isZero();
        return out;
    }

    private String opCounts(Path model) {
        return CliTest.run("inspect", model.toString()).out().lines().filter(l -> l.contains("function main"))
                .findFirst().orElseThrow();
    }

    // the MLP's logits on the fixture input are within `tolerance` of PyTorch's
    private void assertRunsNear(Path out, double tolerance) throws IOException {
        Path outputs = dir.resolve("run" + Math.abs(out.hashCode()));
        CliTest.Result run = CliTest.run("run", out.toString(), "--input",
                "x=" + FEATURES.resolve("models/mlp256.input.npy"), "--out", outputs.toString());
        assertThat(run.code()).as(run.err()).isZero();
        float[] got = Npy.read(outputs.resolve("logits.npy")).cast(DType.FP32).toFloatArray();
        float[] expected = Npy.read(FEATURES.resolve("models/mlp256.output.npy")).cast(DType.FP32).toFloatArray();
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) got[i]).as("logit %d", i).isCloseTo(expected[i],
                    org.assertj.core.data.Offset.offset(tolerance));
        }
    }

    private static float[] filled(int n, float v) {
        float[] out = new float[n];
        Arrays.fill(out, v);
        return out;
    }

    private Path npz(String name, Map<String, float[]> arrays) throws IOException {
        return npz(name, arrays, new long[] {256, 256});
    }

    private Path npz(String name, Map<String, float[]> arrays, long[] dims) throws IOException {
        Path f = dir.resolve(name);
        try (OutputStream os = Files.newOutputStream(f); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Map.Entry<String, float[]> e : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                zip.write(Npy.toBytes(TensorValue.ofFloats(Shape.of(dims), e.getValue())));
                zip.closeEntry();
            }
        }
        return f;
    }

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        return f;
    }
}
