package dev.mil4j.ops.activation;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.elementwise.ElementwiseUnaryOp;
import dev.mil4j.ops.internal.Erf;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * {@code gelu}: the Gaussian error linear unit, elementwise, in one of three forms chosen by {@code mode}:
 * {@code EXACT} {@code 0.5 x (1 + erf(x / sqrt 2))}, {@code TANH_APPROXIMATION}
 * {@code 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))} and {@code SIGMOID_APPROXIMATION}
 * {@code x sigmoid(1.702 x)}.
 *
 * <p>Inputs: {@code x}, a tensor in {@code T} = fp16, fp32; {@code mode}, an optional const string (default
 * {@code EXACT}). Output: a tensor of the shape and dtype of {@code x}.
 */
public final class GeluOp extends ElementwiseUnaryOp {
    /** The valid modes. */
    public static final List<String> MODES = List.of("EXACT", "TANH_APPROXIMATION", "SIGMOID_APPROXIMATION");

    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    public GeluOp() {
        super("gelu", Opset.IOS15, InputSpec.builder()
                .tensor("x", "T")
                .scalar("mode", DType.STRING).constant().defaultValue(TensorValue.scalar("EXACT"))
                .domain("T", DType.FP16, DType.FP32)
                .build());
    }

    @Override
    protected void checkInputs(InferenceContext ctx, TensorType x) {
        mode(ctx);
    }

    @Override
    protected DoubleUnaryOperator function(InferenceContext ctx) {
        return switch (mode(ctx)) {
            case "TANH_APPROXIMATION" -> v -> 0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v)));
            case "SIGMOID_APPROXIMATION" -> v -> v / (1 + Math.exp(-1.702 * v));
            default -> v -> 0.5 * v * (1 + Erf.erf(v / Math.sqrt(2)));
        };
    }

    private static String mode(InferenceContext ctx) {
        String mode = ctx.constValue("mode").scalarString();
        if (!MODES.contains(mode)) {
            throw new TypeException("mode", "is \"" + mode + "\", but must be one of " + String.join(", ", MODES));
        }
        return mode;
    }

    @Override
    public String summary() {
        return "Gaussian error linear unit, exact or by its tanh or sigmoid approximation";
    }
}
