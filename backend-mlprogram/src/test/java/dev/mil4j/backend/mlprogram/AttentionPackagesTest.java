package dev.mil4j.backend.mlprogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mil4j.converter.Converter;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.pass.PassContext;
import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.text.MilPrinter;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.StandardOps;
import dev.mil4j.ops.passes.FuseScaledDotProductAttentionPass;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The iOS18 {@code scaled_dot_product_attention} op in coremltools' packages: the one its MIL builder wrote reads,
 * runs and writes back; the attention coremltools left written out (matmul, mul, softmax, matmul) is fused by
 * {@code common::fuse_scaled_dot_product_attention} and computes the same.
 */
class AttentionPackagesTest {
    private static final Path FEATURES = TestData.path("coremltools-features");
    private static final OpRegistry OPS = StandardOps.newRegistry();
    private static final Converter CONVERTER = Converter.builder().plugin(new MlProgramBackendPlugin()).build();

    @TempDir
    Path dir;

    private static TensorValue random(Random r, long... shape) {
        float[] v = new float[(int) Shape.of(shape).elementCount().orElseThrow()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return TensorValue.ofFloats(Shape.of(shape), v);
    }

    private static List<String> types(Program p) {
        List<String> out = new ArrayList<>();
        for (Operation op : p.main().body().operations()) {
            out.add(op.type());
        }
        return out;
    }

    @Test
    void coremltoolsSdpaPackageRunsAndRoundTrips() {
        MlPackageCodec codec = new MlPackageCodec();
        Program program = codec.read(FEATURES.resolve("sdpa_mil_builder_ios18.mlpackage"), OPS);
        assertThat(types(program)).contains("scaled_dot_product_attention");
        Random r = new Random(3);
        Map<String, TensorValue> in = Map.of("q", random(r, 1, 8, 32), "k", random(r, 1, 8, 32), "v",
                random(r, 1, 8, 32));
        float[] out = CONVERTER.run(program, in).values().iterator().next().toFloatArray();
        // each output row is a convex combination of value rows: within their range per column
        float[] v = in.get("v").toFloatArray();
        for (int col = 0; col < 32; col++) {
            float lo = Float.MAX_VALUE;
            float hi = -Float.MAX_VALUE;
            for (int row = 0; row < 8; row++) {
                lo = Math.min(lo, v[row * 32 + col]);
                hi = Math.max(hi, v[row * 32 + col]);
            }
            for (int row = 0; row < 8; row++) {
                assertThat(out[row * 32 + col]).isBetween(lo - 0.01f, hi + 0.01f);
            }
        }
        Path again = dir.resolve("again.mlpackage");
        codec.write(program, again, MlProgramOptions.defaults());
        assertThat(MilPrinter.print(codec.read(again, OPS))).isEqualTo(MilPrinter.print(program));
    }

    @Test
    void coremltoolsWrittenOutAttentionIsFusedAndComputesTheSame() {
        MlPackageCodec codec = new MlPackageCodec();
        Path pkg = FEATURES.resolve("attention_manual_ios18.mlpackage");
        Program before = codec.read(pkg, OPS);
        Program fused = codec.read(pkg, OPS);
        PassContext ctx = PassContext.withDefaults(OPS);
        new FuseScaledDotProductAttentionPass().run(fused, ctx);

        assertThat(types(before)).contains("softmax").doesNotContain("scaled_dot_product_attention");
        // 1 / sqrt(32) written as fp16 0.1767578125 is the op's own scale: no extra mul on the query
        assertThat(types(fused)).doesNotContain("softmax", "mul").containsOnlyOnce("scaled_dot_product_attention");
        Map<String, TensorValue> in = Map.of("x", random(new Random(5), 1, 8, 32));
        float[] want = CONVERTER.run(before, in).values().iterator().next().toFloatArray();
        float[] got = CONVERTER.run(fused, in).values().iterator().next().toFloatArray();
        for (int i = 0; i < want.length; i++) {
            assertThat(got[i]).as("element %d", i).isCloseTo(want[i], within(2e-2f + 1e-2f * Math.abs(want[i])));
        }
    }
}
