package dev.mil4j.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.DictType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import org.junit.jupiter.api.Test;

/** The one classifier rule: the label of the highest probability, the first of equal ones, and the dictionary. */
class ClassificationTest {
    @Test
    void stringLabelsTakeTheFirstOfTheHighestProbabilities() {
        Classification c = Classification.of(TensorValue.ofFloats(Shape.of(1, 4), 0.1f, 0.4f, 0.4f, 0.1f),
                TensorValue.ofStrings(Shape.of(4), "cat", "dog", "bird", "fish"));
        assertThat(c.label()).isEqualTo(TensorValue.scalar("dog"));
        assertThat(c.probabilities().type()).isEqualTo(DictType.of(DType.STRING, DType.FP64));
        assertThat(c.probabilities().keys().toStringArray()).containsExactly("cat", "dog", "bird", "fish");
        assertThat(c.probabilities().values().toDoubleArray()).containsExactly(0.1f, 0.4f, 0.4f, 0.1f);
    }

    @Test
    void integerLabelsGiveAnInt64Label() {
        Classification c = Classification.of(TensorValue.ofFloats(Shape.of(3), 0.2f, 0.1f, 0.7f),
                TensorValue.ofLongs(Shape.of(3), 10, 20, 30));
        assertThat(c.label()).isEqualTo(TensorValue.scalar(30L));
        assertThat(c.probabilities().type()).isEqualTo(DictType.of(DType.INT64, DType.FP64));
    }

    @Test
    void countsThatDifferAndOtherLabelTypesAreRefused() {
        assertThatThrownBy(() -> Classification.of(TensorValue.ofFloats(Shape.of(1, 2), 0.5f, 0.5f),
                TensorValue.ofStrings(Shape.of(3), "a", "b", "c")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("there are 2 probabilities (fp32[1, 2]) for 3 classes");
        assertThatThrownBy(() -> Classification.of(TensorValue.ofFloats(Shape.of(2), 0.5f, 0.5f),
                TensorValue.ofFloats(Shape.of(2), 1f, 2f)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rank-1 string or int64 tensor, got fp32[2]");
    }
}
