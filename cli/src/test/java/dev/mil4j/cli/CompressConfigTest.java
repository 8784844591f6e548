package dev.mil4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code mil4j compress --config FILE} (and {@code convert --config}): coremltools' {@code OptimizationConfig}
 * layout in JSON gives coremltools' bytes, per-op settings apply by op name and type, and every mistake in the file
 * is reported with its key.
 */
class CompressConfigTest {
    private static final Path FEATURES = TestData.path("coremltools-features");
    private static final Path WEIGHTS = Path.of("Data/com.apple.CoreML/weights/weight.bin");

    @TempDir
    Path dir;

    @Test
    void aGlobalConfigGivesCoremltoolsBytes() throws Exception {
        Path out = compress("mlp256_ios16", """
                {"config_type": "OpLinearQuantizerConfig",
                 "global_config": {"mode": "linear", "dtype": "uint8", "granularity": "per_tensor"}}
                """);
        assertThat(Files.readAllBytes(out.resolve(WEIGHTS))).isEqualTo(Files.readAllBytes(
                FEATURES.resolve("mlp256_q_uint8_linear_per_tensor.mlpackage").resolve(WEIGHTS)));
    }

    @Test
    void opNamesAndTypesPickTheirOwnSettingsAndNullSkips() {
        // linear_0 quantized (op type), linear_1 palettized (op name, its own config_type), linear_2 left alone
        Path out = compress("mlp256_ios18", """
                {"config_type": "OpLinearQuantizerConfig",
                 "op_type_configs": {"linear": {"dtype": "int8"}},
                 "op_name_configs": {
                   "linear_1_cast_fp16": {"config_type": "OpPalettizerConfig", "mode": "kmeans", "nbits": 2,
                                          "granularity": "per_grouped_channel", "group_size": 16},
                   "linear_2_cast_fp16": null}}
                """);
        String ops = CliTest.run("inspect", out.toString()).out();
        assertThat(ops).contains("constexpr_blockwise_shift_scale=1").contains("constexpr_lut_to_dense=1");
    }

