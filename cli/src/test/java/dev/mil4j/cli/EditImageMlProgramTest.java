package dev.mil4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mil4j.core.testing.TestData;
import dev.mil4j.interpreter.npy.Npy;
import dev.mil4j.spec.MlPackage;
import dev.mil4j.spec.proto.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code mil4j edit --image} on ML Programs: coremltools' plain {@code cnn} package ({@code metadata_mlprogram}, its
 * input renamed to {@code image}) made an RGB image input gets coremltools' {@code image_rgb_mlprogram} input type
 * and preprocessing ops, proto for proto, and computes what that package computes.
 */
class EditImageMlProgramTest {
    @TempDir
    Path dir;

    private static Path fixture(String name) {
        return TestData.path("coremltools-features/" + name);
    }

    private static List<dev.mil4j.spec.proto.mil.Operation> firstOps(Model m, int n) {
        var block = m.getMlProgram().getFunctionsMap().get("main").getBlockSpecializationsMap().values().iterator()
                .next();
        return block.getOperationsList().subList(0, n);
    }

    private CliTest.Result edit(Path in, Path out, String image) {
        return CliTest.run("edit", in.toString(), "-o", out.toString(), "--rename", "x=image", "--image", image,
                "-q");
    }

    @Test
    void aCoremltoolsPackageBecomesTheImagePackageCoremltoolsWrites() throws Exception {
        Path out = dir.resolve("image.mlpackage");
        CliTest.Result r = edit(fixture("metadata_mlprogram.mlpackage"), out, "image:scale=" + ImageInputsTest.SCALE
                + ":bias=" + ImageInputsTest.RGB_BIAS + ":layout=RGB");
        assertThat(r.code()).as(r.err()).isZero();
        Model ours = MlPackage.read(out).model();
        Model theirs = MlPackage.read(fixture("image_rgb_mlprogram.mlpackage")).model();
        // metadata_mlprogram describes its input; the description stays
        assertThat(ours.getDescription().getInput(0).getShortDescription()).isEqualTo("A 1x3x32x32 float tensor.");
        assertThat(ours.getDescription().getInput(0).toBuilder().clearShortDescription().build())
                .isEqualTo(theirs.getDescription().getInput(0));
        assertThat(firstOps(ours, 4)).isEqualTo(firstOps(theirs, 4));
        // the rest of the program reads the biased image, and computes what coremltools' image package computes
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        String x = "image=" + fixture("models/cnn.input.npy");
        assertThat(CliTest.run("run", out.toString(), "--input", x, "--out", a.toString(), "-q").code()).isZero();
        assertThat(CliTest.run("run", fixture("image_rgb_mlprogram.mlpackage").toString(), "--input", x, "--out",
                b.toString(), "-q").code()).isZero();
        assertThat(Npy.read(a.resolve("logits.npy")).toFloatArray())
                .containsExactly(Npy.read(b.resolve("var_37.npy")).toFloatArray(), within(0f));
    }

    @Test
    void aMil4jPackageKeepsItsDebugInformationInStep() throws Exception {
        Path plain = dir.resolve("plain.mlpackage");
        CliTest.Result c = CliTest.run("convert", fixture("models/cnn.pt").toString(), "--input", "x:1x3xHx32",
                "-o", plain.toString(), "-q");
        assertThat(c.code()).as(c.err()).isZero();
        Path out = dir.resolve("image.mlpackage");
        CliTest.Result r = edit(plain, out, "image:scale=0.5:bias=1");
        assertThat(r.code()).as(r.err()).isZero();
        var converter = dev.mil4j.converter.Converter.builder().discoverPlugins().build();
        String before = dev.mil4j.core.text.MilPrinter.print(converter.readBack(plain).orElseThrow());
        String after = dev.mil4j.core.text.MilPrinter.print(converter.readBack(out).orElseThrow());
        // the symbol H and every op's source location survive; the ops after the new ones read %image__biased__
        assertThat(after).contains(
                "%image__scaled__: fp32[1, 3, H, 32] = mul(x = %image, y = %image__scaled___y_0)",
                "%image__biased__: fp32[1, 3, H, 32] = add(x = %image__scaled__, y = %image__biased___y_0)");
        assertThat(before.lines().filter(l -> l.contains("@(\"torch\"")).count()).isPositive()
                .isEqualTo(after.lines().filter(l -> l.contains("@(\"torch\"")).count());
        assertThat(locationOf(after, "= linear(")).isEqualTo(locationOf(before, "= linear(")).contains("Cnn.fc");
        assertThat(after.lines().filter(l -> l.contains("%image__")).toList()).hasSize(5)
                .anyMatch(l -> l.contains("cast(x = %image__biased__"));
    }

