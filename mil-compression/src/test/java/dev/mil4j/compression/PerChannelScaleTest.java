package dev.mil4j.compression;

import static dev.mil4j.compression.TwoLinears.OPS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.pass.PassContext;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Per-channel scales of palettes (iOS18): on a weight whose rows differ in magnitude by up to 64 times, one 3-bit
 * table over the normalized rows, scaled back at load time, keeps the small rows that one table over the raw weight
 * flattens.
 */
class PerChannelScaleTest {
    private static final WeightSelection ALL = WeightSelection.defaults().withMinElements(1024);
    private static final PalettizationOptions PAL3 = new PalettizationOptions(3, PalettizationOptions.Mode.KMEANS, 0,
            ALL);

    @Test
    void scalesEachChannelBackAfterTheLookup() {
        Program p = program(Opset.IOS18);
        float[] exact = TwoLinears.weightOf(p, "l1").toFloatArray();
        PalettizationPass scaled = new PalettizationPass(PAL3.withPerChannelScale(true));
        scaled.run(p, PassContext.withDefaults(OPS));
        assertThat(Verifier.verify(p)).isEmpty();
        assertThat(TwoLinears.producerOf(p, "l1")).isEqualTo("constexpr_blockwise_shift_scale");
        assertThat(TwoLinears.ops(p).stream().filter(o -> o.type().equals("constexpr_lut_to_dense"))).hasSize(2);
        float[] back = TwoLinears.weightOf(p, "l1").toFloatArray();
        WeightReport r = scaled.reports().get(0);
        assertThat(r.maxAbsError()).isCloseTo(Weights.maxAbsError(exact, back),
                org.assertj.core.data.Offset.offset(1e-3));
        assertThat(r.bytesAfter()).isEqualTo(64 * 64 * 3 / 8 + 8 * 2 + 64 * 2); // indices, table, scales

        Program plainProgram = program(Opset.IOS18);
        PalettizationPass plain = new PalettizationPass(PAL3);
        plain.run(plainProgram, PassContext.withDefaults(OPS));
        float[] plainBack = TwoLinears.weightOf(plainProgram, "l1").toFloatArray();
        assertThat(r.snrDb()).isGreaterThan(plain.reports().get(0).snrDb());
        // the smallest channel: one table over the raw weight flattens it, the scaled one keeps its shape
        assertThat(rowError(exact, back, 0) * 4).isLessThan(rowError(exact, plainBack, 0));
    }

    private static double rowError(float[] exact, float[] approx, int row) {
        double worst = 0;
        for (int i = row * 64; i < (row + 1) * 64; i++) {
            worst = Math.max(worst, Math.abs(exact[i] - approx[i]));
        }
        return worst;
    }

    @Test
    void jointPalettesScaleTheSparseWeightAfterItIsMadeDense() {
        Program p = program(Opset.IOS18);
        new PruningPass(PruningOptions.magnitude(0.5, ALL)).run(p, PassContext.withDefaults(OPS));
        float[] pruned = TwoLinears.weightOf(p, "l1").toFloatArray();
        PalettizationPass pass = new PalettizationPass(PAL3.withPerChannelScale(true).withJoint(true));
        pass.run(p, PassContext.withDefaults(OPS));
        assertThat(Verifier.verify(p)).isEmpty();
        // constexpr_lut_to_sparse -> constexpr_sparse_to_dense -> constexpr_blockwise_shift_scale -> linear, as
        // coremltools' PyTorch frontend emits joint pruning and palettization with per-channel scales
        var scaling = TwoLinears.ops(p).stream().filter(o -> o.name().equals("l1")).findFirst().orElseThrow()
                .requireInput("weight").producer().orElseThrow();
        assertThat(scaling.type()).isEqualTo("constexpr_blockwise_shift_scale");
        assertThat(scaling.requireInput("scale").tensorType().shape().toLongArray()).containsExactly(64, 1);
        var sparse = scaling.requireInput("data").producer().orElseThrow();
        assertThat(sparse.type()).isEqualTo("constexpr_sparse_to_dense");
        assertThat(sparse.requireInput("nonzero_data").producer().orElseThrow().type())
                .isEqualTo("constexpr_lut_to_sparse");
        float[] back = TwoLinears.weightOf(p, "l1").toFloatArray();
        for (int i = 0; i < pruned.length; i++) {
            if (pruned[i] == 0) {
                assertThat(back[i]).as("pruned element %d", i).isZero();
            }
        }
        WeightReport r = pass.reports().get(0);
        assertThat(r.op()).isEqualTo("constexpr_lut_to_sparse");
        assertThat(r.maxAbsError()).isCloseTo(Weights.maxAbsError(pruned, back),
                org.assertj.core.data.Offset.offset(1e-3));

        // the scales keep the small channels' shapes, as without pruning: a lower error relative to each row's size
        Program unscaled = program(Opset.IOS18);
        new PruningPass(PruningOptions.magnitude(0.5, ALL)).run(unscaled, PassContext.withDefaults(OPS));
        PalettizationPass plain = new PalettizationPass(PAL3.withJoint(true));
        plain.run(unscaled, PassContext.withDefaults(OPS));
        float[] plainBack = TwoLinears.weightOf(unscaled, "l1").toFloatArray();
        assertThat(meanRelativeRowError(pruned, back)).isLessThan(0.75 * meanRelativeRowError(pruned, plainBack));
    }

    private static double meanRelativeRowError(float[] exact, float[] approx) {
        double sum = 0;
        int rows = 0;
        for (int row = 0; row < 64; row++) {
            double max = 0;
            for (int i = row * 64; i < (row + 1) * 64; i++) {
                max = Math.max(max, Math.abs(exact[i]));
            }
            if (max > 0) {
                sum += rowError(exact, approx, row) / max;
                rows++;
            }
        }
        return sum / rows;
    }

    @Test
    void needsIos18() {
        Program p = program(Opset.IOS16);
        PalettizationPass pass = new PalettizationPass(new PalettizationOptions(4, PalettizationOptions.Mode.KMEANS,
                0, ALL).withPerChannelScale(true));
        pass.run(p, PassContext.withDefaults(OPS));
        assertThat(pass.reports().get(0).op()).contains("per-channel scales of palettes need iOS18");
        assertThat(TwoLinears.producerOf(p, "l1")).isEqualTo("const");
    }

    private static Program program(Opset opset) {
        Program p = TwoLinears.program(opset);
        float[] w = new float[64 * 64];
        Random random = new Random(9);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextGaussian() * 0.01 * (1 + (i / 64) % 64));
        }
        TwoLinears.setWeight(p, "w1", w);
        return p;
    }
}
