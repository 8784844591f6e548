package dev.mil4j.backend.neuralnetwork;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.op.Binding;
import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.StandardOps;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** Programs and op definitions for the backend tests. */
final class TestPrograms {
    private TestPrograms() {
    }

    /** A custom op {@code my_custom(x, flag, count, scale, label, table)} returning a tensor like {@code x}. */
    static final class MyCustomOp extends OpDef {
        private final Binding binding;

        MyCustomOp(Binding binding) {
            super("my_custom", Opset.IOS15, InputSpec.builder()
                    .tensor("x", DType.FP32)
                    .scalar("flag", DType.BOOL).constant().optional()
                    .scalar("count", DType.INT32, DType.INT64).constant().optional()
                    .tensor("scale", DType.FP32).constant().optional()
                    .scalar("label", DType.STRING).constant().optional()
                    .tensor("table", DType.FP32).constant().optional()
                    .build());
            this.binding = binding;
        }

        @Override
        public List<ValueType> inferTypes(InferenceContext ctx) {
            return List.of(ctx.tensor("x"));
        }

        @Override
        public Optional<Binding> binding() {
            return Optional.of(binding);
        }
    }

    /** A standard op registry plus {@code def}. */
    static OpRegistry registry(OpDef... defs) {
        OpRegistry r = StandardOps.newRegistry();
        for (OpDef d : defs) {
            r.register(d, "test");
        }
        return r;
    }

    static Builder main(Program program, OpRegistry registry, Map<String, ? extends ValueType> inputs) {
        Function f = program.addFunction("main", Opset.IOS15, new LinkedHashMap<String, ValueType>(inputs));
        return Builder.atEnd(f.body(), registry);
    }

    /** Deterministic pseudo-random fp32 values. */
    static TensorValue weights(long seed, long... shape) {
        Random r = new Random(seed);
        Shape s = Shape.of(shape);
        float[] v = new float[(int) s.elementCount().orElseThrow()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian() * 0.1f;
        }
        return TensorValue.ofFloats(s, v);
    }
}
