package dev.mil4j.core.op;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.testing.TestOps;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpDefTest {
    /** A family base that implements value inference for its members. */
    abstract static class Folding extends OpDef {
        Folding(String name) {
            super(name, Opset.IOS15, InputSpec.builder().tensor("x", DType.FP32).build());
        }

        @Override
        public List<ValueType> inferTypes(InferenceContext ctx) {
            return List.of(ctx.tensor("x"));
        }

        @Override
        public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
            return ctx.value("x").map(List::of);
        }
    }

    static final class FoldingMember extends Folding {
        FoldingMember() {
            super("member");
        }
    }

    @Test
    void hasValueInferenceExactlyWhenInferValuesIsOverridden() {
        assertThat(new TestOps.Binary("add").hasValueInference()).isTrue();
        assertThat(new TestOps.Relu().hasValueInference()).isFalse();
        assertThat(new FoldingMember().hasValueInference()).as("inherited from a family base").isTrue();
        assertThat(ConstOp.INSTANCE.hasValueInference()).isTrue();
    }
}
