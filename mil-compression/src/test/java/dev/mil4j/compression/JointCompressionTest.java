package dev.mil4j.compression;

import static dev.mil4j.compression.TwoLinears.OPS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.pass.PassContext;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.value.TensorValue;
import org.junit.jupiter.api.Test;

/**
 * Joint compression (iOS18): a weight pruned to 75 % sparsity, then palettized or quantized through its non-zero
 * values; the decompressed weight keeps the pruned zeros and is what the report measured.
 */
class JointCompressionTest {
    private static final WeightSelection ALL = WeightSelection.defaults().withMinElements(1024);

    @Test
    void pruneThenPalettizeMakesLutToSparseFeedingSparseToDense() {
        Program p = pruned(Opset.IOS18);
        TensorValue pruned = TwoLinears.weightOf(p, "l1");
        PalettizationPass pass = new PalettizationPass(new PalettizationOptions(2, PalettizationOptions.Mode.KMEANS,
                16, ALL, true));
        pass.run(p, PassContext.withDefaults(OPS));
        assertThat(Verifier.verify(p)).isEmpty();
        assertJoint(p, pruned, pass, "constexpr_lut_to_sparse", 2, 3);
    }

    @Test
    void pruneThenQuantizeMakesSparseBlockwiseShiftScale() {
        Program p = pruned(Opset.IOS18);
        TensorValue pruned = TwoLinears.weightOf(p, "l1");
        LinearQuantizationPass pass = new LinearQuantizationPass(new QuantizationOptions(DType.INT4, false,
                QuantizationOptions.Granularity.PER_BLOCK, 16, ALL, true));
        pass.run(p, PassContext.withDefaults(OPS));
        assertThat(Verifier.verify(p)).isEmpty();
        assertJoint(p, pruned, pass, "constexpr_sparse_blockwise_shift_scale", 4, 4);
    }

    @Test
    void withoutJointAPrunedWeightIsLeftAlone() {
        Program p = pruned(Opset.IOS18);
        PalettizationPass pass = new PalettizationPass(new PalettizationOptions(4, PalettizationOptions.Mode.KMEANS,
                0, ALL));
        pass.run(p, PassContext.withDefaults(OPS));
        assertThat(pass.reports()).isEmpty();
        assertThat(TwoLinears.ops(p).stream().filter(o -> o.def().isConstexpr()))
                .extracting(o -> o.type()).containsOnly("constexpr_sparse_to_dense");
    }

    @Test
    void jointCompressionNeedsIos18() {
        Program p = pruned(Opset.IOS16);
        PalettizationPass pass = new PalettizationPass(new PalettizationOptions(4, PalettizationOptions.Mode.KMEANS,
                0, ALL).withJoint(true));
        assertThatThrownBy(() -> pass.run(p, PassContext.withDefaults(OPS))).isInstanceOf(TypeException.class)
                .hasMessageContaining("joint compression of pruned weights needs iOS18");
    }

    private static Program pruned(Opset opset) {
        Program p = TwoLinears.program(opset);
        new PruningPass(PruningOptions.magnitude(0.75, ALL)).run(p, PassContext.withDefaults(OPS));
        assertThat(TwoLinears.producerOf(p, "l1")).isEqualTo("constexpr_sparse_to_dense");
        return p;
    }

    // `inputs`: the consts each joint op takes (mask, data, table(s)), which replace the old mask and data
    private static void assertJoint(Program p, TensorValue pruned, CompressionPass pass, String op, int bits,
            int inputs) {
        for (String linear : new String[] {"l1", "l2"}) {
            assertThat(TwoLinears.producerOf(p, linear)).isEqualTo("constexpr_sparse_to_dense");
        }
        assertThat(TwoLinears.ops(p).stream().filter(o -> o.type().equals(op))).hasSize(2);
        assertThat(TwoLinears.ops(p).stream().filter(o -> o.type().equals("const"))).as("old mask and data gone")
                .hasSize(2 * inputs);
        float[] exact = pruned.toFloatArray();
        float[] back = TwoLinears.weightOf(p, "l1").toFloatArray();
        for (int i = 0; i < exact.length; i++) {
            if (exact[i] == 0) {
                assertThat(back[i]).as("pruned element %d", i).isZero();
            }
        }
        WeightReport r = pass.reports().get(0);
        assertThat(r.op()).isEqualTo(op);
        assertThat(r.bits()).isEqualTo(bits);
        assertThat(r.bytesAfter()).isLessThan(r.bytesBefore());
        assertThat(r.maxAbsError()).isEqualTo(Weights.maxAbsError(exact, back)).isGreaterThan(0);
        assertThat(r.snrDb()).isGreaterThan(bits == 2 ? 5 : 15);
    }
}
