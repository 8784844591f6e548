package dev.mil4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code convert}, {@code run} and {@code optimize} print when standard error is not a terminal (as here, in
 * process): one summary line and warnings by default, the pass table with {@code --report}, stage times with
 * {@code -v}, nothing with {@code -q}. No redraws, and no assertion on how long anything took.
 */
class OutputTest {
    private static final String MODEL = """
            program(version: 1)

            func main<iOS15>(%x: fp32[2, 12]) {
              %s: fp32[12] = const() {val = fp32[12] [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0]}
              %a: fp32[2, 12] = mul(x = %x, y = %s)
              %y: fp32[2, 12] = add(x = %a, y = %a)
            } -> (%y)
            """;
    private static final String SECONDS = "in \\d+\\.\\d s";
    private static final String STAGE_TIME = "\\d+\\.\\d{1,2} m?s";

    @TempDir
    Path dir;
    private Path model;

    record Result(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    @BeforeEach
    void writeModel() throws Exception {
        model = dir.resolve("m.mil");
        Files.writeString(model, MODEL);
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Mil4j.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void convertPrintsOneSummaryLineAndNothingElse() {
        Path pkg = dir.resolve("out/m.mlpackage");
        Result r = run("convert", model.toString(), "-o", pkg.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).matches("wrote \\Q" + pkg + "\\E \\(ML Program, iOS15, \\d+ ops, "
                + "\\Q" + Quantities.bytes(Summary.sizeOnDisk(pkg)) + "\\E\\) " + SECONDS);

        Path nn = dir.resolve("m.mlmodel");
        Result n = run("convert", model.toString(), "--to", "neuralnetwork", "-o", nn.toString());
        assertThat(n.errLines()).singleElement().asString()
                .matches("wrote \\Q" + nn + "\\E \\(NeuralNetwork, specification version \\d+, 2 ops, \\d+ B\\) " + SECONDS);
    }

    @Test
    void warningsComeBeforeTheSummary() throws Exception {
        Files.writeString(model, MODEL.replace("fp32[2, 12]", "fp32[B, 12]"));
        Result r = run("convert", model.toString(), "-o", dir.resolve("m.mlpackage").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.errLines()).hasSize(3);
        assertThat(r.errLines().get(0)).startsWith("warning: input `x` of function `main` has symbolic dims (B)");
        assertThat(r.errLines().get(1)).startsWith("  hint: ");
        assertThat(r.errLines().get(2)).startsWith("wrote ");
    }

    @Test
    void reportKeepsThePerPassTable() {
        Result r = run("convert", model.toString(), "-o", dir.resolve("m.mlpackage").toString(), "--report");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.errLines();
        assertThat(lines.get(0)).matches("pipeline default_fp16: \\d+ passes, \\d+\\.\\d{3} ms");
        assertThat(lines).anyMatch(l -> l.matches("  common::const_elimination +\\d+\\.\\d{3} ms.*"));
        assertThat(lines.get(lines.size() - 1)).startsWith("wrote ");
    }

    @Test
    void quietPrintsNothingOnSuccessAndErrorsOnFailure() {
        Result r = run("convert", model.toString(), "-o", dir.resolve("m.mlpackage").toString(), "-q");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEmpty();

        Result missing = run("convert", dir.resolve("none.mil").toString(), "-o", dir.resolve("n.mlpackage").toString(),
                "-q");
        assertThat(missing.code()).isEqualTo(Mil4j.DIAGNOSTICS);
        assertThat(missing.err()).startsWith("error: model " + dir.resolve("none.mil") + " does not exist");

        Result both = run("convert", model.toString(), "-o", dir.resolve("m.mlpackage").toString(), "-q", "-v");
        assertThat(both.code()).isEqualTo(Mil4j.USAGE);
        assertThat(both.err()).isEqualTo("error: -q and -v contradict each other; give one" + System.lineSeparator());
    }

    @Test
    void verbosePrintsEachStagesTime() {
        Result r = run("convert", model.toString(), "-o", dir.resolve("m.mlpackage").toString(), "-v");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.errLines();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).matches("load +" + STAGE_TIME);
        assertThat(lines.get(1)).matches("passes +" + STAGE_TIME + "  \\d+ passes");
        assertThat(lines.get(2)).matches("check +" + STAGE_TIME);
        // an ML Program's weights, in fp16: the backend reports them, the converter estimates the total
        assertThat(lines.get(3)).matches("write +" + STAGE_TIME + "  24 B");
        assertThat(lines.get(4)).startsWith("wrote ");

        // a NeuralNetwork model's bytes, written of total
        Path nn = dir.resolve("m.mlmodel");
        List<String> nnLines = run("convert", model.toString(), "--to", "neuralnetwork", "-o", nn.toString(), "-v")
                .errLines();
        assertThat(nnLines.get(3)).matches("write +" + STAGE_TIME + "  \\Q"
                + Quantities.bytes(Summary.sizeOnDisk(nn)) + "\\E");
    }

    @Test
    void optimizePrintsTheProgramAndOnStderrOnlyWhatIsAskedFor() {
        Result r = run("optimize", model.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("program(version: 1)");
        assertThat(r.err()).isEmpty();

        Result v = run("optimize", model.toString(), "-v", "--report");
        assertThat(v.out()).isEqualTo(r.out());
        assertThat(v.errLines().get(0)).matches("load +" + STAGE_TIME);
        assertThat(v.errLines().get(1)).matches("passes +" + STAGE_TIME + "  \\d+ passes");
        assertThat(v.errLines().get(2)).startsWith("pipeline default: ");
    }

    @Test
    void runSummarisesTheOutputsItWrote() throws Exception {
        Path x = dir.resolve("x.npy");
        dev.mil4j.interpreter.npy.Npy.write(x, dev.mil4j.core.value.TensorValue.ofFloats(
                dev.mil4j.core.types.Shape.of(2, 12), new float[24]));
        Path out = dir.resolve("outs");
        Result r = run("run", model.toString(), "--input", "x=" + x, "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).singleElement().asString()
                .matches("wrote 1 output to \\Q" + out + "\\E \\(y\\.npy: fp32\\[2, 12\\]\\) " + SECONDS);
        assertThat(run("run", model.toString(), "--input", "x=" + x, "--out", out.toString(), "-q").err()).isEmpty();
        List<String> verbose = run("run", model.toString(), "--input", "x=" + x, "--out", out.toString(), "-v")
                .errLines();
        assertThat(verbose).hasSize(4);
        assertThat(verbose.get(0)).matches("load +" + STAGE_TIME);
        assertThat(verbose.get(1)).matches("passes +" + STAGE_TIME + "  \\d+ passes");
        assertThat(verbose.get(2)).matches("run +" + STAGE_TIME);
        assertThat(verbose.get(3)).startsWith("wrote 1 output to ");
    }
}