    @Test
    void pruningAndJointPalettizationFromConfigs() {
        Path pruned = compress("mlp256_ios18", """
                {"config_type": "OpMagnitudePrunerConfig", "global_config": {"n_m_ratio": [2, 4]}}
                """);
        Path config = write("""
                {"config_type": "OpPalettizerConfig", "global_config": {"nbits": 4, "weight_threshold": 4096}}
                """);
        Path out = dir.resolve("joint.mlpackage");
        CliTest.Result r = CliTest.run("compress", pruned.toString(), "-o", out.toString(), "--config",
                config.toString(), "--joint");
        assertThat(r.code()).as(r.err()).isZero();
        // l3 (10 x 256) is under the 4096-element threshold: only two weights become lut_to_sparse
        assertThat(CliTest.run("inspect", out.toString()).out()).contains("constexpr_lut_to_sparse=2")
                .contains("constexpr_sparse_to_dense=3");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"config_type\": \"OpPalettizerConfig\", \"global_config\": {\"nbit\": 4}}"
                + " | global_config.nbit: is not a known key here; known: channel_axis, cluster_dim",
        "{\"config_type\": \"OpPalettizerConfig\", \"global_config\": {\"mode\": \"kmeans\"}}"
                + " | global_config.nbits: is missing: kmeans palettization needs 1, 2, 3, 4, 6 or 8 bits",
        "{\"config_type\": \"OpPalettizerConfig\", \"op_type_configs\": {\"conv\": {\"nbits\": 5}}}"
                + " | op_type_configs.conv: palettization takes 1, 2, 3, 4, 6 or 8 bits, not 5",
        "{\"config_type\": \"OpLinearQuantizerConfig\", \"global_config\": {\"dtype\": \"int16\"}}"
                + " | global_config.dtype: is \"int16\"; take one of int8, uint8, int4, uint4",
        "{\"config_type\": \"OpLinearQuantizerConfig\", \"global_config\": {\"block_size\": \"32\"}}"
                + " | global_config.block_size: must be an integer of at least 1, got \"32\"",
        "{\"config_type\": \"OpPruner\", \"global_config\": {}}"
                + " | global_config.config_type: is OpPruner; take OpLinearQuantizerConfig",
        "{\"global_config\": {\"nbits\": 4}}"
                + " | global_config: has no config_type, and the file gives none at the top",
        "{\"config_type\": \"OpMagnitudePrunerConfig\", \"global_config\": {\"n_m_ratio\": [2]}}"
                + " | global_config.n_m_ratio: must be two integers [n, m], got [2]",
        "{\"config_type\": \"OpPalettizerConfig\", \"global_config\": {\"nbits\": 4, \"channel_axis\": 1}}"
                + " | global_config.channel_axis: may only be 0",
        "{\"config_type\": \"OpPalettizerConfig\", \"global_config\": {\"nbits\": 4,"
                + " \"enable_per_channel_scale\": \"yes\"}}"
                + " | global_config.enable_per_channel_scale: must be true or false, got \"yes\"",
        "{\"config_type\": \"OpPalettizerConfig\", \"op_type_configs\": [1]}"
                + " | op_type_configs: must be an object from op types or names to settings",
        "{\"config_type\": \"OpPalettizerConfig\", \"global\": {}}"
                + " | global: is not a known key here; known: config_type, global_config",
        "{\"config_type\": \"OpPalettizerConfig\", \"global_config\": {\"nbits\": 4},}"
                + " | not valid JSON at line 1, column",
    })
    void mistakesNameTheirKey(String json, String message) {
        Path config = write(json);
        CliTest.Result r = CliTest.run("compress", FEATURES.resolve("mlp256_ios16.mlpackage").toString(), "-o",
                dir.resolve("x.mlpackage").toString(), "--config", config.toString());
        assertThat(r.code()).isEqualTo(Mil4j.USAGE);
        assertThat(r.err()).contains(config + ": " + message.trim()).doesNotContain("Exception");
    }

    @Test
    void convertTakesTheConfigToo() {
        Path out = dir.resolve("converted.mlpackage");
        Path config = write("""
                {"config_type": "OpPalettizerConfig", "global_config": {"nbits": 6},
                 "op_name_configs": {"Mlp256_l3_weight_fp16": null}}
                """);
        CliTest.Result r = CliTest.run("convert", FEATURES.resolve("models/mlp256.pt").toString(), "--input-shapes",
                "x:1x16", "--target", "iOS16", "-o", out.toString(), "--config", config.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("2 of 2 weights compressed");
        assertThat(CliTest.run("inspect", out.toString()).out()).contains("constexpr_lut_to_dense=2");
    }

    @Test
    void convertChecksTheConfigBeforeConverting() {
        Path config = write("{\"config_type\": \"OpPalettizerConfig\", \"global_config\": {\"nbits\": 5}}");
        Path out = dir.resolve("never.mlpackage");
        CliTest.Result r = CliTest.run("convert", FEATURES.resolve("models/mlp256.pt").toString(), "--input-shapes",
                "x:1x16", "--target", "iOS16", "-o", out.toString(), "--config", config.toString());
        assertThat(r.code()).isEqualTo(Mil4j.USAGE);
        assertThat(r.err()).contains(config + ": global_config: palettization takes 1, 2, 3, 4, 6 or 8 bits, not 5");
        assertThat(out).doesNotExist();
    }

    @Test
    void configExcludesTheModeOptions() {
        Path config = write("{\"config_type\": \"OpPalettizerConfig\", \"global_config\": {\"nbits\": 4}}");
        CliTest.Result r = CliTest.run("compress", FEATURES.resolve("mlp256_ios16.mlpackage").toString(), "-o",
                dir.resolve("x.mlpackage").toString(), "--config", config.toString(), "--quantize", "int8");
        assertThat(r.code()).isEqualTo(Mil4j.USAGE);
        assertThat(r.err()).contains("--config gives every setting");
    }

    private Path compress(String base, String json) {
        Path out = dir.resolve(base + "-" + Math.abs(json.hashCode()) + ".mlpackage");
        CliTest.Result r = CliTest.run("compress", FEATURES.resolve(base + ".mlpackage").toString(), "-o",
                out.toString(), "--config", write(json).toString());
        assertThat(r.code()).as(r.err()).isZero();
        return out;
    }

    private Path write(String json) {
        try {
            Path f = Files.createTempFile(dir, "config", ".json");
            Files.writeString(f, json);
            return f;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
