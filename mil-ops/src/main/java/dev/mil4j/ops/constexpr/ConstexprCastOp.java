package dev.mil4j.ops.constexpr;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;

/**
 * {@code constexpr_cast} (iOS16): an fp16 weight widened to fp32 at load time.
 *
 * <p>Inputs, all const: {@code source_val: tensor<fp16>}; {@code output_dtype: string}, {@code "fp32"}. Output:
 * {@code tensor<fp32>} of the shape of {@code source_val}.
 */
public final class ConstexprCastOp extends ConstexprOp {
    public ConstexprCastOp() {
        super("constexpr_cast", Opset.IOS16, InputSpec.builder()
                .tensor("source_val", DType.FP16).constant()
                .scalar("output_dtype", DType.STRING).constant()
                .build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        String target = ctx.constValue("output_dtype").scalarString();
        if (!target.equals("fp32")) {
            throw new TypeException("output_dtype", "is \"" + target + "\", but must be \"fp32\"");
        }
        return List.of(ctx.tensor("source_val").withDtype(DType.FP32));
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        inferTypes(ctx);
        return ctx.value("source_val").map(v -> List.of(v.cast(DType.FP32)));
    }

    @Override
    public String summary() {
        return "an fp16 weight widened to fp32 at load time";
    }
}
