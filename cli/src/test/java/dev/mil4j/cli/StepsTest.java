package dev.mil4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.npy.Npy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mil4j run --steps N}: coremltools' stateful accumulator keeps its state from step to step. */
class StepsTest {
    private static final Path ACC = TestData.path("coremltools-features/stateful_acc.mlpackage");

    @TempDir
    Path dir;

    @Test
    void threeStepsAccumulate() throws Exception {
        Path in = dir.resolve("x.npy");
        Npy.write(in, TensorValue.ofFloats(Shape.of(3, 1, 4), 1, 2, 3, 4, 1, 1, 1, 1, -2, 0, 0.5f, 1));
        CliTest.Result r = CliTest.run("run", ACC.toString(), "--steps", "3", "--input", "x=" + in, "--out",
                dir.resolve("out").toString());
        assertThat(r.code()).as(r.err()).isZero();
        TensorValue out = Npy.read(dir.resolve("out/var_6.npy"));
        assertThat(out.shape()).isEqualTo(Shape.of(3, 1, 4));
        // the output of each step is twice the sum of the inputs so far
        assertThat(out.toFloatArray()).containsExactly(2, 4, 6, 8, 4, 6, 8, 10, 0, 6, 9, 12);
    }

    @Test
    void anInputWithoutTheStepsAxisIsAUsageError() throws Exception {
        Path in = dir.resolve("x.npy");
        Npy.write(in, TensorValue.ofFloats(Shape.of(1, 4), 1, 2, 3, 4));
        CliTest.Result r = CliTest.run("run", ACC.toString(), "--steps", "3", "--input", "x=" + in, "--out",
                dir.resolve("out").toString());
        assertThat(r.code()).isEqualTo(Mil4j.USAGE);
        assertThat(r.err()).contains("a leading axis of 3");
    }
}
