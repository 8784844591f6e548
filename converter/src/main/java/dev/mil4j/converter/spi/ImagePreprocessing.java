package dev.mil4j.converter.spi;

import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.pass.PassContext;
import dev.mil4j.core.pass.Rewriter;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.Fp16;
import dev.mil4j.core.value.TensorValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Image inputs in MIL: the checks every target makes of {@link ImageInput}s against a program, and the ops that
 * apply their scale and bias inside the program, as coremltools writes them into an ML Program (a NeuralNetwork
 * model keeps them in its preprocessing record instead):
 *
 * <pre>
 * Given:                                        Result (scale 1/255, RGB bias):
 *   func main(%image: fp32[1, 3, 32, 32]) {       %image__scaled__ = mul(x = %image, y = 0.0039215689)
 *     %c = cast(x = %image, dtype = "fp16")       %image__biased__ = add(x = %image__scaled__, y = fp32[1, 3, 1, 1] [...])
 *                                                 %c = cast(x = %image__biased__, dtype = "fp16")
 * </pre>
 *
 * The multiplication is left out when the scale is 1 and the addition when every bias is 0; one bias is a scalar,
 * three are a {@code [1, 3, 1, 1]} tensor in the given order. The reference interpreter runs a program with these
 * ops, so {@code mil4j run} computes from pixels what Core ML does.
 */
public final class ImagePreprocessing {
    private ImagePreprocessing() {
    }

    /**
     * Every problem of the image inputs against the program's {@code main}: an input that does not exist, is not a
     * 4-d tensor {@code [1, C, H, W]} of fp32 with the layout's channel count, or is named twice; a gray fp16 layout
     * on a target other than an ML Program of iOS16 or later.
     */
    public static List<Diagnostic> check(Program program, ConversionOptions options) {
        List<Diagnostic> out = new ArrayList<>();
        Function main = program.main();
        List<String> seen = new ArrayList<>();
        for (ImageInput image : options.imageInputs()) {
            if (seen.contains(image.name())) {
                out.add(error(image, "is given twice", "give each image input once"));
                continue;
            }
            seen.add(image.name());
            Optional<Var> input = main.inputs().stream().filter(v -> v.name().equals(image.name())).findFirst();
            if (input.isEmpty()) {
                out.add(error(image, "names no input of the model; its inputs are " + main.inputs().stream()
                        .map(Var::name).collect(Collectors.joining(", ")), "name one of the model's inputs"));
                continue;
            }
            if (!(input.get().type() instanceof TensorType t) || t.rank() != 4 || !t.shape().dim(1).isKnown()
                    || t.shape().dim(1).size() != image.layout().channels()) {
                out.add(error(image, "needs a 4-d input [1, " + image.layout().channels() + ", H, W] for layout "
                        + image.layout() + ", but input '" + image.name() + "' is " + input.get().type(),
                        "give the input the shape of an image with --input, or leave it a tensor"));
                continue;
            }
            if (t.dtype() != DType.FP32) {
                out.add(error(image, "needs an fp32 input, but input '" + image.name() + "' is " + t.dtype(),
                        "leave the input's dtype fp32"));
            }
            if (image.layout() == ColorLayout.GRAYSCALE_FLOAT16 && (!options.target().equals("mlprogram")
                    || options.minimumDeploymentTarget().compareTo(Opset.IOS16) < 0)) {
                out.add(error(image, "has layout GRAYSCALE_FLOAT16, which only ML Programs of iOS16 and later "
                        + "have", "convert with --to mlprogram --target iOS16, or use layout GRAYSCALE"));
            }
        }
        return out;
    }

    private static Diagnostic error(ImageInput image, String what, String hint) {
        return Diagnostic.error("--image " + image.name() + " " + what).withHint(hint);
    }

    /**
     * Inserts the scale and bias ops of every image input at the start of {@code main} (see the class comment); the
     * input's other uses then see the scaled and biased var. A GRAYSCALE_FLOAT16 input becomes an fp16 input, with
     * the ops in fp16. Check first ({@link #check}).
     */
    public static void insert(Program program, List<ImageInput> images, OpRegistry registry) {
        if (images.isEmpty()) {
            return;
        }
        Function main = program.main();
        Rewriter rw = Rewriter.of(PassContext.withDefaults(registry));
        for (ImageInput image : images) {
            Var in = main.inputs().stream().filter(v -> v.name().equals(image.name())).findFirst().orElseThrow();
            boolean half = image.layout() == ColorLayout.GRAYSCALE_FLOAT16;
            if (half) {
                Fp16Interface.input(main, in, rw);
            }
            Var x = in;
            Operation last = null;
            if (image.scale() != 1f) {
                last = (last == null ? rw.atStart(main.body()) : rw.after(last)).op("mul").input("x", x)
                        .input("y", value(Shape.scalar(), half, image.scale()))
                        .name(image.name() + "__scaled__").build();
                x = last.output();
            }
            if (image.hasBias()) {
                int c = image.layout().channels();
                float[] bias = new float[c];
                for (int i = 0; i < c; i++) {
                    bias[i] = image.bias(i);
                }
                Shape shape = image.bias().size() == 1 ? Shape.scalar() : Shape.of(1, c, 1, 1);
                last = (last == null ? rw.atStart(main.body()) : rw.after(last)).op("add").input("x", x)
                        .input("y", value(shape, half, image.bias().size() == 1 ? new float[] {bias[0]} : bias))
                        .name(image.name() + "__biased__").build();
                x = last.output();
            }
            if (last != null) {
                rw.replaceUsesAfter(last, in, x);
            }
        }
        rw.finish();
    }

    private static TensorValue value(Shape shape, boolean half, float... values) {
        if (!half) {
            return TensorValue.ofFloats(shape, values);
        }
        short[] bits = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Fp16.fromFloat(values[i]);
        }
        return TensorValue.ofHalfBits(shape, bits);
    }
}
