package dev.mil4j.ops.elementwise;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * Base of the elementwise unary ops and of the elementwise activations: input {@code x} (type domain {@code T}) and
 * optional const scalar parameters such as {@code alpha} or {@code epsilon}; the output has the shape of {@code x}
 * and, unless {@link #outputDtype} says otherwise, its dtype. Value inference runs when {@code x} is const (the
 * parameters always are).
 *
 * <p>Floating-point results are computed in double precision and rounded to the output dtype.
 */
public abstract class ElementwiseUnaryOp extends OpDef {
    protected ElementwiseUnaryOp(String name, Opset since, InputSpec inputs) {
        super(name, since, inputs);
    }

    /** An iOS15 op whose only input is {@code x} in type domain {@code T} = {@code domain}. */
    protected ElementwiseUnaryOp(String name, DType... domain) {
        this(name, Opset.IOS15, InputSpec.builder().tensor("x", "T").domain("T", domain).build());
    }

    /** The elementwise function, given the op's (const) parameters. */
    protected abstract DoubleUnaryOperator function(InferenceContext ctx);

    /** The function on integer (or bool, as 0 and 1) elements; by default {@link #function}, truncated. */
    protected LongUnaryOperator intFunction(InferenceContext ctx) {
        DoubleUnaryOperator f = function(ctx);
        return v -> (long) f.applyAsDouble(v);
    }

    /** Checks the op's parameters beyond what the input specification says; nothing by default. */
    protected void checkInputs(InferenceContext ctx, TensorType x) {
    }

    /** The output dtype; the dtype of {@code x} by default. */
    protected DType outputDtype(InferenceContext ctx, DType x) {
        return x;
    }

    @Override
    public final List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        checkInputs(ctx, x);
        return List.of(x.withDtype(outputDtype(ctx, x.dtype())));
    }

    @Override
    public final Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        Optional<TensorValue> xv = ctx.value("x");
        if (xv.isEmpty()) {
            return Optional.empty();
        }
        TensorValue x = xv.get();
        DType od = outputDtype(ctx, x.dtype());
        Shape shape = x.shape();
        int n = Math.toIntExact(x.elementCount());
        if (x.dtype().isFloat()) {
            DoubleUnaryOperator f = function(ctx);
            double[] r = new double[n];
            for (int i = 0; i < n; i++) {
                r[i] = f.applyAsDouble(x.getDouble(i));
            }
            return Optional.of(List.of(TensorValue.fromDoubles(od, shape, r)));
        }
        LongUnaryOperator f = intFunction(ctx);
        long[] r = new long[n];
        for (int i = 0; i < n; i++) {
            r[i] = f.applyAsLong(x.getLong(i));
        }
        return Optional.of(List.of(TensorValue.fromLongs(od, shape, r)));
    }

    /** The const scalar input {@code name} as a double. */
    protected static double scalarParam(InferenceContext ctx, String name) {
        return ctx.constValue(name).scalarDouble();
    }
}
