package dev.mil4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.converter.spi.Precision;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ComparisonTest {
    private static final Tolerance TOL = new Tolerance(1e-3, 1e-2);

    @Test
    void measuresErrorsAndCountsElementsOutsideTheTolerance() {
        TensorValue e = TensorValue.ofFloats(Shape.of(2, 3), 1, 2, 3, 0.0001f, 5, 6);
        TensorValue a = TensorValue.ofFloats(Shape.of(2, 3), 1.005f, 2, 3.5f, 0.0009f, 5, 6);
        Comparison c = Comparison.of("y", "y", e, a, TOL);
        assertThat(c.maxAbsError()).isCloseTo(0.5, Offset.offset(1e-6));
        // 0.0001 is below atol: judged by atol alone and left out of the relative error
        assertThat(c.maxRelError()).isCloseTo(0.5 / 3, Offset.offset(1e-6));
        assertThat(c.outside()).isEqualTo(1);
        assertThat(c.outsideShare()).isCloseTo(1.0 / 6, Offset.offset(1e-12));
        assertThat(c.passes()).isFalse();
        assertThat(c.top1()).contains(2L); // rows [1, 2, 3] and [0.0001, 5, 6]: the last index in both
    }

    @Test
    void top1CountsTheRowsWhoseLargestValueIsAtTheSameIndex() {
        TensorValue e = TensorValue.ofFloats(Shape.of(3, 2), 0.9f, 0.1f, 0.2f, 0.8f, 0.5f, 0.4f);
        TensorValue a = TensorValue.ofFloats(Shape.of(3, 2), 0.8f, 0.2f, 0.7f, 0.3f, 0.6f, 0.4f);
        Comparison c = Comparison.of("p", "p", e, a, TOL);
        assertThat(c.top1()).contains(2L);
        assertThat(c.rows()).isEqualTo(3);
    }

    @Test
    void integersMustBeEqualAndHaveNoTop1() {
        TensorValue e = TensorValue.ofLongs(Shape.of(2, 2), 1, 2, 3, 4);
        TensorValue a = TensorValue.ofInts(Shape.of(2, 2), 1, 2, 3, 5);
        Comparison c = Comparison.of("i", "i", e, a, new Tolerance(10, 10));
        assertThat(c.outside()).isEqualTo(1);
        assertThat(c.top1()).isEmpty();
    }

    @Test
    void nanAgreesOnlyWithNanAndShapesMustMatch() {
        TensorValue e = TensorValue.ofFloats(Shape.of(2), Float.NaN, 1);
        assertThat(Comparison.of("n", "n", e, TensorValue.ofFloats(Shape.of(2), Float.NaN, 1), TOL).passes()).isTrue();
        assertThat(Comparison.of("n", "n", e, TensorValue.ofFloats(Shape.of(2), 0, 1), TOL).outside()).isEqualTo(1);
        Comparison shapes = Comparison.of("s", "s", e, TensorValue.ofFloats(Shape.of(1, 2), 0, 1), TOL);
        assertThat(shapes.passes()).isFalse();
        assertThat(shapes.problem()).contains("the converted model's shape is [1, 2], the source's [2]");
    }

    @Test
    void defaultTolerancesFollowThePrecisionAndGivenValuesReplaceThem() {
        assertThat(Tolerance.of(Precision.FP32)).isEqualTo(new Tolerance(1e-4, 1e-4));
        assertThat(Tolerance.of(Precision.FP16)).isEqualTo(new Tolerance(1e-3, 1e-2));
        assertThat(Tolerance.of(Precision.FP16, 0.5, null)).isEqualTo(new Tolerance(0.5, 1e-2));
    }
}
