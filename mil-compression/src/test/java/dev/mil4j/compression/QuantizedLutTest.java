package dev.mil4j.compression;

import static dev.mil4j.compression.TwoLinears.OPS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.pass.PassContext;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.Fp16;
import dev.mil4j.core.value.TensorValue;
import org.junit.jupiter.api.Test;

/**
 * Quantized lookup tables (iOS18, coremltools' {@code lut_dtype}): each table stored as int8 or uint8 with one
 * symmetric scale, dequantized by a {@code constexpr_blockwise_shift_scale} that feeds the
 * {@code constexpr_lut_to_dense} (the order coremltools gives a quantized table); the elements take their nearest
 * dequantized entries.
 */
class QuantizedLutTest {
    private static final WeightSelection ALL = WeightSelection.defaults().withMinElements(1);

    @Test
    void handComputedInt8Table() {
        Program p = VectorPaletteTest.linear(Shape.of(4, 2), -1, -0.25, 0.5, 1, 1, 0.5, -0.25, -1);
        PalettizationPass pass = new PalettizationPass(new PalettizationOptions(2, PalettizationOptions.Mode.UNIQUE,
                0, ALL).withLutDtype(DType.INT8));
        pass.run(p, PassContext.withDefaults(OPS));
        assertThat(Verifier.verify(p)).isEmpty();
        Operation lut = lutOp(p, "l");
        Operation dequantize = lut.requireInput("lut").producer().orElseThrow();
        assertThat(dequantize.type()).isEqualTo("constexpr_blockwise_shift_scale");
        assertThat(dequantize.name()).isEqualTo("w_palettized_lut");
        TensorValue data = dequantize.requireInput("data").value().orElseThrow();
        assertThat(data.dtype()).isEqualTo(DType.INT8);
        assertThat(data.shape()).isEqualTo(Shape.of(1, 1, 4, 1));
        // scale = max |entry| / 127 in fp16; the entries -1, -0.25, 0.5, 1 divided by it and rounded
        float scale = Fp16.toFloat(Fp16.fromFloat(1f / 127));
        assertThat(dequantize.requireInput("scale").value().orElseThrow().toFloatArray()).containsExactly(scale);
        assertThat(data.toLongArray()).containsExactly(-127, -32, 64, 127);
        assertThat(dequantize.input("offset")).isEmpty(); // int8 symmetric: zero point 0
        float[] entries = {-127 * scale, -32 * scale, 64 * scale, 127 * scale};
        float[] expected = new float[8];
        int[] entryOf = {0, 1, 2, 3, 3, 2, 1, 0};
        for (int i = 0; i < 8; i++) {
            expected[i] = Fp16.toFloat(Fp16.fromFloat(entries[entryOf[i]]));
        }
        assertThat(TwoLinears.weightOf(p, "l").toFloatArray()).containsExactly(expected);
        WeightReport r = pass.reports().get(0);
        assertThat(r.bytesAfter()).isEqualTo(2 + 4 + 2); // 8 2-bit indices, 4 int8 entries, an fp16 scale
    }

    @Test
    void uint8TablesPerGroupHaveAnOffsetAndStayNearTheFloatTables() {
        Program quantized = TwoLinears.program(Opset.IOS18);
        float[] exact = TwoLinears.weightOf(quantized, "l1").toFloatArray();
        PalettizationOptions grouped = new PalettizationOptions(4, PalettizationOptions.Mode.KMEANS, 16, ALL);
        PalettizationPass pass = new PalettizationPass(grouped.withLutDtype(DType.UINT8));
        pass.run(quantized, PassContext.withDefaults(OPS));
        assertThat(Verifier.verify(quantized)).isEmpty();
        Operation dequantize = lutOp(quantized, "l1").requireInput("lut").producer().orElseThrow();
        assertThat(dequantize.requireInput("data").tensorType().shape()).isEqualTo(Shape.of(4, 1, 16, 1));
        assertThat(dequantize.requireInput("scale").tensorType().shape()).isEqualTo(Shape.of(4, 1, 1, 1));
        TensorValue offset = dequantize.requireInput("offset").value().orElseThrow();
        assertThat(offset.dtype()).isEqualTo(DType.UINT8);
        assertThat(offset.toLongArray()).containsOnly(127);
        float[] back = TwoLinears.weightOf(quantized, "l1").toFloatArray();
        WeightReport r = pass.reports().get(0);
        assertThat(r.maxAbsError()).isEqualTo(Weights.maxAbsError(exact, back));
        assertThat(r.bytesAfter()).isEqualTo(64 * 64 / 2 + 4 * 16 + 4 * 2 + 4); // indices, tables, scales, offsets

        Program plain = TwoLinears.program(Opset.IOS18);
        PalettizationPass floats = new PalettizationPass(grouped);
        floats.run(plain, PassContext.withDefaults(OPS));
        double loss = floats.reports().get(0).snrDb() - r.snrDb();
        assertThat(loss).as("SNR lost to 8-bit tables").isBetween(-0.1, 0.5);
    }

    @Test
    void jointPalettesTakeQuantizedTablesToo() {
        Program p = TwoLinears.program(Opset.IOS18);
        new PruningPass(PruningOptions.magnitude(0.5, ALL)).run(p, PassContext.withDefaults(OPS));
        PalettizationPass pass = new PalettizationPass(new PalettizationOptions(4, PalettizationOptions.Mode.KMEANS,
                0, ALL, true).withLutDtype(DType.INT8));
        pass.run(p, PassContext.withDefaults(OPS));
        assertThat(Verifier.verify(p)).isEmpty();
        Operation sparse = TwoLinears.ops(p).stream().filter(o -> o.type().equals("constexpr_lut_to_sparse"))
                .findFirst().orElseThrow();
        assertThat(sparse.requireInput("lut").producer().orElseThrow().type())
                .isEqualTo("constexpr_blockwise_shift_scale");
        assertThat(pass.reports().get(0).snrDb()).isGreaterThan(15);
    }

    @Test
    void needsIos18() {
        Program p = TwoLinears.program(Opset.IOS16);
        PalettizationPass pass = new PalettizationPass(new PalettizationOptions(4, PalettizationOptions.Mode.KMEANS,
                0, ALL).withLutDtype(DType.INT8));
        pass.run(p, PassContext.withDefaults(OPS));
        assertThat(pass.reports().get(0).op()).contains("quantized lookup tables need iOS18");
    }

    private static Operation lutOp(Program p, String linear) {
        Operation op = TwoLinears.ops(p).stream().filter(o -> o.name().equals(linear)).findFirst().orElseThrow()
                .requireInput("weight").producer().orElseThrow();
        assertThat(op.type()).isEqualTo("constexpr_lut_to_dense");
        return op;
    }
}
