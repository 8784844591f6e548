package dev.mil4j.converter.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Location;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.ops.StandardOps;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TranslationContextTest {
    private final Function f = new Program().addFunction("main", Opset.IOS15,
            Map.of("x", new TensorType(DType.FP32, Shape.parse("Bx3"))));
    private final Builder b = Builder.atEnd(f.body(), StandardOps.newRegistry())
            .at(Location.of("test", "n1"));
    private final TranslationContext c = new TranslationContext() {
        @Override
        public Builder builder() {
            return b;
        }

        @Override
        public String describeNode() {
            return "test node `n1` (Op)";
        }
    };

    @Test
    void axesAreMadeNonNegativeAndOutOfRangeOnesNameTheNode() {
        assertThat(c.axis(-1, 3)).isEqualTo(2);
        assertThat(c.axes(new long[] {0, -3}, 3)).containsExactly(0, 0);
        assertThatThrownBy(() -> c.axis(3, 3)).isInstanceOf(ConversionException.class)
                .hasMessageContaining("test node `n1` (Op): axis 3 is out of range for rank 3");
    }

    @Test
    void errorsCarryTheLocationAndTheHint() {
        ConversionException e = c.error("is odd", "make it even");
        assertThat(e.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.location()).isEqualTo(Location.of("test", "n1"));
            assertThat(d.hint()).contains("make it even");
        });
    }

    @Test
    void intsThatDoNotFitAndSymbolicShapesAreErrors() {
        assertThat(c.ints(new long[] {1, -2})).containsExactly(1, -2);
        assertThatThrownBy(() -> c.ints(new long[] {1L << 40})).isInstanceOf(ConversionException.class)
                .hasMessageContaining("does not fit in 32 bits");
        assertThatThrownBy(() -> c.staticShape(f.inputs().get(0), "Resize")).isInstanceOf(ConversionException.class)
                .hasMessageContaining("Resize needs a static input shape, got [B, 3]");
    }
}
