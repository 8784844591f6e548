package dev.mil4j.compression;

import static dev.mil4j.compression.TwoLinears.OPS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.pass.PassContext;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A dilated conv (Core ML wants its weight constant) keeps a valid program when its weight is compressed: the
 * output of a constexpr op is a constant (lraspp_mobilenet_v3_large's dilated depthwise convs failed to write
 * otherwise, in every mode but the int4 one that skipped them).
 */
class DilatedConvTest {
    @Test
    void aDilatedConvTakesACompressedWeight() {
        for (CompressionPass pass : List.of(
                new LinearQuantizationPass(new QuantizationOptions(DType.INT8, true,
                        QuantizationOptions.Granularity.PER_CHANNEL, 0, WeightSelection.defaults())),
                new PalettizationPass(new PalettizationOptions(4, PalettizationOptions.Mode.KMEANS, 0,
                        WeightSelection.defaults())),
                new PruningPass(PruningOptions.magnitude(0.5, WeightSelection.defaults())))) {
            Program p = program();
            pass.run(p, PassContext.withDefaults(OPS));
            assertThat(pass.reports()).singleElement().satisfies(r -> assertThat(r.compressed()).isTrue());
            assertThat(Verifier.verify(p)).as(pass.id()).isEmpty();
        }
    }

    // x: fp16[1, 16, 12, 12] -> conv (weight fp16[16, 16, 3, 3], dilations [2, 2])
    private static Program program() {
        Program p = new Program();
        LinkedHashMap<String, ValueType> in = new LinkedHashMap<>();
        in.put("x", TensorType.of(DType.FP16, 1, 16, 12, 12));
        Builder b = Builder.atEnd(p.addFunction("main", Opset.IOS18, in).body(), OPS).folding(false);
        double[] w = new double[16 * 16 * 3 * 3];
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.sin(0.37 * i);
        }
        Var weight = b.constant(TensorValue.fromDoubles(DType.FP16, Shape.of(16, 16, 3, 3), w), "w");
        Var y = b.op("conv").name("c").input("x", b.function().inputs().get(0)).input("weight", weight)
                .input("dilations", TensorValue.fromLongs(DType.INT32, Shape.of(2), 2, 2)).output();
        b.function().setOutputs(List.of(y));
        return p;
    }
}
