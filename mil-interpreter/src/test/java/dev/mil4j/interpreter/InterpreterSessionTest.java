package dev.mil4j.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.ir.Program;
import dev.mil4j.core.testing.Golden;
import dev.mil4j.core.text.MilParser;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.StandardOps;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * States across runs: a key/value-cache write ({@code slice_update} at a position, {@code coreml_update_state}) fills
 * the cache one row per step, as Core ML keeps a state across predictions.
 */
class InterpreterSessionTest {
    private static Program kvCache() {
        return MilParser.parse(Golden.read(InterpreterSessionTest.class, "/states/kv_cache.mil"),
                StandardOps.newRegistry());
    }

    private static Map<String, TensorValue> step(int pos, float a, float b) {
        return Map.of("k", TensorValue.ofFloats(Shape.of(1, 2), a, b), "pos", TensorValue.ofInts(Shape.of(1), pos));
    }

    @Test
    void eachStepWritesOneRowOfTheCache() {
        InterpreterSession session = Interpreter.standard().session(kvCache().main());
        assertThat(session.states().get("cache").toFloatArray()).containsOnly(0f);
        session.run(step(0, 1, 2));
        session.run(step(1, 10, 20));
        Map<String, TensorValue> third = session.run(step(2, 100, 200));
        assertThat(third.get("sum").toFloatArray()).containsExactly(111, 222);
        assertThat(session.states().get("cache").toFloatArray()).containsExactly(1, 2, 10, 20, 100, 200, 0, 0);
    }

    @Test
    void aOneShotRunStartsFromZerosOrTheGivenState() {
        Program p = kvCache();
        Interpreter interpreter = Interpreter.standard();
        assertThat(interpreter.run(p, step(3, 1, 1)).get("sum").toFloatArray()).containsExactly(1, 1);
        Map<String, TensorValue> in = new java.util.HashMap<>(step(3, 1, 1));
        in.put("cache", TensorValue.ofFloats(Shape.of(4, 2), 5, 5, 5, 5, 5, 5, 0, 0));
        assertThat(interpreter.run(p, in).get("sum").toFloatArray()).containsExactly(16, 16);
    }

    @Test
    void aStateOfAnotherTypeIsRefused() {
        InterpreterSession session = Interpreter.standard().session(kvCache().main());
        assertThatThrownBy(() -> session.setState("cache", TensorValue.ofFloats(Shape.of(2), 1, 2)))
                .isInstanceOf(InterpreterException.class).hasMessageContaining("cannot go into a state");
        assertThatThrownBy(() -> session.setState("kv", TensorValue.ofFloats(Shape.of(2), 1, 2)))
                .hasMessageContaining("has no state 'kv'");
    }
}
