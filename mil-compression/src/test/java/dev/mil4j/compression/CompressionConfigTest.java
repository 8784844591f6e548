package dev.mil4j.compression;

import static dev.mil4j.compression.TwoLinears.OPS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.pass.PassContext;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.TypeException;
import org.junit.jupiter.api.Test;

/** {@link CompressionConfig}: which weight gets which setting, as coremltools' {@code OptimizationConfig}. */
class CompressionConfigTest {
    private static final WeightSelection ALL = WeightSelection.defaults().withMinElements(1024);
    private static final QuantizationOptions INT8 = new QuantizationOptions(DType.INT8, true,
            QuantizationOptions.Granularity.PER_CHANNEL, 0, ALL);
    private static final PalettizationOptions PAL4 = new PalettizationOptions(4, PalettizationOptions.Mode.KMEANS,
            0, ALL);

    @Test
    void anOpNameOverridesTheOpTypeWhichOverridesTheGlobalSetting() {
        Program p = TwoLinears.program(Opset.IOS16);
        CompressionPass pass = CompressionConfig.builder().global(PruningOptions.magnitude(0.5, ALL))
                .opType("linear", INT8).opName("l2", PAL4).build().pass();
        pass.run(p, PassContext.withDefaults(OPS));
        assertThat(Verifier.verify(p)).isEmpty();
        assertThat(TwoLinears.producerOf(p, "l1")).isEqualTo("constexpr_affine_dequantize");
        assertThat(TwoLinears.producerOf(p, "l2")).isEqualTo("constexpr_lut_to_dense");
        assertThat(pass.reports()).extracting(WeightReport::weight).containsExactly("w1", "w2");
        assertThat(pass.reports()).extracting(WeightReport::bits).containsExactly(8, 4);
    }

    @Test
    void anEmptySettingLeavesTheWeightAndTheConstNameComesFirst() {
        Program p = TwoLinears.program(Opset.IOS16);
        CompressionConfig.builder().global(INT8).opType("linear", null).opName("w2", PAL4).build().pass()
                .run(p, PassContext.withDefaults(OPS));
        assertThat(TwoLinears.producerOf(p, "l1")).isEqualTo("const");
        assertThat(TwoLinears.producerOf(p, "l2")).isEqualTo("constexpr_lut_to_dense");
    }

    @Test
    void eachSettingKeepsItsOwnMinimumSize() {
        Program p = TwoLinears.program(Opset.IOS16);
        QuantizationOptions bigOnly = new QuantizationOptions(DType.INT8, true,
                QuantizationOptions.Granularity.PER_CHANNEL, 0, ALL.withMinElements(5000));
        CompressionConfig.builder().global(INT8).opName("l1", bigOnly).build().pass()
                .run(p, PassContext.withDefaults(OPS));
        assertThat(TwoLinears.producerOf(p, "l1")).isEqualTo("const");
        assertThat(TwoLinears.producerOf(p, "l2")).isEqualTo("constexpr_affine_dequantize");
    }

    @Test
    void usersWithDifferentSettingsAreAConflictNamingBoth() {
        Program p = TwoLinears.program(Opset.IOS16);
        // l2 uses w1 too: give l2 w1 as its weight (the shapes agree)
        var l2 = TwoLinears.ops(p).stream().filter(o -> o.name().equals("l2")).findFirst().orElseThrow();
        Var w1 = TwoLinears.ops(p).stream().filter(o -> o.name().equals("w1")).findFirst().orElseThrow().output();
        l2.replaceInput(l2.requireInput("weight"), w1);
        CompressionPass pass = CompressionConfig.builder().global(INT8).opName("l2", PAL4).build().pass();
        assertThatThrownBy(() -> pass.run(p, PassContext.withDefaults(OPS))).isInstanceOf(TypeException.class)
                .hasMessageContaining("weight `w1` is used by `l1` (linear) and `l2` (linear)")
                .hasMessageContaining("op_name_configs");
    }
}
