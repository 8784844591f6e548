package dev.mil4j.converter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.converter.spi.InputType;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.DimBound;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputTypeTest {
    @Test
    void parsesStaticSymbolicAndBoundedDims() {
        InputType image = InputType.parse("image:1x3x224x224:fp32");
        assertThat(image.shape().orElseThrow()).hasToString("[1, 3, 224, 224]");
        assertThat(image.dtype()).contains(DType.FP32);
        assertThat(image.bounds()).isEmpty();

        InputType tokens = InputType.parse("tokens:1xS=1..512:int32");
        assertThat(tokens.shape().orElseThrow()).hasToString("[1, S]");
        assertThat(tokens.bounds()).isEqualTo(Map.of("S", new DimBound(1, 512)));
        assertThat(tokens).hasToString("tokens:1xS=1..512:int32");

        InputType anonymous = InputType.parse("x:Bx8..64");
        assertThat(anonymous.shape().orElseThrow()).hasToString("[B, x_1]");
        assertThat(anonymous.bounds()).isEqualTo(Map.of("x_1", new DimBound(8, 64)));
        assertThat(InputType.parse("x:1xN=2..").bounds().get("N").isBounded()).isFalse();
        assertThat(InputType.parse("x").shape()).isEmpty();
    }

    @Test
    void badFormsSayWhatToWrite() {
        assertThatThrownBy(() -> InputType.parse("x:1xS=0..4"))
                .hasMessage("a dimension range starts at 1 or more, got 0");
        assertThatThrownBy(() -> InputType.parse("x:1xS=9..4")).hasMessage("the range 9..4 is empty");
        assertThatThrownBy(() -> InputType.parse("x:1xS=a..4"))
                .hasMessage("bad range 'a..4': write LO..HI, e.g. 1..512");
        assertThatThrownBy(() -> InputType.parse("x:1x-3")).hasMessageStartingWith("bad dimension '-3' in input");
        assertThatThrownBy(() -> InputType.parse("x:1xS:float"))
                .hasMessageStartingWith("bad dtype 'float' in input 'x:1xS:float'");
        assertThatThrownBy(() -> ConvertOptions.builder().input(InputType.parse("a:S=1..4"))
                .input(InputType.parse("b:S=1..8")).build())
                .hasMessage("symbol S has two ranges: 1..4 and 1..8");
    }
}
