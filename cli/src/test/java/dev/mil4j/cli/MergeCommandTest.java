package dev.mil4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.npy.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mil4j merge} and {@code mil4j run --function} on coremltools' two packages sharing one weight. */
class MergeCommandTest {
    private static final Path FEATURES = TestData.path("coremltools-features");

    @TempDir
    Path dir;

    @Test
    void mergesTwoPackagesAndRunsEachFunction() throws Exception {
        Path relu = FEATURES.resolve("multifunction_src_relu.mlpackage");
        Path sigmoid = FEATURES.resolve("multifunction_src_sigmoid.mlpackage");
        Path merged = dir.resolve("ab.mlpackage");
        CliTest.Result r = CliTest.run("merge", relu.toString(), sigmoid.toString(), "-o", merged.toString(),
                "--function", "a=main", "--function", "b=main", "--default", "a");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("2 functions, default a; 4 weights in 2 blobs");

        float[] x = new float[64];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 7 - 3) / 2f;
        }
        Path in = dir.resolve("x.npy");
        Npy.write(in, TensorValue.ofFloats(Shape.of(1, 64), x));
        float[] a = runOutput(merged, in, "default", null);
        float[] b = runOutput(merged, in, "b", "b");
        assertThat(a).containsExactly(runOutput(relu, in, "relu", null));
        assertThat(b).containsExactly(runOutput(sigmoid, in, "sigmoid", null));
        for (float v : b) {
            assertThat(v).isBetween(0f, 1f);
        }

        CliTest.Result unknown = CliTest.run("run", merged.toString(), "--function", "c", "--input", "x=" + in,
                "--out", dir.resolve("c").toString());
        assertThat(unknown.code()).isEqualTo(Mil4j.USAGE);
        assertThat(unknown.err()).contains("has no such function; its functions are [a, b]");
    }

    @Test
    void reportsMismatchedFunctionOptions() {
        Path relu = FEATURES.resolve("multifunction_src_relu.mlpackage");
        CliTest.Result r = CliTest.run("merge", relu.toString(), relu.toString(), "-o",
                dir.resolve("x.mlpackage").toString(), "--function", "a=main");
        assertThat(r.code()).isEqualTo(Mil4j.USAGE);
        assertThat(r.err()).contains("2 packages and 1 --function options");
        CliTest.Result twice = CliTest.run("merge", relu.toString(), relu.toString(), "-o",
                dir.resolve("x.mlpackage").toString());
        assertThat(twice.code()).isEqualTo(Mil4j.USAGE);
        assertThat(twice.err()).contains("'multifunction_src_relu' is given twice");
    }

    private float[] runOutput(Path pkg, Path in, String folder, String function) throws Exception {
        Path out = dir.resolve(folder);
        CliTest.Result r = function == null
                ? CliTest.run("run", pkg.toString(), "--input", "x=" + in, "--out", out.toString())
                : CliTest.run("run", pkg.toString(), "--function", function, "--input", "x=" + in, "--out",
                        out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        try (var files = Files.list(out)) {
            return Npy.read(files.findFirst().orElseThrow()).toFloatArray();
        }
    }
}
