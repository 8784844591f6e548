package dev.mil4j.ops.constexpr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.op.SimpleInferenceContext;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.value.TensorValue;
import org.junit.jupiter.api.Test;

/**
 * The iOS18 {@code constexpr_lut_to_dense} on the cases of its definition, computed by hand: per-group scalar tables,
 * and a vector palette expanded along either axis (each index becomes its entry's elements, consecutive along the
 * vector axis).
 */
class ConstexprLutToDenseOpTest {
    private static final ConstexprLutToDenseOp OP = ConstexprLutToDenseOp.ios18();
    // indices [[[0, 0], [1, 0]], [[1, 1], [0, 0]]] into entries a = (1, 2, 3) and b = (4, 5, 6)
    private static final TensorValue INDICES = TensorValue.fromLongs(DType.UINT1, Shape.of(2, 2, 2),
            0, 0, 1, 0, 1, 1, 0, 0);
    private static final TensorValue VECTORS = TensorValue.ofFloats(Shape.of(1, 1, 1, 2, 3), 1, 2, 3, 4, 5, 6);

    @Test
    void perGroupScalarTables() {
        TensorValue indices = TensorValue.fromLongs(DType.UINT2, Shape.of(6, 2), 2, 3, 3, 0, 1, 0, 3, 0, 2, 1, 0, 3);
        TensorValue lut = TensorValue.fromDoubles(DType.FP16, Shape.of(2, 1, 4, 1), 1, 5, 9, 13, 2, 10, 18, 26);
        TensorValue out = dense(indices, lut, null);
        assertThat(out.shape()).isEqualTo(Shape.of(6, 2));
        assertThat(out.toFloatArray()).containsExactly(9, 13, 13, 1, 5, 1, 26, 2, 18, 10, 2, 26);
    }

    @Test
    void vectorsAlongAMiddleAxis() {
        TensorValue out = dense(INDICES, VECTORS, 1);
        assertThat(out.shape()).isEqualTo(Shape.of(2, 6, 2));
        assertThat(out.toFloatArray()).containsExactly(
                1, 1, 2, 2, 3, 3, 4, 1, 5, 2, 6, 3,
                4, 4, 5, 5, 6, 6, 1, 1, 2, 2, 3, 3);
    }

    @Test
    void vectorsAlongTheLastAxis() {
        TensorValue out = dense(INDICES, VECTORS, -1);
        assertThat(out.shape()).isEqualTo(Shape.of(2, 2, 6));
        assertThat(out.toFloatArray()).containsExactly(
                1, 2, 3, 1, 2, 3, 4, 5, 6, 1, 2, 3,
                4, 5, 6, 4, 5, 6, 1, 2, 3, 1, 2, 3);
    }

    @Test
    void vectorsNeedTheirAxis() {
        assertThatThrownBy(() -> dense(INDICES, VECTORS, null)).isInstanceOf(TypeException.class)
                .hasMessage("is required: the palette entries are vectors of 3")
                .satisfies(e -> assertThat(((TypeException) e).input()).contains("vector_axis"));
    }

    private static TensorValue dense(TensorValue indices, TensorValue lut, Integer vectorAxis) {
        SimpleInferenceContext.Builder ctx = SimpleInferenceContext.of(OP).input("indices", indices).input("lut", lut);
        if (vectorAxis != null) {
            ctx.input("vector_axis", TensorValue.scalar(vectorAxis));
        }
        SimpleInferenceContext built = ctx.build();
        TensorType type = (TensorType) OP.inferTypes(built).get(0);
        TensorValue out = OP.inferValues(built).orElseThrow().get(0);
        assertThat(out.shape()).isEqualTo(type.shape());
        return out;
    }
}
