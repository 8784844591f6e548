package dev.mil4j.ops.tensor;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.value.TensorValue;
import java.util.Set;

/** What the scatter ops ({@code scatter}, {@code scatter_along_axis}, {@code scatter_nd}) and the gathers share. */
final class Scatters {
    /** How an update combines with the element it lands on. */
    static final Set<String> MODES = Set.of("update", "add", "sub", "mul", "div", "max", "min");

    private Scatters() {
    }

    /**
     * The spec of a scatter: {@code data} and {@code updates} in {@code T} (fp16, fp32, int32), int32 {@code indices},
     * with {@code axis} a const int32 (default 0) when {@code withAxis}, {@code mode} (default add), and iOS17's
     * {@code validate_indices}.
     */
    static InputSpec spec(Opset since, boolean withAxis) {
        InputSpec.Builder b = InputSpec.builder()
                .tensor("data", "T")
                .tensor("indices", DType.INT32)
                .tensor("updates", "T");
        if (withAxis) {
            b.scalar("axis", DType.INT32).constant().defaultValue(TensorValue.scalar(0));
        }
        b.scalar("mode", DType.STRING).constant().defaultValue(TensorValue.scalar("add"));
        return withValidate(since, b).domain("T", Domains.IOS15_NUMERIC).build();
    }

    /** Adds iOS17's {@code validate_indices} to a gather/scatter spec. */
    static InputSpec.Builder withValidate(Opset since, InputSpec.Builder b) {
        return since.compareTo(Opset.IOS17) >= 0
                ? b.scalar("validate_indices", DType.BOOL).constant().defaultValue(TensorValue.scalar(false))
                : b;
    }

    /** The const {@code mode} must be one of {@link #MODES}. */
    static void checkMode(InferenceContext ctx) {
        String mode = ctx.constValue("mode").scalarString();
        if (!MODES.contains(mode)) {
            throw new TypeException("mode", "is '" + mode + "'; use one of add, div, max, min, mul, sub, update");
        }
    }
}
