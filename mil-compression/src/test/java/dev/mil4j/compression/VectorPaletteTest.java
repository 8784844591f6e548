package dev.mil4j.compression;

import static dev.mil4j.compression.TwoLinears.OPS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.pass.PassContext;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Vector palettes (iOS18, coremltools' {@code cluster_dim}): runs of consecutive output channels at one position
 * form the vectors, the indices have the weight's shape with axis 0 divided by the vector length, and the tables
 * hold vectors ({@code lut [groups, 1, 2^bits, dim]}, {@code vector_axis = 0}).
 */
class VectorPaletteTest {
    private static final WeightSelection ALL = WeightSelection.defaults().withMinElements(1);
    private static final PalettizationOptions KMEANS4 = new PalettizationOptions(4, PalettizationOptions.Mode.KMEANS,
            0, ALL);

    @Test
    void handComputedUniqueVectors() {
        // channels 0 and 1 (and 2 and 3) pair up per column: vectors (1, 2) and (3, 4), each twice
        Program p = linear(Shape.of(4, 2), 1, 3, 2, 4, 1, 3, 2, 4);
        PalettizationPass pass = new PalettizationPass(new PalettizationOptions(1, PalettizationOptions.Mode.UNIQUE,
                0, ALL).withClusterDim(2));
        pass.run(p, PassContext.withDefaults(OPS));
        assertThat(Verifier.verify(p)).isEmpty();
        Operation lut = op(p, "constexpr_lut_to_dense");
        TensorValue indices = lut.requireInput("indices").value().orElseThrow();
        assertThat(indices.dtype()).isEqualTo(DType.UINT1);
        assertThat(indices.shape()).isEqualTo(Shape.of(2, 2));
        assertThat(indices.toFloatArray()).containsExactly(0, 1, 0, 1);
        TensorValue table = lut.requireInput("lut").value().orElseThrow();
        assertThat(table.shape()).isEqualTo(Shape.of(1, 1, 2, 2));
        assertThat(table.toFloatArray()).containsExactly(1, 2, 3, 4);
        assertThat(lut.requireInput("vector_axis").value().orElseThrow().getLong(0)).isZero();
        assertThat(TwoLinears.weightOf(p, "l").toFloatArray()).containsExactly(1, 3, 2, 4, 1, 3, 2, 4);
        assertThat(pass.reports().get(0).maxAbsError()).isZero();
    }

    @Test
    void kmeansVectorsPerGroupReconstructWhatTheReportMeasured() {
        Program p = TwoLinears.program(Opset.IOS18);
        float[] exact = TwoLinears.weightOf(p, "l1").toFloatArray();
        PalettizationPass pass = new PalettizationPass(new PalettizationOptions(4, PalettizationOptions.Mode.KMEANS,
                16, ALL).withClusterDim(4));
        pass.run(p, PassContext.withDefaults(OPS));
        assertThat(Verifier.verify(p)).isEmpty();
        Operation lut = producer(p, "l1");
        assertThat(lut.requireInput("indices").tensorType()).isEqualTo(TensorType.of(DType.UINT4, 16, 64));
        TensorValue table = lut.requireInput("lut").value().orElseThrow();
        assertThat(table.shape()).isEqualTo(Shape.of(4, 1, 16, 4));
        float[] back = TwoLinears.weightOf(p, "l1").toFloatArray();
        WeightReport r = pass.reports().get(0);
        assertThat(r.maxAbsError()).isEqualTo(Weights.maxAbsError(exact, back)).isGreaterThan(0);
        // 16 vectors of 4 Gaussians per 16-channel group: coarser than 4-bit scalar palettes, far from noise
        assertThat(r.snrDb()).isBetween(3.0, 15.0);
        assertThat(r.bytesAfter()).isEqualTo(16 * 64 / 2 + 4 * 16 * 4 * 2 + 4); // indices, tables, vector_axis
        // every vector took its nearest entry of its group's table
        float[] t = table.toFloatArray();
        long[] idx = lut.requireInput("indices").value().orElseThrow().toLongArray();
        for (int v = 0; v < 16 * 64; v++) {
            int r4 = v / 64;
            int col = v % 64;
            int group = r4 / 4;
            double chosen = distance(exact, r4, col, t, group, (int) idx[v]);
            for (int e = 0; e < 16; e++) {
                assertThat(chosen).as("vector %d against entry %d", v, e)
                        .isLessThanOrEqualTo(distance(exact, r4, col, t, group, e) + 1e-6);
            }
        }
    }

    // squared distance of vector (r, col): channels 4r..4r+3 at column col, against entry e of the group's table
    private static double distance(float[] w, int r, int col, float[] table, int group, int e) {
        double d = 0;
        for (int j = 0; j < 4; j++) {
            double x = w[(4 * r + j) * 64 + col] - table[(group * 16 + e) * 4 + j];
            d += x * x;
        }
        return d;
    }

    @Test
    void largeWeightsConvergeOnASampleThenPolishOnEveryVector() {
        // 262144 pairs of Gaussians: Lloyd's runs on 65536 of them, then polishes on all
        double[] w = new double[1024 * 512];
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < w.length; i++) {
            w[i] = random.nextGaussian();
        }
        Program p = linear(Shape.of(1024, 512), w);
        PalettizationPass pass = new PalettizationPass(KMEANS4.withClusterDim(2));
        pass.run(p, PassContext.withDefaults(OPS));
        // 16 pairs: 2 bits per element, near the 9.3 dB of an optimal 2-bit scalar quantizer of a Gaussian
        assertThat(pass.reports().get(0).snrDb()).isGreaterThan(9.0);
        Operation lut = producer(p, "l");
        float[] t = lut.requireInput("lut").value().orElseThrow().toFloatArray();
        long[] idx = lut.requireInput("indices").value().orElseThrow().toLongArray();
        for (int v = 0; v < idx.length; v += 997) {
            int r = v / 512;
            int col = v % 512;
            double x0 = w[(2 * r) * 512 + col];
            double x1 = w[(2 * r + 1) * 512 + col];
            int e = (int) idx[v];
            double chosen = (x0 - t[2 * e]) * (x0 - t[2 * e]) + (x1 - t[2 * e + 1]) * (x1 - t[2 * e + 1]);
            for (int o = 0; o < 16; o++) {
                double d = (x0 - t[2 * o]) * (x0 - t[2 * o]) + (x1 - t[2 * o + 1]) * (x1 - t[2 * o + 1]);
                assertThat(chosen).as("vector %d against entry %d", v, o).isLessThanOrEqualTo(d + 1e-3);
            }
        }
    }

    @Test
    void kmeansIsDeterministic() {
        Program a = TwoLinears.program(Opset.IOS18);
        Program b = TwoLinears.program(Opset.IOS18);
        new PalettizationPass(KMEANS4.withClusterDim(2)).run(a, PassContext.withDefaults(OPS));
        new PalettizationPass(KMEANS4.withClusterDim(2)).run(b, PassContext.withDefaults(OPS));
        assertThat(TwoLinears.weightOf(a, "l1").toFloatArray()).containsExactly(
                TwoLinears.weightOf(b, "l1").toFloatArray());
    }

    @Test
    void channelsAGroupOrAConvGroupNotDivisibleAreSkippedWithTheReason() {
        Program p = TwoLinears.program(Opset.IOS18);
        PalettizationPass pass = new PalettizationPass(KMEANS4.withClusterDim(3));
        pass.run(p, PassContext.withDefaults(OPS));
        assertThat(pass.reports().get(0).op()).contains("64 output channels are not divisible by the cluster "
                + "dimension 3");
        PalettizationPass grouped = new PalettizationPass(new PalettizationOptions(4,
                PalettizationOptions.Mode.KMEANS, 2, ALL).withClusterDim(4));
        grouped.run(TwoLinears.program(Opset.IOS18), PassContext.withDefaults(OPS));
        assertThat(grouped.reports().get(0).op()).contains("the group size 2 is not divisible by the cluster "
                + "dimension 4");
        Program old = TwoLinears.program(Opset.IOS16);
        PalettizationPass ios16 = new PalettizationPass(KMEANS4.withClusterDim(2));
        ios16.run(old, PassContext.withDefaults(OPS));
        assertThat(ios16.reports().get(0).op()).contains("vector palettes (cluster dimension 2) need iOS18");
        assertThat(TwoLinears.producerOf(old, "l1")).isEqualTo("const");
    }

    @Test
    void vectorsMustNotStraddleTheGroupsOfAGroupedConv() {
        Program p = new Program();
        LinkedHashMap<String, dev.mil4j.core.types.ValueType> in = new LinkedHashMap<>();
        in.put("x", TensorType.of(DType.FP16, 1, 8, 4, 4));
        Builder b = Builder.atEnd(p.addFunction("main", Opset.IOS18, in).body(), OPS).folding(false);
        double[] w = new double[6 * 4 * 3 * 3];
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.sin(i);
        }
        Var weight = b.constant(TensorValue.fromDoubles(DType.FP16, Shape.of(6, 4, 3, 3), w), "w");
        Var y = b.op("conv").name("c").input("x", b.function().inputs().get(0)).input("weight", weight)
                .input("groups", TensorValue.scalar(2)).output();
        b.function().setOutputs(List.of(y));
        PalettizationPass pass = new PalettizationPass(KMEANS4.withClusterDim(2));
        pass.run(p, PassContext.withDefaults(OPS));
        assertThat(pass.reports().get(0).op()).isEqualTo("skipped: each of the 2 groups of conv `c` has 3 output "
                + "channels, not divisible by the cluster dimension 2");
    }

    @Test
    void uniformModeMakesScalarTablesOnly() {
        assertThatThrownBy(() -> new PalettizationOptions(4, PalettizationOptions.Mode.UNIFORM, 0, ALL)
                .withClusterDim(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("take k-means or unique for vector palettes");
    }

    private static Operation producer(Program p, String linear) {
        return TwoLinears.ops(p).stream().filter(o -> o.name().equals(linear)).findFirst().orElseThrow()
                .requireInput("weight").producer().orElseThrow();
    }

    private static Operation op(Program p, String type) {
        return TwoLinears.ops(p).stream().filter(o -> o.type().equals(type)).findFirst().orElseThrow();
    }

    // x: fp16[1, in] -> linear l (weight w: fp16[out, in] of `values`)
    static Program linear(Shape shape, double... values) {
        Program p = new Program();
        LinkedHashMap<String, dev.mil4j.core.types.ValueType> in = new LinkedHashMap<>();
        in.put("x", TensorType.of(DType.FP16, 1, shape.toLongArray()[1]));
        Builder b = Builder.atEnd(p.addFunction("main", Opset.IOS18, in).body(), OPS).folding(false);
        Var weight = b.constant(TensorValue.fromDoubles(DType.FP16, shape, values), "w");
        b.function().setOutputs(List.of(b.op("linear").name("l").input("x", b.function().inputs().get(0))
                .input("weight", weight).output()));
        return p;
    }
}
