package dev.mil4j.backend.mlprogram;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.Broadcast;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.StandardOps;
import java.util.ArrayList;
import java.util.List;

/**
 * The ops of the coremltools fixture packages, for reading them before the standard op set has them all: the
 * standard ops, plus small test definitions (with real type inference, iOS15 signatures as coremltools writes them)
 * for the fixture ops the standard set does not define yet. Each test op is registered only when the standard set
 * lacks it, so the standard definitions take over as they land.
 */
final class FixtureOps {
    private FixtureOps() {
    }

    static OpRegistry registry() {
        OpRegistry r = StandardOps.newRegistry();
        for (String unary : List.of("relu", "relu6", "tanh", "sigmoid", "abs", "exp", "sqrt")) {
            add(r, new Unary(unary));
        }
        for (String binary : List.of("add", "mul", "sub", "real_div", "pow", "maximum")) {
            add(r, new Binary(binary));
        }
        add(r, new Log());
        add(r, new Cast());
        add(r, new Softmax());
        add(r, new TopK());
        add(r, new Reshape());
        return r;
    }

    private static void add(OpRegistry r, OpDef def) {
        if (!r.knows(def.name())) {
            r.register(def, "backend-mlprogram-tests");
        }
    }

    /** {@code x -> f(x)}, same type. */
    static final class Unary extends OpDef {
        Unary(String name) {
            super(name, Opset.IOS15, InputSpec.builder().tensor("x", "T").domain("T", DType.FP16, DType.FP32)
                    .build());
        }

        @Override
        public List<ValueType> inferTypes(InferenceContext ctx) {
            return List.of(ctx.tensor("x"));
        }
    }

    /** Elementwise with numpy broadcasting. */
    static final class Binary extends OpDef {
        Binary(String name) {
            super(name, Opset.IOS15, InputSpec.builder().tensor("x", "T").tensor("y", "T")
                    .domain("T", DType.FP16, DType.FP32, DType.INT32).build());
        }

        @Override
        public List<ValueType> inferTypes(InferenceContext ctx) {
            return List.of(Broadcast.types(ctx.tensor("x"), ctx.tensor("y")));
        }
    }

    /** {@code log(x + epsilon)}. */
    static final class Log extends OpDef {
        Log() {
            super("log", Opset.IOS15, InputSpec.builder().tensor("x", "T")
                    .scalar("epsilon", "T").constant().optional()
                    .domain("T", DType.FP16, DType.FP32).build());
        }

        @Override
        public List<ValueType> inferTypes(InferenceContext ctx) {
            return List.of(ctx.tensor("x"));
        }
    }

    /** {@code cast(x, dtype)}: the dtype named by a const string. */
    static final class Cast extends OpDef {
        Cast() {
            super("cast", Opset.IOS15, InputSpec.builder().tensor("x", "T")
                    .scalar("dtype", DType.STRING).constant()
                    .domain("T", DType.FP16, DType.FP32, DType.INT32, DType.BOOL).build());
        }

        @Override
        public List<ValueType> inferTypes(InferenceContext ctx) {
            String name = ctx.constValue("dtype").scalarString();
            DType to = DType.fromMilName(name).orElseThrow(() -> new TypeException("dtype", "names no dtype: "
                    + name));
            return List.of(ctx.tensor("x").withDtype(to));
        }
    }

    /** {@code softmax(x, axis)}. */
    static final class Softmax extends OpDef {
        Softmax() {
            super("softmax", Opset.IOS15, InputSpec.builder().tensor("x", "T")
                    .scalar("axis", DType.INT32).constant().defaultValue(TensorValue.scalar(-1))
                    .domain("T", DType.FP16, DType.FP32).build());
        }

        @Override
        public List<ValueType> inferTypes(InferenceContext ctx) {
            TensorType x = ctx.tensor("x");
            if (ctx.isPresent("axis")) {
                x.shape().normalizeAxis(ctx.constLong("axis"));
            }
            return List.of(x);
        }
    }

    /** {@code topk(x, k, axis, ascending)}: values and int32 indices, the axis dim replaced by k. */
    static final class TopK extends OpDef {
        TopK() {
            super("topk", Opset.IOS15, InputSpec.builder().tensor("x", "T")
                    .scalar("k", DType.INT32).constant().defaultValue(TensorValue.scalar(1))
                    .scalar("axis", DType.INT32).constant().defaultValue(TensorValue.scalar(-1))
                    .scalar("ascending", DType.BOOL).constant().defaultValue(TensorValue.scalar(false))
                    .domain("T", DType.FP16, DType.FP32, DType.INT32).build());
        }

        @Override
        public List<ValueType> inferTypes(InferenceContext ctx) {
            TensorType x = ctx.tensor("x");
            long k = ctx.isPresent("k") ? ctx.constLong("k") : 1;
            int axis = x.shape().normalizeAxis(ctx.isPresent("axis") ? ctx.constLong("axis") : -1);
            Shape s = x.shape().withDim(axis, Dim.of(k));
            return List.of(x.withShape(s), new TensorType(DType.INT32, s));
        }
    }

    /** {@code reshape(x, shape)}: a const shape with at most one -1 (inferred) and 0 (copied from x). */
    static final class Reshape extends OpDef {
        Reshape() {
            super("reshape", Opset.IOS15, InputSpec.builder().tensor("x", "T")
                    .tensor("shape", DType.INT32).constant()
                    .domain("T", DType.FP16, DType.FP32, DType.INT32, DType.BOOL).build());
        }

        @Override
        public List<ValueType> inferTypes(InferenceContext ctx) {
            TensorType x = ctx.tensor("x");
            long[] shape = ctx.constValue("shape").toLongArray();
            long known = 1;
            int inferred = -1;
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] == 0) {
                    shape[i] = x.shape().dim(i).size();
                }
                if (shape[i] == -1) {
                    if (inferred >= 0) {
                        throw new TypeException("shape", "has more than one -1");
                    }
                    inferred = i;
                } else {
                    known *= shape[i];
                }
            }
            long total = x.shape().elementCount().orElseThrow(() -> new TypeException("x", "needs a static shape"));
            if (inferred >= 0) {
                shape[inferred] = total / known;
            } else if (known != total) {
                throw new TypeException("shape", "has " + known + " elements, x has " + total);
            }
            List<Dim> dims = new ArrayList<>();
            for (long s : shape) {
                dims.add(Dim.of(s));
            }
            return List.of(x.withShape(Shape.of(dims)));
        }
    }
}
