package dev.mil4j.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.testing.Golden;
import dev.mil4j.core.text.MilParser;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.DictType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.StandardOps;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code classify}: the most probable label and the dictionary of probabilities, string and int64 labels. */
class ClassifyKernelTest {
    private static Program classifier() {
        return MilParser.parse(Golden.read(ClassifyKernelTest.class, "/classify/classifier.mil"),
                StandardOps.newRegistry());
    }

    @Test
    void givesTheMostProbableStringLabelAndEveryProbability() {
        Program p = classifier();
        Map<String, Value> out = Interpreter.standard().runValues(p.main(),
                Map.of("logits", TensorValue.ofFloats(Shape.of(1, 3), 0f, 2f, 1f)));
        assertThat(out.get("classLabel").tensor()).isEqualTo(TensorValue.scalar("dog"));
        Value.Dictionary probs = (Value.Dictionary) out.get("classLabel_probs");
        assertThat(probs.type()).isEqualTo(DictType.of(DType.STRING, DType.FP64));
        assertThat(probs.keys().toStringArray()).containsExactly("cat", "dog", "bird");
        double sum = Math.exp(0) + Math.exp(2) + Math.exp(1);
        assertThat(probs.values().toDoubleArray()).containsExactly(new double[] {1 / sum, Math.exp(2) / sum,
                Math.exp(1) / sum}, within(1e-6));
    }

    @Test
    void givesIntegerLabelsAndTakesTheFirstOfEqualProbabilities() {
        Program p = classifier();
        Map<String, Value> out = Interpreter.standard().runValues(p.function("numbers").orElseThrow(),
                Map.of("p", TensorValue.ofFloats(Shape.of(3), 0.25f, 0.5f, 0.5f).cast(DType.FP16)));
        assertThat(out.get("label").tensor()).isEqualTo(TensorValue.scalar(20L));
        assertThat(((Value.Dictionary) out.get("probs")).values().toDoubleArray()).containsExactly(0.25, 0.5, 0.5);
    }

    @Test
    void runWithoutValuesNamesTheDictionaryOutput() {
        Program p = classifier();
        assertThatThrownBy(() -> Interpreter.standard().run(p, Map.of("logits",
                TensorValue.ofFloats(Shape.of(1, 3), 0f, 2f, 1f))))
                .isInstanceOf(InterpreterException.class)
                .hasMessage("output `classLabel_probs` is a dictionary (dict<string, fp64>), which this call cannot "
                        + "return; run the function with runValues");
    }

    @Test
    void aLabelCountOtherThanTheProbabilitiesIsATypeError() {
        String text = """
                program(version: 1)

                func main<iOS15>(%p: fp32[1, 4]) {
                  %classes: string[3] = const() {val = string[3] ["a", "b", "c"]}
                  %l: string[], %d: dict<string, fp64> = classify(probabilities = %p, classes = %classes)
                } -> (%l, %d)
                """;
        assertThatThrownBy(() -> MilParser.parse(text, StandardOps.newRegistry()))
                .hasMessageContaining("probabilities").hasMessageContaining("has 4 elements, but there are 3 classes");
    }
}
