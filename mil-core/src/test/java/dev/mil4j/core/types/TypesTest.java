package dev.mil4j.core.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TypesTest {
    @ParameterizedTest(name = "{0} with {1} -> {2}")
    @CsvSource(delimiter = ';', value = {
        "2x3; 2x3; [2, 3]",
        "2x1; 1x3; [2, 3]",
        "3; 2x3; [2, 3]",
        "''; 4x5; [4, 5]",
        "Bx1x4; 3x1; [B, 3, 4]",
        "s0; 1; [s0]",
        "1; s0; [s0]",
        "s0; 5; [5]",
        "s0xs1; s0xs1; [s0, s1]",
        "Bx8; B; [B, 8]",
        "s0; s1; [bcast_s0_s1]",
        "s1x3; s0x1; [bcast_s0_s1, 3]",
    })
    void broadcastsLikeNumpyWithSymbols(String a, String b, String expected) {
        assertThat(Broadcast.shapes(Shape.parse(a), Shape.parse(b))).hasToString(expected);
        assertThat(Broadcast.shapes(Shape.parse(b), Shape.parse(a))).hasToString(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "2x3; 4x3; shapes [2, 3] and [4, 3] do not broadcast: 2 vs 4",
    })
    void incompatibleShapesAreErrors(String a, String b, String message) {
        assertThatThrownBy(() -> Broadcast.shapes(Shape.parse(a), Shape.parse(b)))
                .isInstanceOf(TypeException.class).hasMessage(message);
    }

    @Test
    void shapesParseAndPrint() {
        Shape s = Shape.parse("1x3xHxW");
        assertThat(s.rank()).isEqualTo(4);
        assertThat(s.isStatic()).isFalse();
        assertThat(s.toCompactString()).isEqualTo("1x3xHxW");
        assertThat(s).hasToString("[1, 3, H, W]").isEqualTo(Shape.of(Dim.of(1), Dim.of(3), Dim.symbol("H"),
                Dim.symbol("W")));
        assertThat(Shape.parse("")).isEqualTo(Shape.scalar());
        assertThat(Shape.of(2, 3, 4).elementCount()).hasValue(24);
        assertThat(s.elementCount()).isEmpty();
        assertThatThrownBy(() -> Shape.parse("1x-3")).hasMessageContaining("bad dimension '-3'");
        assertThatThrownBy(() -> Shape.of(2, 3).normalizeAxis(2)).hasMessage("axis 2 is out of range for rank 2");
        assertThat(Shape.of(2, 3).normalizeAxis(-1)).isEqualTo(1);
    }

    @Test
    void typesPrintInMilNotation() {
        assertThat(TensorType.of(DType.FP16, Dim.symbol("B"), Dim.of(8))).hasToString("fp16[B, 8]");
        assertThat(TensorType.scalar(DType.BOOL)).hasToString("bool[]");
        assertThat(new ListType(TensorType.of(DType.INT32, 2), Dim.symbol("N"))).hasToString("list<int32[2], N>");
        assertThat(DType.fromMilName("uint16")).contains(DType.UINT16);
        assertThat(DType.fromMilName("float")).isEmpty();
    }
}
