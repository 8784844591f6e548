package dev.mil4j.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.testing.TestOps;
import org.junit.jupiter.api.Test;

class RegistryTest {
    @Test
    void duplicateWithoutOverrideNamesBothRegistrants() {
        Registry<String, String> r = new Registry<>("TensorFlow translation");
        r.register("TopKV2", "built-in", "mil4j-frontend-tensorflow", false);
        assertThatThrownBy(() -> r.register("TopKV2", "custom", "custom-topk", false))
                .isInstanceOf(RegistrationConflictException.class)
                .hasMessage("TensorFlow translation TopKV2 is registered by both 'mil4j-frontend-tensorflow' and "
                        + "'custom-topk'; to replace the first, register the second as an explicit override");
    }

    @Test
    void overrideReplacesInEitherOrder() {
        Registry<String, String> first = new Registry<>("op");
        first.register("topk", "built-in", "ops", false);
        first.register("topk", "custom", "plugin", true);
        Registry<String, String> second = new Registry<>("op");
        second.register("topk", "custom", "plugin", true);
        second.register("topk", "built-in", "ops", false);
        for (Registry<String, String> r : java.util.List.of(first, second)) {
            assertThat(r.value("topk")).contains("custom");
            assertThat(r.get("topk").orElseThrow().registrant()).isEqualTo("plugin");
            assertThat(r.get("topk").orElseThrow().replaced()).contains("ops");
        }
    }

    @Test
    void twoOverridesConflict() {
        Registry<String, String> r = new Registry<>("op");
        r.register("topk", "a", "plugin-a", true);
        assertThatThrownBy(() -> r.register("topk", "b", "plugin-b", true))
                .hasMessage("op topk is overridden twice: by 'plugin-a' and by 'plugin-b'; remove one of the two "
                        + "plugins");
    }

    @Test
    void opLookupTakesTheNewestVersionNotAboveTheTarget() {
        OpRegistry ops = TestOps.registry();
        TestOps.Relu replacement = new TestOps.Relu();
        assertThat(ops.lookup("relu", Opset.IOS18)).get().isInstanceOf(TestOps.Relu.class).isNotSameAs(replacement);
        assertThat(ops.lookup("const", Opset.IOS15)).isPresent();
        assertThat(ops.lookup("nope", Opset.IOS18)).isEmpty();
        assertThat(ops.names()).contains("add", "cond", "const", "mul", "relu", "topk");
        assertThatThrownBy(() -> ops.register(replacement, "someone"))
                .hasMessage("op `relu` (iOS15) is registered by both 'test' and 'someone'; to replace the first, "
                        + "register the second as an explicit override");
        ops.register(replacement, "someone", true);
        assertThat(ops.lookup("relu", Opset.IOS17)).containsSame(replacement);
        assertThat(ops.customOps()).isEmpty();
    }
}
