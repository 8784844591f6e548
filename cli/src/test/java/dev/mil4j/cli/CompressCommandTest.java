package dev.mil4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.types.DType;
import dev.mil4j.interpreter.npy.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code mil4j compress} on coremltools 9.0's MLP (the bases of its compression fixtures): each mode gives the op
 * types and the weight file size of coremltools' own compressed package, skips the weights coremltools skips, and
 * the compressed model runs in the interpreter near the uncompressed one.
 */
class CompressCommandTest {
    private static final Path FEATURES = TestData.path("coremltools-features");
    private static final Path WEIGHTS = Path.of("Data/com.apple.CoreML/weights/weight.bin");

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // base | options | coremltools' package of the same call | constexpr ops | max |output error|
        //      | weight.bin byte for byte (the deterministic modes; k-means and uniform palettes differ slightly)
        "mlp256_ios16 | --quantize uint8 --mode affine --granularity per-tensor | mlp256_q_uint8_linear_per_tensor"
                + " | 3 | 0.002 | true",
        "mlp256_ios16 | --quantize int8 --granularity per-channel | mlp256_q_int8_sym_per_channel | 3 | 0.002 | true",
        "mlp256_ios18 | --quantize int8 | mlp256_q_int8_sym_per_channel_ios18 | 3 | 0.002 | true",
        "mlp256_ios18 | --quantize int4 --granularity per-block --block-size 32 | mlp256_q_int4_per_block32_ios18"
                + " | 2 | 0.02 | true",
        "mlp256_ios16 | --palettize 4 | mlp256_pal_kmeans4_per_tensor | 3 | 0.03 | false",
        "mlp256_ios16 | --palettize 2 --palettize-mode uniform | mlp256_pal_uniform2 | 3 | 0.1 | false",
        "mlp256_ios18 | --palettize 4 --granularity per-grouped-channel --group-size 16"
                + " | mlp256_pal_kmeans4_grouped16_ios18 | 2 | 0.03 | false",
        "mlp256_ios16 | --prune 0.75 | mlp256_prune_magnitude75 | 3 | 0.15 | true",
        "mlp256_ios18 | --prune 0.75 | mlp256_prune_magnitude75_ios18 | 3 | 0.15 | true",
        "mlp256_ios16 | --prune-threshold 1e-3 | mlp256_prune_threshold1e-3 | 0 | 0.001 | true",
        // joint: prune_weights then palettize_weights(joint_compression=True)
        "mlp256_ios18 | --prune 0.75 --palettize 4 | mlp256_joint_prune75_pal4_ios18 | 6 | 0.15 | false",
    })
    void compressesAsCoremltoolsDoes(String base, String options, String reference, int constexprOps,
            double tolerance, boolean sameBytes) throws Exception {
        Path out = dir.resolve("out.mlpackage");
        List<String> args = new ArrayList<>(List.of("compress", FEATURES.resolve(base + ".mlpackage").toString(),
                "-o", out.toString()));
        args.addAll(List.of(options.trim().split(" ")));
        CliTest.Result r = CliTest.run(args.toArray(new String[0]));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("wrote " + out);

        Path theirWeights = FEATURES.resolve(reference + ".mlpackage").resolve(WEIGHTS);
        assertThat(Files.size(out.resolve(WEIGHTS))).as("weight.bin size").isEqualTo(Files.size(theirWeights));
        if (sameBytes) {
            assertThat(Files.readAllBytes(out.resolve(WEIGHTS))).as("weight.bin byte for byte")
                    .isEqualTo(Files.readAllBytes(theirWeights));
        }
        CliTest.Result ours = CliTest.run("inspect", out.toString());
        CliTest.Result theirs = CliTest.run("inspect", FEATURES.resolve(reference + ".mlpackage").toString());
        assertThat(opCounts(ours.out())).isEqualTo(opCounts(theirs.out()));
        assertThat(opCounts(ours.out()).contains("constexpr_")).isEqualTo(constexprOps > 0);

        assertRunsNear(out, tolerance);
    }

    // the compressed MLP's logits on the fixture input are within `tolerance` of PyTorch's
    private void assertRunsNear(Path out, double tolerance) throws Exception {
        Path outputs = dir.resolve("run");
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

    @Test
    void refusesTwoModesAndOldTargets() {
        CliTest.Result two = CliTest.run("compress", FEATURES.resolve("mlp256_ios16.mlpackage").toString(), "-o",
                dir.resolve("x.mlpackage").toString(), "--quantize", "int8", "--palettize", "4");
        assertThat(two.code()).isEqualTo(Mil4j.USAGE);
        assertThat(two.err()).contains("exactly one of --quantize, --palettize");
        CliTest.Result bits = CliTest.run("compress", FEATURES.resolve("mlp256_ios16.mlpackage").toString(), "-o",
                dir.resolve("x.mlpackage").toString(), "--palettize", "5");
        assertThat(bits.err()).contains("1, 2, 3, 4, 6 or 8 bits, not 5");
        CliTest.Result joint = CliTest.run("compress", FEATURES.resolve("mlp256_ios16.mlpackage").toString(), "-o",
                dir.resolve("x.mlpackage").toString(), "--prune", "0.5", "--quantize", "int8");
        assertThat(joint.code()).isEqualTo(Mil4j.USAGE);
        assertThat(joint.err()).contains("joint compression of pruned weights needs iOS18");
    }

    @Test
    void perChannelScalesFollowTheLookup() throws Exception {
        Path out = dir.resolve("out.mlpackage");
        CliTest.Result r = CliTest.run("compress", FEATURES.resolve("mlp256_ios18.mlpackage").toString(), "-o",
                out.toString(), "--palettize", "4", "--per-channel-scale");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(opCounts(CliTest.run("inspect", out.toString()).out()))
                .contains("constexpr_blockwise_shift_scale=3").contains("constexpr_lut_to_dense=3");
        assertRunsNear(out, 0.03);
    }

    @Test
    void pruneThenQuantizeJointlyRunsNearTheOriginal() throws Exception {
        Path pruned = dir.resolve("pruned.mlpackage");
        assertThat(CliTest.run("compress", FEATURES.resolve("mlp256_ios18.mlpackage").toString(), "-o",
                pruned.toString(), "--prune", "0.75").code()).isZero();
        // joint compression of a pruned package, as coremltools' linear_quantize_weights(joint_compression=True)
        Path out = dir.resolve("out.mlpackage");
        CliTest.Result r = CliTest.run("compress", pruned.toString(), "-o", out.toString(), "--quantize", "int8",
                "--joint");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("constexpr_sparse_blockwise_shift_scale, 8 bits");
        String ops = opCounts(CliTest.run("inspect", out.toString()).out());
        assertThat(ops).contains("constexpr_sparse_blockwise_shift_scale=3").contains("constexpr_sparse_to_dense=3");
        assertThat(Files.size(out.resolve(WEIGHTS))).isLessThan(Files.size(pruned.resolve(WEIGHTS)));
        assertRunsNear(out, 0.15);
    }

    private static String opCounts(String inspect) {
        return inspect.lines().filter(l -> l.contains("function main")).findFirst().orElseThrow();
    }
}
