package dev.mil4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mil4j.converter.Converter;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.npy.Npy;
import dev.mil4j.spec.MlPackage;
import dev.mil4j.spec.ModelFiles;
import dev.mil4j.spec.proto.Model;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --image}: the image cases of coremltools 9.0 ({@code testdata/coremltools-features}, {@code image_*})
 * reproduced from the same TorchScript models and compared field by field with coremltools' files, and
 * {@code run} on a PNG equal to {@code run} on the preprocessed array.
 */
class ImageInputsTest {
    static final String RGB_BIAS = "-2.1179039,-2.0357143,-1.8044444"; // -0.485/0.229, -0.456/0.224, -0.406/0.225
    static final String SCALE = "0.003921569"; // 1/255

    @TempDir
    Path dir;

    static Path fixture(String name) {
        return TestData.path("coremltools-features/" + name);
    }

    static String[] convert(String model, String shape, String image, String to, Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("convert", fixture("models/" + model).toString(),
                "--input", "image:" + shape, "--image", image, "--to", to, "-o", out.toString(), "-q"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"cnn.pt|1x3x32x32|RGB|" + RGB_BIAS + "|image_rgb_nn",
            "cnn.pt|1x3x32x32|BGR|" + RGB_BIAS + "|image_bgr_nn",
            "cnn_gray.pt|1x1x32x32|GRAYSCALE|-0.5|image_gray_nn"})
    void neuralNetworkImageInputsMatchCoremltools(String model, String shape, String layout, String bias,
            String expected) throws Exception {
        Path out = dir.resolve("m.mlmodel");
        String image = "image:scale=" + SCALE + ":bias=" + bias + ":layout=" + layout;
        CliTest.Result r = CliTest.run(convert(model, shape, image, "neuralnetwork", out));
        assertThat(r.code()).as(r.err()).isZero();
        Model ours = ModelFiles.readModel(out);
        Model theirs = ModelFiles.readModel(fixture(expected + ".mlmodel"));
        assertThat(ours.getDescription().getInputList()).isEqualTo(theirs.getDescription().getInputList());
        assertThat(ours.getNeuralNetwork().getPreprocessingList())
                .isEqualTo(theirs.getNeuralNetwork().getPreprocessingList());
        assertThat(ours.getNeuralNetwork().getImageInputShapeMapping())
                .isEqualTo(theirs.getNeuralNetwork().getImageInputShapeMapping());
        assertThat(ours.getSpecificationVersion()).isEqualTo(theirs.getSpecificationVersion());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"cnn.pt|1x3x32x32|RGB|" + RGB_BIAS + "|image_rgb_mlprogram",
            "cnn.pt|1x3x32x32|BGR|" + RGB_BIAS + "|image_bgr_mlprogram",
            "cnn_gray.pt|1x1x32x32|GRAYSCALE|-0.5|image_gray_mlprogram",
            "cnn_gray.pt|1x1x32x32|GRAYSCALE_FLOAT16|-0.5|image_gray_f16_mlprogram"})
    void mlProgramImageInputsMatchCoremltools(String model, String shape, String layout, String bias,
            String expected) throws Exception {
        Path out = dir.resolve("m.mlpackage");
        String image = "image:scale=" + SCALE + ":bias=" + bias + ":layout=" + layout;
        String target = layout.endsWith("FLOAT16") ? "iOS16" : "iOS15";
        CliTest.Result r = CliTest.run(convert(model, shape, image, "mlprogram", out, "--target", target));
        assertThat(r.code()).as(r.err()).isZero();
        Model ours = MlPackage.read(out).model();
        Model theirs = MlPackage.read(fixture(expected + ".mlpackage")).model();
        assertThat(ours.getDescription().getInputList()).isEqualTo(theirs.getDescription().getInputList());
        assertThat(ours.getSpecificationVersion()).isEqualTo(theirs.getSpecificationVersion());
        assertThat(ours.getDescription().getOutput(0).getType())
                .isEqualTo(theirs.getDescription().getOutput(0).getType());
        Converter converter = Converter.builder().discoverPlugins().build();
        List<Operation> mine = firstOps(converter.readBack(out).orElseThrow());
        List<Operation> coremltools = firstOps(converter.readBack(fixture(expected + ".mlpackage")).orElseThrow());
        // the preprocessing ops are named as coremltools names them; the ops after them are named by each
        // converter's own passes (mil4j's fp16 cast image_fp16, coremltools' image_to_fp16)
        assertThat(mine.stream().map(ImageInputsTest::describe).toList())
                .isEqualTo(coremltools.stream().map(ImageInputsTest::describe).toList());
        for (int i = 0; i < 2; i++) {
            TensorValue y = mine.get(i).requireInput("y").value().orElseThrow();
            TensorValue expectedY = coremltools.get(i).requireInput("y").value().orElseThrow();
            assertThat(y.shape()).isEqualTo(expectedY.shape());
            assertThat(y.toFloatArray()).containsExactly(expectedY.toFloatArray(), within(1e-6f));
        }
    }

    private static String describe(Operation o) {
        String name = o.output().name();
        return o.type() + " " + (name.endsWith("__") ? name : "") + " " + o.output().type();
    }

    /** The first three ops other than constants: scale, bias, and the cast to fp16 (or the first op in fp16). */
    private static List<Operation> firstOps(Program p) {
        List<Operation> out = new java.util.ArrayList<>();
        for (Operation o : p.main().body().operations()) {
            if (!o.type().equals("const") && out.size() < 3) {
                out.add(o);
            }
        }
        return out;
    }

    @Test
    void runOnAPngEqualsRunOnThePreprocessedArray() throws Exception {
        BufferedImage png = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                png.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        Path pngFile = dir.resolve("in.png");
        ImageIO.write(png, "png", pngFile.toFile());
        float scale = Float.parseFloat(SCALE);
        float[] bias = {-2.1179039f, -2.0357143f, -1.8044444f};
        float[] pre = new float[3 * 32 * 32];
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                int rgb = png.getRGB(x, y);
                int[] bgr = {rgb & 0xff, (rgb >> 8) & 0xff, (rgb >> 16) & 0xff};
                for (int c = 0; c < 3; c++) {
                    pre[c * 1024 + y * 32 + x] = bgr[c] * scale + bias[c];
                }
            }
        }
        Path npy = dir.resolve("pre.npy");
        Npy.write(npy, TensorValue.ofFloats(Shape.of(1, 3, 32, 32), pre));
        String model = fixture("models/cnn.pt").toString();
        Path pkg = dir.resolve("bgr.mlpackage");
        CliTest.Result c = CliTest.run(convert("cnn.pt", "1x3x32x32", "image:scale=" + SCALE + ":bias=" + RGB_BIAS
                + ":layout=BGR", "mlprogram", pkg, "--precision", "fp32"));
        assertThat(c.code()).as(c.err()).isZero();
        CliTest.Result fromPng = CliTest.run("run", pkg.toString(), "--input", "image=" + pngFile, "--out",
                dir.resolve("png").toString(), "-q");
        assertThat(fromPng.code()).as(fromPng.err()).isZero();
        CliTest.Result fromSource = CliTest.run("run", model, "--input", "image=" + pngFile, "--image", "image:scale="
                + SCALE + ":bias=" + RGB_BIAS + ":layout=BGR", "--precision", "fp32", "--out",
                dir.resolve("src").toString(), "-q");
        assertThat(fromSource.code()).as(fromSource.err()).isZero();
        CliTest.Result fromNpy = CliTest.run("run", model, "--input", "image=" + npy, "--precision", "fp32",
                "--out", dir.resolve("npy").toString(), "-q");
        assertThat(fromNpy.code()).as(fromNpy.err()).isZero();
        float[] expected = onlyOutput(dir.resolve("npy"));
        assertThat(onlyOutput(dir.resolve("png"))).containsExactly(expected, within(1e-5f));
        assertThat(onlyOutput(dir.resolve("src"))).containsExactly(expected, within(1e-5f));
    }

    private static float[] onlyOutput(Path folder) throws java.io.IOException {
        try (var files = java.nio.file.Files.list(folder)) {
            List<Path> all = files.toList();
            assertThat(all).hasSize(1);
            return Npy.read(all.get(0)).toFloatArray();
        }
    }

    @Test
    void imageOutputsMatchCoremltools() throws Exception {
        Path out = dir.resolve("out.mlpackage");
        CliTest.Result r = CliTest.run("convert", fixture("models/image_out.pt").toString(), "--input",
                "x:1x3x32x32", "--output-name", "out", "--image-output", "out:layout=RGB", "--target", "iOS16", "-o",
                out.toString(), "-q");
        assertThat(r.code()).as(r.err()).isZero();
        Model ours = MlPackage.read(out).model();
        Model theirs = MlPackage.read(fixture("image_output_mlprogram.mlpackage")).model();
        assertThat(ours.getDescription().getInputList()).isEqualTo(theirs.getDescription().getInputList());
        assertThat(ours.getDescription().getOutputList()).isEqualTo(theirs.getDescription().getOutputList());
        CliTest.Result early = CliTest.run("convert", fixture("models/image_out.pt").toString(), "--input",
                "x:1x3x32x32", "--output-name", "out", "--image-output", "out", "-o",
                dir.resolve("early.mlpackage").toString(), "-q");
        assertThat(early.code()).isEqualTo(1);
        assertThat(early.err()).contains("--image-output out: image outputs need iOS16 or later");
    }

    @Test
    void badImageOptionsAreErrorsNamingTheOption() {
        Path out = dir.resolve("m.mlmodel");
        CliTest.Result notFourD = CliTest.run("convert", fixture("models/mlp256.pt").toString(), "--input",
                "x:1x16", "--image", "x", "--to", "neuralnetwork", "-o", out.toString(), "-q");
        assertThat(notFourD.code()).isEqualTo(1);
        assertThat(notFourD.err()).contains("--image x needs a 4-d input [1, 3, H, W]").contains("fp32[1, 16]");
        CliTest.Result channels = CliTest.run(convert("cnn.pt", "1x3x32x32", "image:layout=GRAYSCALE",
                "neuralnetwork", out));
        assertThat(channels.err()).contains("--image image needs a 4-d input [1, 1, H, W] for layout GRAYSCALE");
        CliTest.Result half = CliTest.run(convert("cnn_gray.pt", "1x1x32x32", "image:layout=GRAYSCALE_FLOAT16",
                "neuralnetwork", out));
        assertThat(half.err()).contains("GRAYSCALE_FLOAT16, which only ML Programs of iOS16");
        CliTest.Result syntax = CliTest.run(convert("cnn.pt", "1x3x32x32", "image:bias=1,2", "neuralnetwork", out));
        assertThat(syntax.code()).isEqualTo(2);
        assertThat(syntax.err()).contains("bad --image 'image:bias=1,2'").contains("2 bias values");
        assertThat(out).doesNotExist();
    }
}
