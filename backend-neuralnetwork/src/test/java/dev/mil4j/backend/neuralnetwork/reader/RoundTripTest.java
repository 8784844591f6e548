package dev.mil4j.backend.neuralnetwork.reader;

import static dev.mil4j.backend.neuralnetwork.reader.Fixtures.maxAbs;
import static dev.mil4j.backend.neuralnetwork.reader.Fixtures.maxAbsDiff;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.backend.neuralnetwork.NeuralNetworkBackend;
import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.StandardOps;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MIL programs written as NeuralNetwork models by mil4j's backend, read back by the reader and run: the outputs equal
 * those of the source program run in the interpreter, within fp32 rounding. Each case exercises a family of the
 * layers the backend writes.
 */
class RoundTripTest {
    @TempDir
    Path dir;

    private record Case(String name, long[] shape, BiFunction<Builder, Var, List<Var>> body) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static TensorValue random(long seed, long... shape) {
        Random r = new Random(seed);
        float[] v = new float[(int) Shape.of(shape).elementCount().orElseThrow()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return TensorValue.ofFloats(Shape.of(shape), v);
    }

    private static Var op(Builder b, String type, Var x, Object... named) {
        Builder.OpBuilder o = b.op(type).input("x", x);
        for (int i = 0; i < named.length; i += 2) {
            Object v = named[i + 1];
            if (v instanceof Var var) {
                o.input((String) named[i], var);
            } else {
                o.input((String) named[i], (TensorValue) v);
            }
        }
        return o.output();
    }

    private static TensorValue f(float v) {
        return TensorValue.scalar(v);
    }

    private static TensorValue i(int v) {
        return TensorValue.scalar(v);
    }

