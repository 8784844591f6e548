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
    void aTorchBufferConvertedAsAStateRunsLikePyTorch() throws Exception {
        Path torch = TestData.path("torch-states");
        Path pkg = dir.resolve("acc.mlpackage");
        CliTest.Result c = CliTest.run("convert", torch.resolve("accumulator.pt").toString(), "--input", "x:1x4",
                "--state", "acc", "--target", "iOS18", "--precision", "fp32", "-o", pkg.toString());
        assertThat(c.code()).as(c.err()).isZero();
        CliTest.Result r = CliTest.run("run", pkg.toString(), "--steps", "3", "--input",
                "x=" + torch.resolve("accumulator.steps_x.npy"), "--out", dir.resolve("out").toString());
        assertThat(r.code()).as(r.err()).isZero();
        TensorValue want = Npy.read(torch.resolve("accumulator.steps_out.npy"));
        try (var files = java.nio.file.Files.list(dir.resolve("out"))) {
            TensorValue got = Npy.read(files.findFirst().orElseThrow());
            assertThat(got.shape()).isEqualTo(want.shape());
            assertThat(got.toFloatArray()).containsExactly(want.toFloatArray(),
                    org.assertj.core.api.Assertions.within(1e-6f));
        }
        CliTest.Result bad = CliTest.run("convert", torch.resolve("accumulator.pt").toString(), "--input", "x:1x4",
                "--state", "acc:2x4", "--target", "iOS18", "-o", dir.resolve("bad.mlpackage").toString());
        assertThat(bad.code()).isEqualTo(Mil4j.DIAGNOSTICS);
        assertThat(bad.err()).contains("but the buffer has shape");
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
