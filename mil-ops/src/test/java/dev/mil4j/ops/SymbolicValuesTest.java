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
import dev.mil4j.core.pass.PassContext;
import dev.mil4j.core.pass.common.ConstEliminationPass;
import dev.mil4j.core.text.MilParser;
import dev.mil4j.core.text.MilPrinter;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Shape vectors computed at run time from symbolic dims ({@code shape}, {@code gather}, {@code concat}, integer
 * arithmetic, ...) are known symbolically, so the ops that take a shape from them ({@code reshape}, {@code fill},
 * {@code tile}) keep the input's symbols instead of minting fresh ones: the pattern every traced PyTorch model
 * with a dynamic batch has ({@code x.view(x.size(0), t, h, d // h)}).
 */
class SymbolicValuesTest {
    private static final OpRegistry REGISTRY = StandardOps.newRegistry();

    private Program program;
    private Function f;
    private Builder b;
    private Var x;

    @BeforeEach
    void setUp() {
        program = new Program();
        Map<String, ValueType> in = new LinkedHashMap<>();
        in.put("x", new TensorType(DType.FP32, Shape.parse("Bx6x32")));
        in.put("n", TensorType.scalar(DType.INT32));
        f = program.addFunction("main", Opset.IOS15, in);
        b = Builder.atEnd(f.body(), REGISTRY);
        x = f.inputs().get(0);
    }

    private Var i(int... v) {
        return b.constant(v.length == 1 ? TensorValue.scalar(v[0]) : TensorValue.vector(v));
    }

    private Var vec(int... v) {
        return b.constant(TensorValue.vector(v));
    }

    /** {@code x.size(axis)} as torch's frontend computes it: an int32 scalar. */
    private Var dim(int axis) {
        return TensorOps.gather(b, MathOps.shape(b, x), i(axis), 0);
    }

    private void assertVerifiesAndRoundTrips(Var... outputs) {
        f.setOutputs(List.of(outputs));
        assertThat(Verifier.verify(program)).isEmpty();
        String text = MilPrinter.print(program);
        assertThat(MilPrinter.print(MilParser.parse(text, REGISTRY))).isEqualTo(text);
    }

    @Test
    void reshapeToAConcatenationOfGatheredDimsAndConstantsKeepsTheBatchSymbol() {
        Var shape = TensorOps.concat(b, List.of(TensorOps.expandDims(b, dim(0), 0), i(6, 4, 8)), 0);
        Var y = TensorOps.reshape(b, x, shape);
        assertThat(y.type()).hasToString("fp32[B, 6, 4, 8]");
        assertVerifiesAndRoundTrips(y);
    }

    @Test
    void attentionHeadsSplitAndMergedWithAStackedShapeMatchInMatmul() {
        Var q = TensorOps.reshape(b, x, TensorOps.stack(b, List.of(dim(0), dim(1), i(4),
                MathOps.floorDiv(b, dim(2), i(4))), 0));
        Var heads = TensorOps.transpose(b, q, 0, 2, 1, 3);
        Var keys = TensorOps.transpose(b, q, 0, 2, 3, 1);
        Var att = NnOps.matmul(b, heads, keys, false, false);
        assertThat(heads.type()).hasToString("fp32[B, 4, 6, 8]");
        assertThat(att.type()).hasToString("fp32[B, 4, 6, 6]");
        Var merged = TensorOps.reshape(b, TensorOps.transpose(b, NnOps.matmul(b, att, heads, false, false), 0, 2, 1, 3),
                TensorOps.stack(b, List.of(dim(0), dim(1), dim(2)), 0));
        assertThat(merged.type()).isEqualTo(x.type());
        assertVerifiesAndRoundTrips(MathOps.add(b, merged, x));
    }

    @Test
    void integerArithmeticOnSizesGivesTheSymbolsOfDimArithmetic() {
        Var rows = MathOps.mul(b, dim(0), dim(1));
        Var flat = TensorOps.reshape(b, x, TensorOps.stack(b, List.of(rows, i(32)), 0));
        Var inferred = TensorOps.reshape(b, x, -1, 32);
        assertThat(flat.type()).hasToString("fp32[B_x_6, 32]");
        assertThat(inferred.type()).isEqualTo(flat.type());
        Var less = TensorOps.reshape(b, x, TensorOps.stack(b, List.of(MathOps.sub(b, dim(0), i(0)), dim(1),
                MathOps.add(b, i(0), dim(2))), 0));
        assertThat(less.type()).isEqualTo(x.type());
        assertVerifiesAndRoundTrips(MathOps.add(b, flat, inferred), less);
    }

    @Test
    void slicesCastsAndSqueezesOfShapeVectorsAreFollowed() {
        Var s = MathOps.shape(b, x);
        Var lead = TensorOps.sliceByIndex(b, s, new int[] {0}, new int[] {2});
        Var shape = TensorOps.concat(b, List.of(MathOps.cast(b, lead, DType.INT32), vec(-1)), 0);
        Var y = TensorOps.reshape(b, x, shape);
        assertThat(y.type()).hasToString("fp32[B, 6, 32]");
        Var z = MathOps.fill(b, s, TensorValue.scalar(0f));
        assertThat(z.type()).isEqualTo(x.type());
        Var tiled = TensorOps.tile(b, x, TensorOps.concat(b, List.of(TensorOps.expandDims(b, dim(0), 0), i(1, 2)),
                0));
        assertThat(tiled.type()).hasToString("fp32[B_x_B, 6, 64]");
        assertVerifiesAndRoundTrips(MathOps.add(b, y, z), tiled);
    }

    @Test
    void sizesThatAreKnownFoldToConstantsEvenWhenTheShapeIsNot() {
        Var d = dim(2);
        Var half = MathOps.floorDiv(b, MathOps.mul(b, dim(1), d), i(2));
        assertThat(d.value()).contains(TensorValue.scalar(32));
        assertThat(half.value()).contains(TensorValue.scalar(96));
        assertThat(dim(0).isConst()).isFalse();
    }

    @Test
    void anIntegerDivisionByAZeroSizeIsLeftToRunTimeAsValueInferenceLeavesIt() {
        Program p = new Program();
        Function g = p.addFunction("main", Opset.IOS15, Map.of("e", new TensorType(DType.FP32, Shape.parse("Bx6x0"))));
        Builder gb = Builder.atEnd(g.body(), REGISTRY);
        Var s = MathOps.shape(gb, g.inputs().get(0));
        Var six = TensorOps.gather(gb, s, gb.constant(TensorValue.scalar(1)), 0);
        Var zero = TensorOps.gather(gb, s, gb.constant(TensorValue.scalar(2)), 0);
        Var q = MathOps.floorDiv(gb, six, zero);
        assertThat(six.value()).contains(TensorValue.scalar(6));
        assertThat(zero.value()).contains(TensorValue.scalar(0));
        assertThat(q.isConst()).isFalse();
        assertThat(q.producer().orElseThrow().type()).isEqualTo("floor_div");
    }

    @Test
    void constEliminationFoldsKnownSizesOfPartlySymbolicShapes() {
        String text = """
                program(version: 1)

                func main<iOS15>(%x: fp32[B, 6, 32]) {
                  %one: int32[1] = const() {val = int32[1] [1]}
                  %three: int32[1] = const() {val = int32[1] [3]}
                  %s: int32[3] = shape(x = %x)
                  %tail: int32[2] = slice_by_index(x = %s, begin = %one, end = %three)
                  %y: fp32[B, 6, 32] = reshape(x = %x, shape = %s)
                } -> (%tail, %y)
                """;
        Program parsed = MilParser.parse(text, REGISTRY);
        assertThat(MilPrinter.print(parsed)).contains("slice_by_index");
        new ConstEliminationPass().run(parsed, PassContext.withDefaults(REGISTRY));
        assertThat(MilPrinter.print(parsed)).contains("%tail: int32[2] = const() {val = int32[2] [6, 32]}")
                .contains("%s: int32[3] = shape(x = %x)");
        assertThat(Verifier.verify(parsed)).isEmpty();
    }

    @Test
    void aShapeThatContradictsTheInputIsAnErrorNamingBothShapes() {
        Var shape = TensorOps.concat(b, List.of(TensorOps.expandDims(b, dim(0), 0), i(6, 30)), 0);
        assertThatThrownBy(() -> TensorOps.reshape(b, x, shape))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("[B, 6, 30]")
                .hasMessageContaining("x [B, 6, 32]");
    }

    @Test
    void runTimeValuesThatAreNotSizesStillGetFreshSymbols() {
        Var n = f.inputs().get(1);
        Var y = TensorOps.reshape(b, x, TensorOps.stack(b, List.of(n, i(-1)), 0));
        assertThat(y.type().toString()).startsWith("fp32[reshape_d0_").doesNotContain("B");
        assertVerifiesAndRoundTrips(y);
    }

    @Test
    void aLongChainOfIntegerOpsIsTracedOnlyToABoundedDepth() {
        Var d = dim(0);
        List<Var> chain = new ArrayList<>();
        for (int k = 0; k < 10_000; k++) {
            d = MathOps.add(b, d, i(0));
            chain.add(d);
        }
        Var near = TensorOps.reshape(b, x, TensorOps.stack(b, List.of(chain.get(3), i(192)), 0));
        Var far = TensorOps.reshape(b, x, TensorOps.stack(b, List.of(d, i(192)), 0));
        assertThat(near.type()).hasToString("fp32[B, 192]");
        assertThat(far.type().toString()).startsWith("fp32[reshape_d0_");
    }
}