    private static TensorValue ints(int... v) {
        return TensorValue.vector(v);
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("mlp", new long[] {3, 8}, (b, x) -> {
                    Var h = op(b, "linear", x, "weight", random(1, 16, 8), "bias", random(2, 16));
                    h = op(b, "relu", h);
                    h = op(b, "linear", h, "weight", random(3, 5, 16));
                    return List.of(op(b, "softmax", h, "axis", i(-1)), op(b, "sigmoid", h), op(b, "tanh", h));
                }),
                new Case("cnn", new long[] {1, 4, 9, 9}, (b, x) -> {
                    Var c = op(b, "conv", x, "weight", random(4, 6, 2, 3, 3), "bias", random(5, 6), "groups", i(2),
                            "strides", ints(2, 1), "pad_type", TensorValue.scalar("custom"), "pad", ints(1, 0, 2, 1));
                    c = op(b, "batch_norm", c, "mean", random(6, 6), "variance", TensorValue.ofFloats(Shape.of(6),
                            1, 2, 3, 4, 5, 6), "gamma", random(7, 6), "beta", random(8, 6), "epsilon", f(1e-5f));
                    Var m = op(b, "max_pool", c, "kernel_sizes", ints(2, 2), "strides", ints(2, 2),
                            "pad_type", TensorValue.scalar("valid"));
                    Var a = op(b, "avg_pool", c, "kernel_sizes", ints(3, 3), "strides", ints(1, 1),
                            "pad_type", TensorValue.scalar("same"), "exclude_padding_from_average",
                            TensorValue.scalar(true));
                    Var s = op(b, "conv", x, "weight", random(9, 3, 4, 3, 3), "pad_type", TensorValue.scalar("same"));
                    Var t = op(b, "conv_transpose", x, "weight", random(10, 4, 2, 2, 2), "strides", ints(2, 2));
                    return List.of(m, a, s, t);
                }),
                new Case("activations", new long[] {2, 3, 4, 5}, (b, x) -> List.of(
                        op(b, "leaky_relu", x, "alpha", f(0.1f)), op(b, "elu", x, "alpha", f(0.7f)),
                        op(b, "relu6", x), op(b, "silu", x), op(b, "gelu", x, "mode", TensorValue.scalar("EXACT")),
                        op(b, "prelu", x, "alpha", TensorValue.ofFloats(Shape.of(3), 0.1f, 0.2f, 0.3f)),
                        op(b, "softplus", x), op(b, "softsign", x), op(b, "sigmoid_hard", x, "alpha", f(0.3f),
                                "beta", f(0.4f)),
                        op(b, "scaled_tanh", x, "alpha", f(1.5f), "beta", f(0.5f)),
                        op(b, "thresholded_relu", x, "alpha", f(0.2f)), op(b, "clamped_relu", x, "alpha", f(0.1f),
                                "beta", f(2f)),
                        op(b, "linear_activation", x, "alpha", f(2f), "beta", f(-1f)))),
                new Case("elementwise", new long[] {2, 3, 4}, (b, x) -> {
                    Var y = op(b, "abs", x);
                    Var w = b.constant(random(11, 3, 4));
                    return List.of(op(b, "add", x, "y", f(2f)), op(b, "mul", x, "y", w), op(b, "sub", x, "y", w),
                            op(b, "real_div", x, "y", op(b, "add", y, "y", f(1f))), op(b, "sqrt", y),
                            op(b, "rsqrt", y, "epsilon", f(1e-3f)), op(b, "exp", x), op(b, "log", y, "epsilon",
                                    f(1e-3f)), op(b, "inverse", y, "epsilon", f(1e-2f)), op(b, "square", x),
                            op(b, "pow", y, "y", f(1.5f)), op(b, "maximum", x, "y", w), op(b, "minimum", x, "y", w),
                            op(b, "clip", x, "alpha", f(-0.5f), "beta", f(0.5f)), op(b, "floor", x),
                            op(b, "ceil", x), op(b, "round", x), op(b, "sign", x), op(b, "sin", x), op(b, "cos", x),
                            op(b, "erf", x), op(b, "exp2", x), op(b, "threshold", x, "alpha", f(0.1f)),
                            b.op("select").input("cond", op(b, "greater", x, "y", w)).input("a", x).input("b", w)
                                    .output());
                }),
                new Case("reductions", new long[] {2, 3, 4, 5}, (b, x) -> List.of(
                        op(b, "reduce_mean", x, "axes", ints(-1), "keep_dims", TensorValue.scalar(true)),
                        op(b, "reduce_sum", x, "axes", ints(1, 2), "keep_dims", TensorValue.scalar(false)),
                        op(b, "reduce_max", x, "axes", ints(0)), op(b, "reduce_min", x, "axes", ints(3)),
                        op(b, "reduce_prod", x, "axes", ints(2)), op(b, "reduce_l2_norm", x, "axes", ints(-1)),
                        op(b, "reduce_sum_square", x, "axes", ints(1)),
                        op(b, "reduce_log_sum_exp", x, "axes", ints(-2)),
                        op(b, "reduce_argmax", x, "axis", i(1), "keep_dims", TensorValue.scalar(false)),
                        op(b, "layer_norm", x, "axes", ints(-1), "epsilon", f(1e-5f)),
                        op(b, "l2_norm", x, "epsilon", f(1e-6f)))),
                new Case("shapes", new long[] {2, 4, 6}, (b, x) -> {
                    Var r = op(b, "reshape", x, "shape", ints(4, 12));
                    Var t = op(b, "transpose", x, "perm", ints(2, 0, 1));
                    Var c = b.op("concat").inputs("values", List.of(x, x)).input("axis", i(1))
                            .input("interleave", TensorValue.scalar(false)).output();
                    List<Var> parts = b.op("split").input("x", x).input("num_splits", i(2)).input("axis", i(2))
                            .outputs();
                    Var e = op(b, "expand_dims", x, "axes", ints(1));
                    Var s = op(b, "squeeze", e, "axes", ints(1));
                    Var sl = op(b, "slice_by_index", x, "begin", ints(0, 1, 0), "end", ints(2, 3, 6),
                            "stride", ints(1, 1, 2));
                    Var g = op(b, "gather", x, "indices", ints(3, 0), "axis", i(1));
                    Var tile = op(b, "tile", x, "reps", ints(1, 2, 1));
                    Var stack = b.op("stack").inputs("values", List.of(x, s)).input("axis", i(0)).output();
                    List<Var> topk = b.op("topk").input("x", x).input("k", i(3)).input("axis", i(-1)).outputs();
                    Var mm = op(b, "matmul", x, "y", random(12, 6, 5));
                    Var bmm = op(b, "matmul", x, "y", op(b, "transpose", x, "perm", ints(0, 2, 1)));
                    return List.of(r, t, c, parts.get(0), parts.get(1), sl, g, tile, stack, topk.get(0), topk.get(1),
                            mm, op(b, "cumsum", x, "axis", i(1)), op(b, "band_part", x, "lower", i(1), "upper", i(0)),
                            op(b, "reverse", x, "axes", ints(2)), bmm);
                }),
                new Case("conv3d", new long[] {1, 2, 4, 5, 6}, (b, x) -> List.of(
                        op(b, "conv", x, "weight", random(13, 4, 2, 2, 3, 3), "bias", random(14, 4),
                                "strides", ints(1, 2, 1), "pad_type", TensorValue.scalar("custom"),
                                "pad", ints(1, 0, 1, 1, 0, 2)),
                        op(b, "conv", x, "weight", random(15, 2, 1, 3, 3, 3), "groups", i(2),
                                "pad_type", TensorValue.scalar("same")))),
                new Case("pool3d", new long[] {1, 2, 5, 6, 7}, (b, x) -> List.of(
                        op(b, "max_pool", x, "kernel_sizes", ints(2, 3, 3), "strides", ints(1, 2, 2),
                                "pad_type", TensorValue.scalar("custom"), "pad", ints(1, 0, 1, 1, 0, 1)),
                        op(b, "avg_pool", x, "kernel_sizes", ints(3, 2, 2), "strides", ints(2, 1, 2),
                                "pad_type", TensorValue.scalar("custom"), "pad", ints(1, 1, 0, 1, 1, 0),
                                "exclude_padding_from_average", TensorValue.scalar(true)),
                        op(b, "avg_pool", x, "kernel_sizes", ints(2, 2, 2), "strides", ints(2, 2, 2),
                                "pad_type", TensorValue.scalar("valid"), "exclude_padding_from_average",
                                TensorValue.scalar(false)),
                        op(b, "max_pool", x, "kernel_sizes", ints(3, 3, 3), "strides", ints(2, 2, 2),
                                "pad_type", TensorValue.scalar("same")))),
                new Case("control flow", new long[] {2, 3}, (b, x) -> {
                    Var sum = op(b, "reduce_sum", x, "axes", ints(0, 1), "keep_dims", TensorValue.scalar(false));
                    Var pred = b.op("greater").input("x", sum).input("y", f(0f)).output();
                    Var chosen = b.op("cond").input("pred", pred)
                            .block(Map.of(), (inner, ins) -> List.of(op(inner, "relu", x)))
                            .block(Map.of(), (inner, ins) -> List.of(op(inner, "sub", x, "y", f(1f)))).output();
                    Var zero = b.constant(TensorValue.scalar(0f), "count");
                    Map<String, ValueType> state = new LinkedHashMap<>();
                    state.put("v", x.type());
                    state.put("n", zero.type());
                    List<Var> looped = b.op("while_loop").inputs("loop_vars", List.of(chosen, zero))
                            .block(state, (inner, ins) -> List.of(inner.op("less").input("x", ins.get(1))
                                    .input("y", f(3f)).output()))
                            .block(state, (inner, ins) -> List.of(
                                    op(inner, "add", op(inner, "mul", ins.get(0), "y", f(1.5f)), "y", f(0.25f)),
                                    op(inner, "add", ins.get(1), "y", f(1f)))).outputs();
                    return List.of(chosen, looped.get(0), looped.get(1));
                }),
                new Case("spatial", new long[] {1, 4, 4, 6}, (b, x) -> List.of(
                        op(b, "pad", x, "pad", ints(1, 2, 0, 1), "mode", TensorValue.scalar("constant"),
                                "constant_val", f(0.5f)),
                        op(b, "pad", x, "pad", ints(1, 1, 2, 2), "mode", TensorValue.scalar("reflect")),
                        op(b, "upsample_nearest_neighbor", x, "scale_factor_height", f(2f),
                                "scale_factor_width", f(3f)),
                        op(b, "upsample_bilinear", x, "scale_factor_height", f(2f), "scale_factor_width", f(2f),
                                "align_corners", TensorValue.scalar(true)),
                        op(b, "space_to_depth", x, "block_size", i(2)),
                        op(b, "depth_to_space", x, "block_size", i(2)),
                        op(b, "pixel_shuffle", x, "upscale_factor", i(2)),
                        op(b, "crop", x, "crop_height", ints(1, 0), "crop_width", ints(2, 1)))),
                // cropResize: two boxes in pixels (corners height first, aligned corners) and a normalized center-size one
                new Case("crop resize", new long[] {1, 2, 6, 8}, (b, x) -> {
                    Var roi = b.constant(TensorValue.ofFloats(Shape.of(2, 1, 4, 1, 1), 0.5f, 1f, 4f, 6f,
                            1f, 0f, 5f, 7.5f));
                    Var centers = b.constant(TensorValue.ofFloats(Shape.of(1, 1, 4, 1, 1), 0.5f, 0.5f, 0.5f, 0.25f));
                    return List.of(
                            b.op("crop_resize").input("x", x).input("roi", roi).input("target_height", i(3))
                                    .input("target_width", i(4)).input("sampling_mode",
                                            TensorValue.scalar("ALIGN_CORNERS")).output(),
                            b.op("crop_resize").input("x", x).input("roi", centers).input("target_height", i(2))
                                    .input("target_width", i(2)).input("normalized_coordinates",
                                            TensorValue.scalar(true)).input("box_coordinate_mode",
                                            TensorValue.scalar("CENTER_SIZE_WIDTH_FIRST")).output());
                }),
                // non-maximum suppression of 6 boxes (center-size, positive sizes) with 3 class scores each
                new Case("non-maximum suppression", new long[] {1, 6, 4}, (b, x) -> {
                    Var boxes = op(b, "abs", x);
                    Var scores = op(b, "sigmoid", b.constant(random(16, 1, 6, 3)));
                    List<Var> kept = b.op("non_maximum_suppression").input("boxes", boxes).input("scores", scores)
                            .input("iou_threshold", f(0.2f)).input("score_threshold", f(0.3f))
                            .input("max_boxes", i(4)).outputs();
                    List<Var> perClass = b.op("non_maximum_suppression").input("boxes", boxes)
                            .input("scores", scores).input("iou_threshold", f(0.1f))
                            .input("score_threshold", f(0.2f)).input("max_boxes", i(3))
                            .input("per_class_suppression", TensorValue.scalar(true)).outputs();
                    List<Var> all = new java.util.ArrayList<>(kept);
                    all.addAll(perClass);
                    return all;
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void writtenAndReadBackRunsAsTheSource(Case c) throws Exception {
        Program source = new Program();
        Map<String, ValueType> inputs = new LinkedHashMap<>();
        inputs.put("x", TensorType.of(DType.FP32, c.shape()));
        Builder b = Builder.atEnd(source.addFunction("main", Opset.IOS15, inputs).body(), StandardOps.newRegistry());
        source.main().setOutputs(c.body().apply(b, source.main().inputs().get(0)));
        Path file = dir.resolve(c.name() + ".mlmodel");
        new NeuralNetworkBackend().write(source, file, ConvertOptions.builder().target("neuralnetwork").build());
        Program read = Fixtures.read(file);

        Map<String, TensorValue> in = Map.of("x", random(99, c.shape()));
        List<TensorValue> expected = List.copyOf(Fixtures.CONVERTER.run(source, in).values());
        List<TensorValue> actual = List.copyOf(Fixtures.CONVERTER.run(read, in).values());
        assertThat(actual).hasSameSizeAs(expected);
        for (int k = 0; k < expected.size(); k++) {
            TensorValue e = expected.get(k).cast(DType.FP32);
            if (e.shape().rank() == 0) {
                e = e.reshape(Shape.of(1)); // a NeuralNetwork blob has no rank 0: the backend writes scalars as [1]
            }
            assertThat(maxAbsDiff(actual.get(k), e)).as("output %d of %s", k, c.name())
                    .isLessThanOrEqualTo(1e-5 * Math.max(1, maxAbs(e)));
        }
    }
}
