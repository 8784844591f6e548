package dev.mil4j.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.text.MilParser;
import dev.mil4j.core.text.MilPrinter;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.ListType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sizes known only at run time get a fresh symbol per op: two ops with equal input types must not claim equal output
 * sizes, and programs holding them verify and survive MIL text. Sizes that are pure functions of input symbols keep
 * their deterministic names.
 */
class FreshSymbolsTest {
    private static final OpRegistry REGISTRY = StandardOps.newRegistry();

    /** Function inputs: x fp32[B, 4], shape int32[2], n int32 scalar, idx int32[B], pads int32[4]. */
    private static Map<String, ValueType> inputs() {
        Map<String, ValueType> in = new LinkedHashMap<>();
        in.put("x", new TensorType(DType.FP32, Shape.parse("Bx4")));
        in.put("shape", TensorType.of(DType.INT32, 2));
        in.put("n", TensorType.scalar(DType.INT32));
        in.put("idx", new TensorType(DType.INT32, Shape.parse("B")));
        in.put("pads", TensorType.of(DType.INT32, 4));
        return in;
    }

    private record In(Var x, Var shape, Var n, Var idx, Var pads) {
    }

    private static Arguments c(String name, BiFunction<Builder, In, Var> op, String first, String second) {
        return arguments(name, op, first, second);
    }

    static Stream<Arguments> runTimeSizes() {
        return Stream.of(
                c("fill", (b, in) -> MathOps.fill(b, in.shape(), TensorValue.scalar(1f)),
                        "fp32[fill_d0_0, fill_d1_0]", "fp32[fill_d0_1, fill_d1_1]"),
                c("range_1d", (b, in) -> MathOps.range1d(b, b.constant(TensorValue.scalar(0)), in.n(),
                        b.constant(TensorValue.scalar(1))), "int32[range_1d_len_0]", "int32[range_1d_len_1]"),
                c("non_zero", (b, in) -> TensorOps.nonZero(b, in.x()),
                        "int32[non_zero_count_0, 2]", "int32[non_zero_count_1, 2]"),
                c("one_hot", (b, in) -> TensorOps.oneHot(b, in.idx(), in.n(), -1, 1f, 0f),
                        "fp32[B, one_hot_depth_0]", "fp32[B, one_hot_depth_1]"),
                c("reshape", (b, in) -> TensorOps.reshape(b, in.x(), in.shape()),
                        "fp32[reshape_d0_0, reshape_d1_0]", "fp32[reshape_d0_1, reshape_d1_1]"),
                c("tile", (b, in) -> TensorOps.tile(b, in.x(), in.shape()),
                        "fp32[tile_d0_0, tile_d1_0]", "fp32[tile_d0_1, tile_d1_1]"),
                c("pad", (b, in) -> TensorOps.pad(b, in.x(), in.pads(), 0f),
                        "fp32[pad_d0_0, pad_d1_0]", "fp32[pad_d0_1, pad_d1_1]"),
                c("slice_by_index", (b, in) -> TensorOps.sliceByIndex(b, in.x(), in.shape(), in.shape()),
                        "fp32[slice_by_index_d0_0, slice_by_index_d1_0]",
                        "fp32[slice_by_index_d0_1, slice_by_index_d1_1]"),
                c("slice_by_size", (b, in) -> TensorOps.sliceBySize(b, in.x(), in.shape(), in.shape()),
                        "fp32[slice_by_size_d0_0, slice_by_size_d1_0]",
                        "fp32[slice_by_size_d0_1, slice_by_size_d1_1]"),
                c("make_list", (b, in) -> ControlFlowOps.makeList(b, TensorType.of(DType.FP32, 4), 2, true),
                        "list<fp32[4], make_list_len_0>", "list<fp32[4], make_list_len_1>"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runTimeSizes")
    void equalInputsGiveDifferentSymbolsThatVerifyAndRoundTrip(String name, BiFunction<Builder, In, Var> op,
            String first, String second) {
        Program program = new Program();
        Function f = program.addFunction("main", Opset.IOS15, inputs());
        List<Var> v = f.inputs();
        In in = new In(v.get(0), v.get(1), v.get(2), v.get(3), v.get(4));
        Builder b = Builder.atEnd(f.body(), REGISTRY);
        Var a = op.apply(b, in);
        Var c = op.apply(b, in);
        assertThat(a.type()).hasToString(first);
        assertThat(c.type()).hasToString(second);
        assertThat(a.type()).isNotEqualTo(c.type());
        f.setOutputs(List.of(tensorOf(b, a), tensorOf(b, c)));
        assertRoundTrips(program);
    }

    /** A list is passed on as its gathered first element, a tensor as is. */
    private static Var tensorOf(Builder b, Var v) {
        return v.type() instanceof ListType
                ? ControlFlowOps.listGather(b, v, b.constant(TensorValue.vector(0)))
                : v;
    }

    private static void assertRoundTrips(Program program) {
        assertThat(Verifier.verify(program)).isEmpty();
        String text = MilPrinter.print(program);
        Program parsed = MilParser.parse(text, REGISTRY);
        assertThat(Verifier.verify(parsed)).isEmpty();
        assertThat(MilPrinter.print(parsed)).isEqualTo(text);
    }

    @Test
    void sizesComputedFromInputSymbolsStayEqual() {
        Program program = new Program();
        Function f = program.addFunction("main", Opset.IOS15, inputs());
        Var x = f.inputs().get(0);
        Builder b = Builder.atEnd(f.body(), REGISTRY);
        List<Var> out = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            out.add(TensorOps.tile(b, x, 2, 1));
            out.add(TensorOps.pad(b, x, new int[] {1, 2, 0, 0}, 0f));
            out.add(TensorOps.sliceByIndex(b, x, new int[] {1, 0}, new int[] {-1, 4}));
        }
        assertThat(out.subList(0, 3)).extracting(Var::type).map(Object::toString)
                .containsExactly("fp32[B_x_2, 4]", "fp32[B_plus_3, 4]", "fp32[slice_B_1_m1_1, 4]");
        assertThat(out.subList(3, 6)).extracting(Var::type)
                .isEqualTo(out.subList(0, 3).stream().map(Var::type).toList());
        f.setOutputs(out);
        assertRoundTrips(program);
    }

    @Test
    void textMayNameRunTimeSizesItsOwnWay() {
        String text = """
                program(version: 1)

                func main<iOS15>(%x: fp32[B, 4], %shape: int32[2]) {
                  %a: fp32[R, C] = reshape(x = %x, shape = %shape)
                  %c: int32[N, 2] = non_zero(x = %a)
                } -> (%a, %c)
                """;
        Program parsed = MilParser.parse(text, REGISTRY);
        assertThat(Verifier.verify(parsed)).isEmpty();
        assertThat(parsed.main().outputs()).extracting(Var::type).map(Object::toString)
                .containsExactly("fp32[R, C]", "int32[N, 2]");
        assertThat(MilPrinter.print(parsed)).isEqualTo(text);
    }
}
