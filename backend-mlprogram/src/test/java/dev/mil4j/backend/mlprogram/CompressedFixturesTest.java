package dev.mil4j.backend.mlprogram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.SimpleInferenceContext;
import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.StandardOps;
import dev.mil4j.spec.MlPackage;
import dev.mil4j.spec.proto.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The MLP256 packages coremltools 9.0 compressed (quantized, palettized, pruned; iOS16 and iOS18 forms): mil4j reads
 * them, decompresses each weight through the {@code constexpr_*} op's value inference to within the mode's error of
 * the uncompressed base's weight (which checks the sub-byte packing and every layout), and writes them back as the
 * same MIL program and the same weight file byte for byte (equal values of 100 elements or more stored once, as
 * the all-zero zero points of the int8 per-channel MLP).
 */
class CompressedFixturesTest {
    private static final OpRegistry OPS = StandardOps.newRegistry();
    private static final Path WEIGHTS = Path.of("Data/com.apple.CoreML/weights/weight.bin");

    private final MlPackageCodec codec = new MlPackageCodec();

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({
        // fixture, base, max |error| of a decompressed weight
        "mlp256_q_int8_sym_per_channel, mlp256_ios16, 0.002",
        "mlp256_q_uint8_linear_per_tensor, mlp256_ios16, 0.002",
        "mlp256_q_int8_sym_per_channel_ios18, mlp256_ios18, 0.002",
        "mlp256_q_int4_per_block32_ios18, mlp256_ios18, 0.02",
        "mlp256_pal_kmeans4_per_tensor, mlp256_ios16, 0.03",
        "mlp256_pal_uniform2, mlp256_ios16, 0.2",
        "mlp256_pal_kmeans4_grouped16_ios18, mlp256_ios16, 0.03",
        "mlp256_prune_magnitude75, mlp256_ios16, 0.25",
        "mlp256_prune_magnitude75_ios18, mlp256_ios18, 0.25",
        "mlp256_prune_threshold1e-3_min0, mlp256_ios16, 0.001",
        "mlp256_joint_prune75_pal4_ios18, mlp256_ios18, 0.25",
    })
    void decompressesNearTheBaseAndWritesBackTheSamePackage(String name, String base, double tolerance)
            throws IOException {
        Path pkg = fixture(name);
        Program program = codec.read(pkg, OPS);
        Map<String, TensorValue> weights = baseWeights(codec.read(fixture(base), OPS));
        int decompressed = 0;
        Map<Var, TensorValue> known = new HashMap<>();
        for (Operation op : program.main().body().operations()) {
            op.outputs().forEach(v -> v.value().ifPresent(c -> known.put(v, c)));
            if (!op.def().isConstexpr()) {
                continue;
            }
            List<TensorValue> values = decompress(op, known);
            for (int i = 0; i < values.size(); i++) {
                known.put(op.output(i), values.get(i));
            }
            if (op.outputs().size() == 1) {
                TensorValue dense = values.get(0);
                String weight = op.name().substring(0, op.name().indexOf("_to_fp16") + "_to_fp16".length());
                TensorValue expected = weights.get(weight);
                assertThat(dense.shape()).as(op.name()).isEqualTo(expected.shape());
                double worst = 0;
                for (long i = 0; i < dense.elementCount(); i++) {
                    worst = Math.max(worst, Math.abs(dense.getDouble(i) - expected.getDouble(i)));
                }
                assertThat(worst).as("max |error| of %s", op.name()).isLessThanOrEqualTo(tolerance);
                decompressed++;
            }
        }
        assertThat(decompressed).as("compressed weights").isGreaterThanOrEqualTo(2);

        Path out = tmp.resolve(name + ".mlpackage");
        codec.write(program, out, MlProgramOptions.builder().debugInfo(false).build());
        Model theirs = MlPackage.read(pkg).model();
        Model ours = MlPackage.read(out).model();
        var theirMain = theirs.getMlProgram().getFunctionsMap().get("main");
        var ourMain = ours.getMlProgram().getFunctionsMap().get("main");
        assertThat(ourMain).isEqualTo(theirMain);
        assertThat(Files.readAllBytes(out.resolve(WEIGHTS))).as("weight.bin byte for byte")
                .isEqualTo(Files.readAllBytes(pkg.resolve(WEIGHTS)));
    }

    // through value inference, with the values of constexpr inputs computed before (joint compression chains them)
    private static List<TensorValue> decompress(Operation op, Map<Var, TensorValue> known) {
        SimpleInferenceContext.Builder ctx = SimpleInferenceContext.of(op.def());
        op.inputs().forEach((name, vars) -> ctx.input(name, known.get(vars.get(0))));
        return op.def().inferValues(ctx.build()).orElseThrow();
    }

    private static Map<String, TensorValue> baseWeights(Program base) {
        Map<String, TensorValue> out = new HashMap<>();
        for (Operation op : base.main().body().operations()) {
            op.output().value().ifPresent(v -> out.put(op.name(), v));
        }
        return out;
    }

    private static Path fixture(String name) {
        return TestData.path("coremltools-features/" + name + ".mlpackage");
    }
}