    /**
     * GRAYSCALE_FLOAT16 on the fp32 input of an iOS16 fp16 program (mil4j's cnn_gray with an fp32 input): the input
     * becomes fp16, as in coremltools' {@code image_gray_f16_mlprogram}, with its input type and fp16 scale and bias
     * ops proto for proto; the cast of the input to fp16 goes, the first conv reading the biased image as there.
     */
    @Test
    void grayscaleFloat16RetypesAnFp32InputAsCoremltoolsDoes() throws Exception {
        Path plain = dir.resolve("gray.mlpackage");
        CliTest.Result c = CliTest.run("convert", fixture("models/cnn_gray.pt").toString(), "--input",
                "x:1x1x32x32:fp32", "--target", "iOS16", "-o", plain.toString(), "-q");
        assertThat(c.code()).as(c.err()).isZero();
        Path out = dir.resolve("image.mlpackage");
        CliTest.Result r = edit(plain, out, "image:scale=" + (1 / 255.0) + ":bias=-0.5:layout=GRAYSCALE_FLOAT16");
        assertThat(r.code()).as(r.err()).isZero();
        Model ours = MlPackage.read(out).model();
        Model theirs = MlPackage.read(fixture("image_gray_f16_mlprogram.mlpackage")).model();
        assertThat(ours.getDescription().getInput(0)).isEqualTo(theirs.getDescription().getInput(0));
        assertThat(main(ours).getInputs(0)).isEqualTo(main(theirs).getInputs(0));
        assertThat(firstOps(ours, 4)).isEqualTo(firstOps(theirs, 4));
        var ops = firstOps(ours, main(ours).getBlockSpecializationsMap().values().iterator().next()
                .getOperationsCount());
        var conv = ops.stream().filter(op -> op.getType().equals("conv")).findFirst().orElseThrow();
        assertThat(conv.getInputsOrThrow("x").getArguments(0).getName()).isEqualTo("image__biased__");
        // the cast of the input to fp16 is gone, and nothing but the scale op reads the image itself
        assertThat(ops).noneMatch(op -> op.getType().equals("cast") && op.getInputsOrThrow("x").getArguments(0)
                .getName().startsWith("image"));
        assertThat(ops.stream().filter(op -> op.getInputsMap().values().stream().anyMatch(a -> a.getArgumentsList()
                .stream().anyMatch(b -> b.getName().equals("image"))))).extracting(op -> op.getType())
                .containsExactly("mul");

        // it computes what coremltools' package computes, in fp16 both; mil4j's locations stay in step
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        String x = "image=" + fixture("models/cnn_gray.input.npy");
        CliTest.Result ra = CliTest.run("run", out.toString(), "--input", x, "--out", a.toString(), "-q");
        assertThat(ra.code()).as(ra.err()).isZero();
        assertThat(CliTest.run("run", fixture("image_gray_f16_mlprogram.mlpackage").toString(), "--input", x,
                "--out", b.toString(), "-q").code()).isZero();
        float[] want = Npy.read(b.resolve("var_37.npy")).toFloatArray();
        float[] got = Npy.read(Files.list(a).filter(f -> f.toString().endsWith(".npy")).findFirst().orElseThrow())
                .toFloatArray();
        assertThat(got).containsExactly(want, within(0.02f));
        var converter = dev.mil4j.converter.Converter.builder().discoverPlugins().build();
        String before = dev.mil4j.core.text.MilPrinter.print(converter.readBack(plain).orElseThrow());
        String after = dev.mil4j.core.text.MilPrinter.print(converter.readBack(out).orElseThrow());
        assertThat(locationOf(after, "= linear(")).isEqualTo(locationOf(before, "= linear(")).contains("fc");
    }

