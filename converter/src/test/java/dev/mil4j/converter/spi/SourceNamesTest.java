package dev.mil4j.converter.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceNamesTest {
    private static Program program(String input) {
        Program p = new Program();
        Map<String, ValueType> inputs = new LinkedHashMap<>();
        inputs.put(input, TensorType.of(DType.FP32, 2));
        Function f = p.addFunction("main", Opset.IOS15, inputs);
        f.setOutputs(List.of(f.inputs().get(0)));
        return p;
    }

    @Test
    void namesThatDifferAreRecordedInOrderAndReadBack() {
        Program p = program("x_1");
        List<String> odd = List.of("x.1 \"quoted\" back\\slash\ttab é");
        SourceNames.record(p, odd, List.of("out.0"));
        assertThat(SourceNames.inputs(p)).contains(odd);
        assertThat(SourceNames.outputs(p)).contains(List.of("out.0"));
        assertThat(p.attributes().get(SourceNames.OUTPUTS)).isEqualTo("[\"out.0\"]");
    }

    @Test
    void namesThatAreKeptAreNotRecorded() {
        Program p = program("x");
        SourceNames.record(p, List.of("x"), List.of("x"));
        assertThat(p.attributes()).doesNotContainKeys(SourceNames.INPUTS, SourceNames.OUTPUTS);
        assertThat(SourceNames.inputs(p)).isEmpty();
    }

    @Test
    void malformedAttributesReadAsAbsent() {
        for (String bad : List.of("x.1", "[x.1]", "[\"x.1\"", "[\"unterminated]", "[\"\\uZZZZ\"]")) {
            Program p = program("x");
            p.setAttribute(SourceNames.INPUTS, bad);
            assertThat(SourceNames.inputs(p)).as(bad).isEmpty();
        }
        Program p = program("x");
        p.setAttribute(SourceNames.INPUTS, "[\"a\", \"b\"]");
        assertThat(SourceNames.inputs(p)).contains(List.of("a", "b"));
    }
}
