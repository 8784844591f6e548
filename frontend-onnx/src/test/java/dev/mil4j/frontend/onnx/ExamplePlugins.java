package dev.mil4j.frontend.onnx;

import com.google.inject.Module;
import dev.mil4j.converter.spi.Contributions;
import dev.mil4j.converter.spi.Mil4jPlugin;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.Binding;
import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;

/** Test plugins: a custom-domain op mapped to a custom MIL op, and translations overriding (or clashing with) ours. */
final class ExamplePlugins {
    private ExamplePlugins() {
    }

    /** {@code my_layer(x, alpha, k)}: a custom op that Core ML runs as the custom layer class {@code MyLayer}. */
    static final class MyLayerOp extends OpDef {
        MyLayerOp() {
            super("my_layer", Opset.IOS15, InputSpec.builder()
                    .tensor("x", "T")
                    .scalar("alpha", DType.FP32).constant()
                    .scalar("k", DType.INT32).constant()
                    .domain("T", DType.FP16, DType.FP32)
                    .build());
        }

        @Override
        public List<ValueType> inferTypes(InferenceContext ctx) {
            return List.of(ctx.tensor("x"));
        }

        @Override
        public Optional<Binding> binding() {
            return Optional.of(new Binding("MyLayer", List.of("x"), List.of("alpha", "k"), "example custom layer"));
        }
    }

    private abstract static class Base implements Mil4jPlugin {
        @Override
        public String version() {
            return "1.0";
        }

        @Override
        public int apiVersion() {
            return API_VERSION;
        }
    }

    /** Maps {@code com.example::MyOp} (attributes alpha: float, k: int) to the custom op {@code my_layer}. */
    static Mil4jPlugin customDomain() {
        MyLayerOp op = new MyLayerOp();
        return new Base() {
            @Override
            public String id() {
                return "example-my-op";
            }

            @Override
            public Module module() {
                return binder -> {
                    Contributions.op(binder, op);
                    Contributions.translation(binder, OnnxTranslations.contribution("com.example", "MyOp", 1,
                            (node, ctx) -> {
                                Var y = ctx.builder().op(op).input("x", ctx.input(0))
                                        .input("alpha", TensorValue.scalar(node.floatAttribute("alpha", 1f)))
                                        .input("k", TensorValue.scalar((int) node.intAttribute("k", 1))).output();
                                return List.of(y);
                            }));
                };
            }
        };
    }

    /** Replaces the built-in {@code Relu} translation (opset 6 on) with one emitting {@code relu6}. */
    static Mil4jPlugin reluAsRelu6(boolean override) {
        OnnxTranslation t = (node, ctx) -> List.of(ctx.builder().op("relu6").input("x", ctx.input(0)).output());
        return new Base() {
            @Override
            public String id() {
                return override ? "relu6-override" : "relu6-clash";
            }

            @Override
            public Module module() {
                return binder -> Contributions.translation(binder, override
                        ? OnnxTranslations.overriding("", "Relu", 6, t)
                        : OnnxTranslations.contribution("ai.onnx", "Relu", 6, t));
            }
        };
    }
}