    /** In an fp32 program the other uses of the input read the fp16 image cast back to fp32. */
    @Test
    void grayscaleFloat16OnAnFp32ProgramCastsTheImageBack() throws Exception {
        Path plain = dir.resolve("gray32.mlpackage");
        CliTest.Result c = CliTest.run("convert", fixture("models/cnn_gray.pt").toString(), "--input",
                "x:1x1x32x32", "--target", "iOS16", "--precision", "fp32", "-o", plain.toString(), "-q");
        assertThat(c.code()).as(c.err()).isZero();
        Path out = dir.resolve("image32.mlpackage");
        CliTest.Result r = edit(plain, out, "image:scale=0.5:layout=GRAYSCALE_FLOAT16");
        assertThat(r.code()).as(r.err()).isZero();
        var converter = dev.mil4j.converter.Converter.builder().discoverPlugins().build();
        String after = dev.mil4j.core.text.MilPrinter.print(converter.readBack(out).orElseThrow());
        assertThat(after).contains("(%image: fp16[1, 1, 32, 32])",
                "%image__scaled__: fp16[1, 1, 32, 32] = mul(x = %image, y = %image__scaled___y_0)",
                "%image__to_fp32: fp32[1, 1, 32, 32] = cast(x = %image__scaled__, dtype = %image__to_fp32_dtype_0)");
        assertThat(after.lines().filter(l -> l.contains("%image__to_fp32") && l.contains("conv(")).count())
                .isEqualTo(1);
    }

    /** Retyping needs a static shape (the removed cast's symbols would leave mil4j's debug information). */
    @Test
    void grayscaleFloat16OnAnFp32InputOfSymbolicShapeIsRefused() {
        Path plain = dir.resolve("flexible.mlpackage");
        CliTest.Result c = CliTest.run("convert", fixture("models/cnn_gray.pt").toString(), "--input",
                "x:1x1xHx32:fp32", "--target", "iOS16", "-o", plain.toString(), "-q");
        assertThat(c.code()).as(c.err()).isZero();
        Path out = dir.resolve("refused.mlpackage");
        CliTest.Result r = edit(plain, out, "image:layout=GRAYSCALE_FLOAT16");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--image image has layout GRAYSCALE_FLOAT16, which makes the fp32 input fp16; "
                + "that needs a static shape");
        assertThat(out).doesNotExist();
    }

    private static dev.mil4j.spec.proto.mil.Function main(Model m) {
        return m.getMlProgram().getFunctionsMap().get("main");
    }

    private static String locationOf(String program, String op) {
        String line = program.lines().filter(l -> l.contains(op)).findFirst().orElseThrow();
        return line.substring(line.lastIndexOf(" @("));
    }

    @ParameterizedTest
    @ValueSource(strings = {"image:layout=GRAYSCALE", "image:layout=GRAYSCALE_FLOAT16", "nope:scale=2"})
    void inputsThatCannotBeImagesAreErrorsNamingTheOption(String image) {
        Path out = dir.resolve("x.mlpackage");
        CliTest.Result r = edit(fixture("metadata_mlprogram.mlpackage"), out, image);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--image " + image.substring(0, image.indexOf(':')));
        assertThat(out).doesNotExist();
    }
}
