package dev.mil4j.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NnOpsTest {
    private final OpRegistry registry = StandardOps.newRegistry();
    private final Program program = new Program();

    private Builder builder(Opset opset, TensorType input) {
        Function f = program.addFunction("main", opset, Map.of("x", input));
        return Builder.atEnd(f.body(), registry);
    }

    private static Var input(Builder b) {
        return b.function().inputs().get(0);
    }

    @Test
    void buildsASmallConvNetWithSymbolicBatch() {
        Builder b = builder(Opset.IOS15, TensorType.of(DType.FP16, Dim.symbol("B"), Dim.of(3), Dim.of(32),
                Dim.of(32)));
        Var w = b.constant(TensorValue.fromDoubles(DType.FP16, Shape.of(8, 3, 3, 3), new double[8 * 3 * 3 * 3]));
        Var bias = b.constant(TensorValue.fromDoubles(DType.FP16, Shape.of(8), new double[8]));
        Var conv = NnOps.conv(b, input(b), w, Optional.of(bias), new int[] {1, 1}, "same", new int[] {1, 1}, 1);
        Var stats = b.constant(TensorValue.fromDoubles(DType.FP16, Shape.of(8), new double[8]));
        Var norm = NnOps.batchNorm(b, conv, stats, stats, Optional.empty(), Optional.empty(), 1e-5);
        Var pool = NnOps.maxPool(b, norm, new int[] {2, 2}, new int[] {2, 2}, "valid");
        Var up = NnOps.upsampleNearestNeighbor(b, pool, 2f, 2f);
        Var s2d = NnOps.spaceToDepth(b, up, 2);
        assertThat(conv.type()).hasToString("fp16[B, 8, 32, 32]");
        assertThat(pool.type()).hasToString("fp16[B, 8, 16, 16]");
        assertThat(s2d.type()).hasToString("fp16[B, 32, 16, 16]");
        Verifier.verify(program);
    }

    @Test
    void foldsMatmulOfConstants() {
        Builder b = builder(Opset.IOS15, TensorType.of(DType.FP32, 1));
        Var x = b.constant(TensorValue.ofFloats(Shape.of(2, 3), 0, 1, 2, 3, 4, 5));
        Var y = b.constant(TensorValue.ofFloats(Shape.of(3, 2), 0, 1, 2, 3, 4, 5));
        Var z = NnOps.matmul(b, x, y, false, false);
        assertThat(z.value()).contains(TensorValue.ofFloats(Shape.of(2, 2), 10, 13, 28, 40));
        assertThat(z.producer().orElseThrow().type()).isEqualTo("const");
    }

    @Test
    void linearWithoutBiasKeepsLeadingDims() {
        Builder b = builder(Opset.IOS17, TensorType.of(DType.FP16, Dim.symbol("S"), Dim.of(4)));
        Var w = b.constant(TensorValue.ofFloats(Shape.of(6, 4), new float[24]));
        assertThat(NnOps.linear(b, input(b), w, Optional.empty()).type()).hasToString("fp16[S, 6]");
    }

    @Test
    void sameLowerNeedsIos16() {
        TensorType x = TensorType.of(DType.FP32, 1, 3, 8, 8);
        Builder old = builder(Opset.IOS15, x);
        assertThatThrownBy(() -> old.op("max_pool").input("x", input(old)).name("pool")
                .input("kernel_sizes", TensorValue.vector(2, 2)).input("pad_type", TensorValue.scalar("same_lower"))
                .output())
                .isInstanceOf(ConversionException.class)
                .hasMessage("error: `max_pool` input `pad_type` is same_lower, which needs iOS16 or later; target "
                        + "iOS16 or use custom padding\n  at op `pool` (max_pool)");
        Builder current = Builder.atEnd(program.addFunction("f16", Opset.IOS16, Map.of("x", x)).body(), registry);
        Var pooled = NnOps.maxPool(current, current.function().inputs().get(0), new int[] {2, 2}, new int[] {2, 2},
                "same_lower");
        assertThat(pooled.type()).hasToString("fp32[1, 3, 4, 4]");
    }

    @Test
    void einsumRejectsUnsupportedEquationsByName() {
        Builder b = builder(Opset.IOS15, TensorType.of(DType.FP32, 3, 4));
        assertThatThrownBy(() -> NnOps.einsum(b, "ij,jk->ik", input(b), input(b)))
                .isInstanceOf(ConversionException.class)
                .hasMessageStartingWith("error: `einsum` input `equation` 'ij,jk->ik' is not supported");
    }

    @Test
    void layerNormFoldsWithTheDtypeOfX() {
        Builder b = builder(Opset.IOS15, TensorType.of(DType.FP32, 1));
        Var x = b.constant(TensorValue.fromDoubles(DType.FP16, Shape.of(1, 2), 1, 3));
        Var y = NnOps.layerNorm(b, x, new int[] {-1}, Optional.empty(), Optional.empty(), 0);
        assertThat(y.value()).contains(TensorValue.fromDoubles(DType.FP16, Shape.of(1, 2), -1, 1));
    }
}
