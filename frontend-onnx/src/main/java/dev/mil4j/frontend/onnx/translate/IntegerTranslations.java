package dev.mil4j.frontend.onnx.translate;

import static dev.mil4j.frontend.onnx.translate.QuantizationTranslations.perAxis;
import static dev.mil4j.frontend.onnx.translate.QuantizationTranslations.toFloat;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import dev.mil4j.frontend.onnx.OnnxTranslations;
import dev.mil4j.frontend.onnx.OnnxTypes;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.NnOps;
import java.util.List;
import java.util.Optional;

/**
 * ONNX's integer arithmetic (what ONNX Runtime's dynamic and static quantizers write) computed in float with the
 * integer semantics: {@code MatMulInteger} and {@code ConvInteger} ({@code (a - a_zero) ⊗ (b - b_zero)} as int32),
 * {@code QLinearMatMul} and {@code QLinearConv} (the same product, plus {@code QLinearConv}'s int32 bias, requantized:
 * {@code saturate(round(acc * a_scale * b_scale / y_scale) + y_zero)}, ties to even, saturating to the type of
 * {@code y_zero_point} (of the input without one), as ONNX Runtime does). Zero points are per tensor, per row of
 * {@code A} / column of {@code B}, or per output channel of the weight; the 8-bit results are int32, the type Core
 * ML's interface gives them. The sums are exact while they stay below 2^24 in magnitude (fp32's integers), which
 * holds for 8-bit operands over up to 258 products.
 */
final class IntegerTranslations {
    private IntegerTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                OnnxTranslations.of("ConvInteger", 10, (n, c) -> List.of(MathOps.cast(c.builder(), convProduct(n, c,
                        0, 2, 1, 3), DType.INT32))),
                OnnxTranslations.of("MatMulInteger", 10, (n, c) -> List.of(MathOps.cast(c.builder(),
                        matmulProduct(c, 0, 2, 1, 3), DType.INT32))),
                OnnxTranslations.of("QLinearConv", 10, IntegerTranslations::qlinearConv),
                OnnxTranslations.of("QLinearMatMul", 10, IntegerTranslations::qlinearMatMul));
    }

    /** {@code input - zero}, in float; a 1-D zero point holds one value per entry of {@code axis}. */
    private static Var centered(OnnxTranslationContext c, int input, int zero, int axis) {
        Builder b = c.builder();
        Var x = toFloat(b, c.input(input));
        if (!c.hasInput(zero)) {
            return x;
        }
        int rank = x.tensorType().rank();
        Var z = toFloat(b, c.input(zero));
        return MathOps.sub(b, x, z.tensorType().rank() == 1 && rank > 1 ? perAxis(b, z, axis, rank) : z);
    }

    /** The product of centered {@code A} (zero point per row) and {@code B} (zero point per column), in float. */
    private static Var matmulProduct(OnnxTranslationContext c, int a, int aZero, int b, int bZero) {
        int rankA = c.input(a).tensorType().rank();
        int rankB = c.input(b).tensorType().rank();
        return NnOps.matmul(c.builder(), centered(c, a, aZero, Math.max(rankA - 2, 0)),
                centered(c, b, bZero, rankB - 1));
    }

    /** The convolution of centered {@code x} and {@code w} (zero point per output channel), in float. */
    private static Var convProduct(OnnxNode n, OnnxTranslationContext c, int x, int xZero, int w, int wZero) {
        return ConvTranslations.conv(n, c, centered(c, x, xZero, 1), centered(c, w, wZero, 0), Optional.empty());
    }

    private static List<Var> qlinearMatMul(OnnxNode n, OnnxTranslationContext c) {
        Var acc = matmulProduct(c, 0, 2, 3, 5);
        int rank = acc.tensorType().rank();
        Builder b = c.builder();
        Var multiplier = MathOps.realDiv(b, MathOps.mul(b, c.input(1), c.input(4)), c.input(6));
        if (multiplier.tensorType().rank() == 1 && rank > 1 && c.input(1).tensorType().rank() == 1
                && c.input(4).tensorType().rank() != 1) {
            multiplier = perAxis(b, multiplier, rank - 2, rank); // a scale per row of A
        }
        return List.of(requantize(c, acc, multiplier, 7, 0));
    }

    private static List<Var> qlinearConv(OnnxNode n, OnnxTranslationContext c) {
        Builder b = c.builder();
        Var acc = convProduct(n, c, 0, 2, 3, 5);
        int rank = acc.tensorType().rank();
        if (c.hasInput(8)) {
            acc = MathOps.add(b, acc, perAxis(b, toFloat(b, c.input(8)), 1, rank));
        }
        Var multiplier = MathOps.realDiv(b, MathOps.mul(b, c.input(1), c.input(4)), c.input(6));
        return List.of(requantize(c, acc, perAxis(b, multiplier, 1, rank), 7, 0));
    }

    /**
     * {@code saturate(round(acc * multiplier) + zero)} as int32, saturating to the type of input {@code zero} (of
     * input {@code data} when the zero point is omitted), uint8 or int8.
     */
    private static Var requantize(OnnxTranslationContext c, Var acc, Var multiplier, int zero, int data) {
        Builder b = c.builder();
        int type = c.declaredType(c.hasInput(zero) ? zero : data).orElse(2);
        double[] range = switch (type) {
            case 2 -> new double[] {0, 255};
            case 3 -> new double[] {-128, 127};
            default -> throw c.error("produces ONNX type " + OnnxTypes.name(type) + "; uint8 and int8 are supported");
        };
        Var y = MathOps.round(b, MathOps.mul(b, acc, multiplier));
        if (c.hasInput(zero)) {
            y = MathOps.add(b, y, toFloat(b, c.input(zero)));
        }
        return MathOps.cast(b, MathOps.clip(b, y, range[0], range[1]), DType.INT32);
    }
}
