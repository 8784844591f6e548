package dev.mil4j.core.testing;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.Broadcast;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;

/**
 * A handful of op definitions for testing the core without the standard op set: elementwise {@code add} and
 * {@code mul} with broadcasting and value inference, {@code relu}, {@code topk} with a const {@code k}, and
 * {@code cond} with two nested blocks.
 */
public final class TestOps {
    private TestOps() {
    }

    public static OpRegistry registry() {
        OpRegistry r = new OpRegistry();
        r.register(new Binary("add"), "test");
        r.register(new Binary("mul"), "test");
        r.register(new Relu(), "test");
        r.register(new TopK(), "test");
        r.register(new Cond(), "test");
        r.register(new NonZero(), "test");
        return r;
    }

    /** Elementwise binary op with numpy broadcasting; folds when both inputs are const. */
    public static final class Binary extends OpDef {
        public Binary(String name) {
            super(name, Opset.IOS15, InputSpec.builder()
                    .tensor("x", "T")
                    .tensor("y", "T")
                    .domain("T", DType.FP16, DType.FP32, DType.INT32)
                    .build());
        }

        @Override
        public List<ValueType> inferTypes(InferenceContext ctx) {
            return List.of(Broadcast.types(ctx.tensor("x"), ctx.tensor("y")));
        }

        @Override
        public boolean hasValueInference() {
            return true;
        }

        @Override
        public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
            Optional<TensorValue> x = ctx.value("x");
            Optional<TensorValue> y = ctx.value("y");
            if (x.isEmpty() || y.isEmpty() || !x.get().shape().equals(y.get().shape())) {
                return Optional.empty();
            }
            double[] a = x.get().toDoubleArray();
            double[] b = y.get().toDoubleArray();
            double[] r = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                r[i] = name().equals("add") ? a[i] + b[i] : a[i] * b[i];
            }
            return Optional.of(List.of(TensorValue.fromDoubles(x.get().dtype(), x.get().shape(), r)));
        }
    }

    public static final class Relu extends OpDef {
        public Relu() {
            super("relu", Opset.IOS15, InputSpec.builder().tensor("x", "T").domain("T", DType.FP16, DType.FP32)
                    .build());
        }

        @Override
        public List<ValueType> inferTypes(InferenceContext ctx) {
            return List.of(ctx.tensor("x"));
        }
    }

    /** {@code topk(x, k, axis)}: values and int32 indices with the axis dim replaced by k. */
    public static final class TopK extends OpDef {
        public TopK() {
            super("topk", Opset.IOS15, InputSpec.builder()
                    .tensor("x", "T")
                    .scalar("k", DType.INT32).constant().defaultValue(TensorValue.scalar(1))
                    .scalar("axis", DType.INT32).constant().defaultValue(TensorValue.scalar(-1))
                    .domain("T", DType.FP16, DType.FP32)
                    .build());
        }

        @Override
        public List<ValueType> inferTypes(InferenceContext ctx) {
            TensorType x = ctx.tensor("x");
            long k = ctx.constLong("k");
            int axis = x.shape().normalizeAxis(ctx.constLong("axis"));
            if (x.shape().dim(axis).isKnown() && k > x.shape().dim(axis).size()) {
                throw new TypeException("k", "is " + k + ", larger than dim " + axis + " of x ("
                        + x.shape().dim(axis) + ")");
            }
            Shape s = x.shape().withDim(axis, dev.mil4j.core.types.Dim.of(k));
            return List.of(x.withShape(s), new TensorType(DType.INT32, s));
        }
    }

    /** {@code non_zero(x)}: indices of the non-zero elements, {@code [count, rank]} with count known at run time. */
    public static final class NonZero extends OpDef {
        public NonZero() {
            super("non_zero", Opset.IOS15, InputSpec.builder().tensor("x", DType.FP32).build());
        }

        @Override
        public List<ValueType> inferTypes(InferenceContext ctx) {
            return List.of(TensorType.of(DType.INT32, ctx.freshSymbol("count"),
                    dev.mil4j.core.types.Dim.of(ctx.tensor("x").rank())));
        }
    }

    /** {@code cond(pred)}: two nested blocks with matching output types. */
    public static final class Cond extends OpDef {
        public Cond() {
            super("cond", Opset.IOS15, InputSpec.builder().scalar("pred", DType.BOOL).build());
        }

        @Override
        public int blockCount() {
            return 2;
        }

        @Override
        public List<ValueType> inferTypes(InferenceContext ctx) {
            List<List<ValueType>> outs = ctx.blockOutputTypes();
            if (outs.size() == 2 && !outs.get(0).equals(outs.get(1))) {
                throw new TypeException("branches return different types: " + outs.get(0) + " and " + outs.get(1));
            }
            return outs.isEmpty() ? List.of() : outs.get(0);
        }
    }
}
