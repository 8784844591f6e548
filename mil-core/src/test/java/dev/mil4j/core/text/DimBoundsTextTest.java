package dev.mil4j.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.testing.TestOps;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.DimBound;
import dev.mil4j.core.types.TensorType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ranges of input symbols a function keeps, and their {@code where} clause in the text form. */
class DimBoundsTextTest {
    private final OpRegistry registry = TestOps.registry();

    private static final String BOUNDED = """
            program(version: 1)

            func main<iOS15>(%x: fp32[B, S], %m: fp32[1, S]) where S = 1..512, B = 2.. {
              %y: fp32[B, S] = add(x = %x, y = %m)
            } -> (%y)
            """;

    @Test
    void rangesParseAndPrintBack() {
        Program p = MilParser.parse(BOUNDED, registry);
        Function main = p.main();
        assertThat(main.dimBound("S")).contains(new DimBound(1, 512));
        assertThat(main.dimBound("B")).contains(new DimBound(2, DimBound.UNBOUNDED));
        assertThat(main.dimBounds().keySet()).containsExactly("S", "B");
        assertThat(MilPrinter.print(p)).isEqualTo(BOUNDED);
    }

    @Test
    void aFunctionWithoutRangesPrintsNoWhereClause() {
        Program p = MilParser.parse(BOUNDED.replace("where S = 1..512, B = 2.. ", ""), registry);
        assertThat(p.main().dimBounds()).isEmpty();
        assertThat(MilPrinter.print(p)).doesNotContain("where");
    }

    @Test
    void aRangeNeedsASymbolOfTheInputsAndAValidRange() {
        assertThatThrownBy(() -> MilParser.parse(BOUNDED.replace("B = 2..", "T = 2.."), registry))
                .isInstanceOf(MilSyntaxException.class)
                .hasMessage("line 3:68: 'T' is not a dimension of an input of function 'main'");
        assertThatThrownBy(() -> MilParser.parse(BOUNDED.replace("B = 2..", "B = 9..4"), registry))
                .hasMessage("line 3:72: the range 9..4 is empty");
        assertThatThrownBy(() -> MilParser.parse(BOUNDED.replace("B = 2..", "S = 2.."), registry))
                .hasMessage("line 3:68: dimension S has two ranges");
        assertThatThrownBy(() -> MilParser.parse(BOUNDED.replace("B = 2..", "B = 2.5"), registry))
                .hasMessageStartingWith("line 3:72: bad range '2.5'");
    }

    @Test
    void setDimBoundAcceptsOnlyInputSymbols() {
        Program p = new Program();
        Function f = p.addFunction("main", Opset.IOS15,
                Map.of("x", TensorType.of(DType.FP32, Dim.of(1), Dim.symbol("S"))));
        f.setDimBound("S", new DimBound(1, 8));
        f.setDimBound("S", new DimBound(1, 16));
        assertThat(f.dimBounds()).containsExactly(Map.entry("S", new DimBound(1, 16)));
        assertThat(f.isInputSymbol("T")).isFalse();
        assertThatThrownBy(() -> f.setDimBound("T", new DimBound(1, 8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no input of function 'main' has a dimension T");
    }

    @Test
    void theVerifierReportsARangeWhoseSymbolNoInputHasAnyMore() {
        Program p = MilParser.parse(BOUNDED, registry);
        assertThat(Verifier.verify(p)).isEmpty();
        Var m = p.main().inputs().get(1);
        m.setType(TensorType.of(DType.FP32, 1, 4));
        p.main().inputs().get(0).setType(TensorType.of(DType.FP32, Dim.symbol("B"), Dim.of(4)));
        assertThat(Verifier.verify(p)).extracting(d -> d.message())
                .contains("function `main` gives dimension S a range, but no input has that dimension");
    }
}
