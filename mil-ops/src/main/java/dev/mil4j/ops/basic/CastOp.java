package dev.mil4j.ops.basic;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.SymbolicInt;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.internal.Symbolic;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code cast}: converts {@code x} to the dtype named by {@code dtype} (floats to integers truncate toward zero,
 * non-zero is true).
 *
 * <p>Inputs: {@code x}, a tensor in {@code T}; {@code dtype}, a required const string naming a dtype of {@code T}.
 * {@code T} is fp16, fp32, int32, bool; iOS17 adds int8, uint8, int16, uint16. Output: a tensor of the shape of
 * {@code x} and dtype {@code dtype}; const when {@code x} is.
 */
public final class CastOp extends OpDef {
    private static final Set<DType> IOS15_DTYPES = EnumSet.of(DType.FP16, DType.FP32, DType.INT32, DType.BOOL);
    private static final Set<DType> IOS17_DTYPES = EnumSet.of(DType.FP16, DType.FP32, DType.INT32, DType.BOOL,
            DType.INT8, DType.UINT8, DType.INT16, DType.UINT16);

    private final Set<DType> dtypes;

    /** The iOS15 definition: fp16, fp32, int32 and bool. */
    public static CastOp ios15() {
        return new CastOp(Opset.IOS15, IOS15_DTYPES);
    }

    /** The iOS17 definition: adds the 8- and 16-bit integer dtypes. */
    public static CastOp ios17() {
        return new CastOp(Opset.IOS17, IOS17_DTYPES);
    }

    private CastOp(Opset since, Set<DType> dtypes) {
        super("cast", since, InputSpec.builder()
                .tensor("x", "T")
                .scalar("dtype", DType.STRING).constant()
                .domain("T", dtypes.toArray(new DType[0]))
                .build());
        this.dtypes = dtypes;
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        return List.of(x.withDtype(target(ctx)));
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        DType target = target(ctx);
        return ctx.value("x").map(v -> List.of(v.cast(target)));
    }

    private DType target(InferenceContext ctx) {
        String name = ctx.constValue("dtype").scalarString();
        Optional<DType> d = DType.fromMilName(name).filter(dtypes::contains);
        if (d.isEmpty()) {
            throw new TypeException("dtype", "is \"" + name + "\", but must be one of "
                    + dtypes.stream().sorted().map(DType::milName).collect(Collectors.joining(", ")));
        }
        return d.get();
    }

    @Override
    public Optional<List<SymbolicInt>> inferSymbolicValue(InferenceContext ctx) {
        return Symbolic.passThrough(ctx);
    }

    @Override
    public String summary() {
        return "converts a tensor to another dtype";
    }
}
