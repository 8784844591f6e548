package dev.mil4j.frontend.pytorch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.ir.Program;
import dev.mil4j.core.text.MilPrinter;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scripted modules whose control flow depends on tensor values ({@code src/test/resources/fixtures/tensor_*.pt},
 * made by {@code torch.jit.script}) become MIL {@code cond} and {@code while_loop} with nested blocks, and compute
 * what PyTorch (DJL) computes on inputs chosen to take every path: both branches, zero and several iterations.
 */
class TorchControlFlowTest {
    private static TorchFixture fixture(String name) {
        return TorchFixture.read(TorchFixture.OWN.resolve(name + ".pt"));
    }

    private static TensorValue filled(Shape shape, float value) {
        float[] v = new float[Math.toIntExact(shape.elementCount().orElseThrow())];
        Arrays.fill(v, value);
        return TensorValue.ofFloats(shape, v);
    }

    private static TensorValue counts(long... n) {
        return TensorValue.ofLongs(Shape.of(n.length), n);
    }

    private static void matchesDjl(TorchFixture f, Program program, String label, List<TensorValue> inputs) {
        try (TorchReference reference = TorchReference.load(f.model())) {
            TorchParityTest.compare(f.name() + "/" + label, TorchParityTest.run(program, inputs),
                    reference.run(inputs));
        }
    }

    @Test
    void ifOnATensorValueIsACondTakingBothBranches() {
        TorchFixture f = fixture("tensor_if");
        Program program = TorchParityTest.convert(f);
        assertThat(MilPrinter.print(program)).contains(" = cond(pred = ");
        Shape s = Shape.of(2, 3);
        matchesDjl(f, program, "then", List.of(filled(s, 0.75f)));
        matchesDjl(f, program, "else", List.of(filled(s, -0.75f)));
        assertThat(TorchParityTest.run(program, List.of(filled(s, 0.75f))).get(0).getDouble(0)).isEqualTo(1.5);
        assertThat(TorchParityTest.run(program, List.of(filled(s, -0.75f))).get(0).getDouble(0)).isEqualTo(1.75);
    }

    @Test
    void loopsWithTensorTripCountsAndConditionsAreWhileLoops() {
        TorchFixture f = fixture("tensor_loop");
        Program program = TorchParityTest.convert(f);
        assertThat(MilPrinter.print(program).split(" = while_loop\\(", -1)).hasSize(3);
        Shape s = Shape.of(2, 3);
        matchesDjl(f, program, "no iterations", List.of(filled(s, 20f), counts(0, 0)));
        matchesDjl(f, program, "for only", List.of(filled(s, 30f), counts(2, 1)));
        matchesDjl(f, program, "while only", List.of(filled(s, 0.1f), counts(0, 0)));
        matchesDjl(f, program, "both", List.of(filled(s, -3f), counts(3, 2)));
    }

    @Test
    void anIfInsideALoopUsesTheLoopCounter() {
        TorchFixture f = fixture("tensor_nested");
        Program program = TorchParityTest.convert(f);
        String text = MilPrinter.print(program);
        assertThat(text.indexOf(" = while_loop(")).isPositive().isLessThan(text.indexOf(" = cond("));
        Shape s = Shape.of(2, 3);
        for (long n = 0; n <= 6; n++) {
            matchesDjl(f, program, "n=" + n, List.of(filled(s, 0.25f), counts(n, 0)));
        }
        matchesDjl(f, program, "falling", List.of(filled(s, 4f), counts(2, 2)));
    }
}
