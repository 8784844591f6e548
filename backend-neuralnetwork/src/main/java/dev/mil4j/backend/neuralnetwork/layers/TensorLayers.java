package dev.mil4j.backend.neuralnetwork.layers;

import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.constBool;
import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.constFloat;
import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.constLongs;
import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.constValue;
import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.rank;
import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.value;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.spec.proto.ArgSortLayerParams;
import dev.mil4j.spec.proto.ConcatNDLayerParams;
import dev.mil4j.spec.proto.ConstantPaddingLayerParams;
import dev.mil4j.spec.proto.CopyLayerParams;
import dev.mil4j.spec.proto.CumSumLayerParams;
import dev.mil4j.spec.proto.ExpandDimsLayerParams;
import dev.mil4j.spec.proto.FillDynamicLayerParams;
import dev.mil4j.spec.proto.FillStaticLayerParams;
import dev.mil4j.spec.proto.FlattenTo2DLayerParams;
import dev.mil4j.spec.proto.GatherAlongAxisLayerParams;
import dev.mil4j.spec.proto.GatherLayerParams;
import dev.mil4j.spec.proto.GetShapeLayerParams;
import dev.mil4j.spec.proto.MatrixBandPartLayerParams;
import dev.mil4j.spec.proto.OneHotLayerParams;
import dev.mil4j.spec.proto.RangeDynamicLayerParams;
import dev.mil4j.spec.proto.RankPreservingReshapeLayerParams;
import dev.mil4j.spec.proto.ReshapeDynamicLayerParams;
import dev.mil4j.spec.proto.ReshapeStaticLayerParams;
import dev.mil4j.spec.proto.ScatterAlongAxisLayerParams;
import dev.mil4j.spec.proto.ScatterLayerParams;
import dev.mil4j.spec.proto.ScatterMode;
import dev.mil4j.spec.proto.SliceDynamicLayerParams;
import dev.mil4j.spec.proto.SliceLayerParams;
import dev.mil4j.spec.proto.SliceStaticLayerParams;
import dev.mil4j.spec.proto.SplitNDLayerParams;
import dev.mil4j.spec.proto.SqueezeLayerParams;
import dev.mil4j.spec.proto.StackLayerParams;
import dev.mil4j.spec.proto.TileLayerParams;
import dev.mil4j.spec.proto.TopKLayerParams;
import dev.mil4j.spec.proto.TransposeLayerParams;
import dev.mil4j.spec.proto.WhereBroadcastableLayerParams;
import dev.mil4j.spec.proto.WhereNonZeroLayerParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Tensor manipulation and the basic ops (identity, cast, shape, fill, range). */
final class TensorLayers {
    private TensorLayers() {
    }

    static Map<String, LayerTranslation> translations() {
        return Map.ofEntries(
                Map.entry("argsort", TensorLayers::argsort),
                Map.entry("band_part", (op, out) -> out.add(op.name(), out.input(op.requireInput("x")),
                        out.name(op.output()), l -> l.setMatrixBandPart(MatrixBandPartLayerParams.newBuilder()
                                .setNumLower(constValue(op, "lower").scalarLong())
                                .setNumUpper(constValue(op, "upper").scalarLong())))),
                Map.entry("cast", TensorLayers::cast),
                Map.entry("concat", TensorLayers::concat),
                Map.entry("cumsum", (op, out) -> {
                    out.requireSpecVersion(LayerEmitter.IOS14_SPEC_VERSION);
                    out.add(op.name(), out.input(op.requireInput("x")), out.name(op.output()),
                            l -> l.setCumSum(CumSumLayerParams.newBuilder()
                                    .setAxis(constValue(op, "axis").scalarLong())
                                    .setExcludeFinalSum(constBool(op, "exclusive"))
                                    .setReverse(constBool(op, "reverse"))));
                }),
                Map.entry("expand_dims", (op, out) -> out.add(op.name(), out.input(op.requireInput("x")),
                        out.name(op.output()), l -> l.setExpandDims(ExpandDimsLayerParams.newBuilder()
                                .addAllAxes(boxed(constLongs(op, "axes")))))),
                Map.entry("fill", TensorLayers::fill),
                Map.entry("flatten2d", (op, out) -> out.add(op.name(), out.input(op.requireInput("x")),
                        out.name(op.output()), l -> l.setFlattenTo2D(FlattenTo2DLayerParams.newBuilder()
                                .setAxis(constValue(op, "axis").scalarLong())))),
                Map.entry("gather", (op, out) -> out.add(op.name(),
                        out.inputs(List.of(op.requireInput("x"), op.requireInput("indices"))),
                        List.of(out.name(op.output())), l -> l.setGather(GatherLayerParams.newBuilder()
                                .setAxis(constValue(op, "axis").scalarLong())))),
                Map.entry("gather_along_axis", (op, out) -> out.add(op.name(),
                        out.inputs(List.of(op.requireInput("x"), op.requireInput("indices"))),
                        List.of(out.name(op.output())), l -> l.setGatherAlongAxis(
                                GatherAlongAxisLayerParams.newBuilder().setAxis(constValue(op, "axis").scalarLong())))),
                Map.entry("identity", TensorLayers::copy),
                Map.entry("non_zero", (op, out) -> out.add(op.name(), out.input(op.requireInput("x")),
                        out.name(op.output()), l -> l.setWhereNonZero(WhereNonZeroLayerParams.getDefaultInstance()))),
                Map.entry("one_hot", TensorLayers::oneHot),
                Map.entry("pad", TensorLayers::pad),
                Map.entry("range_1d", TensorLayers::range),
                Map.entry("reshape", TensorLayers::reshape),
                Map.entry("scatter", (op, out) -> scatter(op, out, false)),
                Map.entry("scatter_along_axis", (op, out) -> scatter(op, out, true)),
                Map.entry("select", (op, out) -> out.add(op.name(), out.inputs(List.of(op.requireInput("cond"),
                        op.requireInput("a"), op.requireInput("b"))), List.of(out.name(op.output())),
                        l -> l.setWhereBroadcastable(WhereBroadcastableLayerParams.getDefaultInstance()))),
                Map.entry("shape", (op, out) -> out.add(op.name(), out.input(op.requireInput("x")),
                        out.name(op.output()), l -> l.setGetShape(GetShapeLayerParams.getDefaultInstance()))),
                Map.entry("slice_by_index", TensorLayers::sliceByIndex),
                Map.entry("slice_by_size", TensorLayers::sliceBySize),
                Map.entry("split", TensorLayers::split),
                Map.entry("squeeze", (op, out) -> {
                    Optional<TensorValue> axes = value(op, "axes");
                    SqueezeLayerParams.Builder p = SqueezeLayerParams.newBuilder().setSqueezeAll(axes.isEmpty());
                    axes.ifPresent(a -> p.addAllAxes(boxed(a.toLongArray())));
                    out.add(op.name(), out.input(op.requireInput("x")), out.name(op.output()), l -> l.setSqueeze(p));
                }),
                Map.entry("stack", (op, out) -> out.add(op.name(), out.inputs(op.inputList("values")),
                        List.of(out.name(op.output())), l -> l.setStack(StackLayerParams.newBuilder()
                                .setAxis(constValue(op, "axis").scalarLong())))),
                Map.entry("tile", (op, out) -> out.add(op.name(), out.input(op.requireInput("x")),
                        out.name(op.output()), l -> l.setTile(TileLayerParams.newBuilder()
                                .addAllReps(boxed(constLongs(op, "reps")))))),
                Map.entry("topk", TensorLayers::topk),
                Map.entry("transpose", (op, out) -> out.add(op.name(), out.input(op.requireInput("x")),
                        out.name(op.output()), l -> l.setTranspose(TransposeLayerParams.newBuilder()
                                .addAllAxes(boxed(constLongs(op, "perm")))))));
    }

    static List<Long> boxed(long[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    private static void copy(Operation op, LayerEmitter out) {
        out.add(op.name(), out.input(op.requireInput("x")), out.name(op.output()),
                l -> l.setCopy(CopyLayerParams.getDefaultInstance()));
    }

    // NeuralNetwork blobs are fp32: a float cast is a copy (linear activation); to an integer type truncates
    // toward zero: select(x > 0, floor(x), ceil(x))
    private static void cast(Operation op, LayerEmitter out) {
        String dtype = constValue(op, "dtype").scalarString();
        String x = out.input(op.requireInput("x"));
        String o = out.name(op.output());
        switch (dtype) {
            case "fp16", "fp32", "fp64" -> out.add(op.name(), x, o,
                    l -> l.setActivation(ActivationLayers.linear(1, 0)));
            case "int32", "int64" -> {
                String floor = op.name() + "_floor";
                String ceil = op.name() + "_ceil";
                String cond = op.name() + "_cond";
                out.add(floor, x, floor, l -> l.setFloor(dev.mil4j.spec.proto.FloorLayerParams.getDefaultInstance()));
                out.add(ceil, x, ceil, l -> l.setCeil(dev.mil4j.spec.proto.CeilLayerParams.getDefaultInstance()));
                out.add(cond, x, cond, l -> l.setGreaterThan(dev.mil4j.spec.proto.GreaterThanLayerParams
                        .newBuilder().setAlpha(0)));
                out.add(op.name(), List.of(cond, floor, ceil), List.of(o),
                        l -> l.setWhereBroadcastable(WhereBroadcastableLayerParams.getDefaultInstance()));
            }
            default -> throw new LayerException("`cast` to " + dtype + " has no NeuralNetwork form (its blobs are "
                    + "fp32)", "cast to fp32 or int32, or convert to the ML Program target");
        }
    }

    private static void concat(Operation op, LayerEmitter out) {
        long axis = constValue(op, "axis").scalarLong();
        if (value(op, "interleave").map(TensorValue::scalarBoolean).orElse(false)) {
            throw new LayerException("`concat` with interleave has no NeuralNetwork form",
                    "convert to the ML Program target");
        }
        List<Var> values = op.inputList("values");
        if (values.size() == 1) {
            out.add(op.name(), out.input(values.get(0)), out.name(op.output()),
                    l -> l.setCopy(CopyLayerParams.getDefaultInstance()));
            return;
        }
        out.add(op.name(), out.inputs(values), List.of(out.name(op.output())),
                l -> l.setConcatND(ConcatNDLayerParams.newBuilder().setAxis(axis)));
    }

    private static void fill(Operation op, LayerEmitter out) {
        float v = constFloat(op, "value");
        Optional<TensorValue> shape = value(op, "shape");
        if (shape.isPresent()) {
            out.add(op.name(), List.of(), List.of(out.name(op.output())), l -> l.setFillStatic(
                    FillStaticLayerParams.newBuilder().setValue(v).addAllTargetShape(boxed(shape.get().toLongArray()))));
        } else {
            out.add(op.name(), out.input(op.requireInput("shape")), out.name(op.output()),
                    l -> l.setFillDynamic(FillDynamicLayerParams.newBuilder().setValue(v)));
        }
    }

    private static void range(Operation op, LayerEmitter out) {
        Var end = op.requireInput("end");
        Var start = op.requireInput("start");
        Var step = op.requireInput("step");
        List<Var> in = new ArrayList<>(List.of(end));
        RangeDynamicLayerParams.Builder p = RangeDynamicLayerParams.newBuilder();
        if (start.isConst() && step.isConst()) {
            p.setStartValue((float) start.value().orElseThrow().scalarDouble())
                    .setStepSizeValue((float) step.value().orElseThrow().scalarDouble());
        } else {
            in.add(start);
            in.add(step);
        }
        out.add(op.name(), out.inputs(in), List.of(out.name(op.output())), l -> l.setRangeDynamic(p));
    }

    private static void reshape(Operation op, LayerEmitter out) {
        Var x = op.requireInput("x");
        Optional<TensorValue> shape = value(op, "shape");
        String o = out.name(op.output());
        if (shape.isEmpty()) {
            out.add(op.name(), out.inputs(List.of(x, op.requireInput("shape"))), List.of(o),
                    l -> l.setReshapeDynamic(ReshapeDynamicLayerParams.getDefaultInstance()));
            return;
        }
        long[] s = shape.get().toLongArray();
        boolean special = Arrays.stream(s).anyMatch(d -> d == 0 || d == -1);
        if (special && s.length == rank(x)) {
            out.add(op.name(), out.input(x), o, l -> l.setRankPreservingReshape(
                    RankPreservingReshapeLayerParams.newBuilder().addAllTargetShape(boxed(s))));
            return;
        }
        // the output type knows every size the shape leaves to inference
        long[] target = s.length == 0 ? new long[] {1} : s;
        if (special) {
            target = op.output().tensorType().shape().dims().stream()
                    .mapToLong(d -> d instanceof Dim.Known k ? k.size() : -1).toArray();
        }
        long[] t = target;
        out.add(op.name(), out.input(x), o, l -> l.setReshapeStatic(ReshapeStaticLayerParams.newBuilder()
                .addAllTargetShape(boxed(t))));
    }

    /** The layer mode of a scatter op's {@code mode} input (default {@code add}), shared by every scatter layer. */
    static ScatterMode scatterMode(Operation op) {
        String mode = value(op, "mode").map(TensorValue::scalarString).orElse("add");
        return switch (mode) {
            case "update" -> ScatterMode.SCATTER_UPDATE;
            case "add" -> ScatterMode.SCATTER_ADD;
            case "sub" -> ScatterMode.SCATTER_SUB;
            case "mul" -> ScatterMode.SCATTER_MUL;
            case "div" -> ScatterMode.SCATTER_DIV;
            case "max" -> ScatterMode.SCATTER_MAX;
            case "min" -> ScatterMode.SCATTER_MIN;
            default -> throw new LayerException("`" + op.type() + "` mode `" + mode + "` has no NeuralNetwork form");
        };
    }

    private static void scatter(Operation op, LayerEmitter out, boolean alongAxis) {
        ScatterMode m = scatterMode(op);
        long axis = constValue(op, "axis").scalarLong();
        List<String> in = out.inputs(List.of(op.requireInput("data"), op.requireInput("indices"),
                op.requireInput("updates")));
        out.add(op.name(), in, List.of(out.name(op.output())), alongAxis
                ? l -> l.setScatterAlongAxis(ScatterAlongAxisLayerParams.newBuilder().setAxis(axis).setMode(m))
                : l -> l.setScatter(ScatterLayerParams.newBuilder().setAxis(axis).setMode(m)));
    }

    private static void split(Operation op, LayerEmitter out) {
        long axis = constValue(op, "axis").scalarLong();
        SplitNDLayerParams.Builder p = SplitNDLayerParams.newBuilder().setAxis(axis)
                .setNumSplits(op.outputs().size());
        value(op, "split_sizes").ifPresent(s -> p.addAllSplitSizes(boxed(s.toLongArray())));
        List<String> outs = op.outputs().stream().map(out::name).toList();
        out.add(op.name(), List.of(out.input(op.requireInput("x"))), outs, l -> l.setSplitND(p));
    }

    private static void topk(Operation op, LayerEmitter out) {
        if (op.outputs().size() != 2) {
            throw new LayerException("`topk` without indices output has no NeuralNetwork form");
        }
        long k = constValue(op, "k").scalarLong();
        long axis = value(op, "axis").map(TensorValue::scalarLong).orElse(-1L);
        boolean ascending = value(op, "ascending").map(TensorValue::scalarBoolean).orElse(false);
        out.add(op.name(), List.of(out.input(op.requireInput("x"))), op.outputs().stream().map(out::name).toList(),
                l -> l.setTopK(TopKLayerParams.newBuilder().setK(k).setAxis(axis).setUseBottomK(ascending)));
    }

    private static void argsort(Operation op, LayerEmitter out) {
        out.requireSpecVersion(LayerEmitter.IOS14_SPEC_VERSION);
        Var x = op.requireInput("x");
        long axis = x.tensorType().shape().normalizeAxis(constValue(op, "axis").scalarLong());
        boolean ascending = value(op, "ascending").map(TensorValue::scalarBoolean).orElse(false);
        out.add(op.name(), out.input(x), out.name(op.output()), l -> l.setArgSort(ArgSortLayerParams.newBuilder()
                .setAxis(axis).setDescending(!ascending)));
    }

    private static void pad(Operation op, LayerEmitter out) {
        Var x = op.requireInput("x");
        long[] pad = constLongs(op, "pad");
        String mode = value(op, "mode").map(TensorValue::scalarString).orElse("constant");
        float constant = value(op, "constant_val").map(v -> (float) v.scalarDouble()).orElse(0f);
        if (!mode.equals("constant")) {
            EdgePadding.emit(op, out, x, pad, mode);
            return;
        }
        out.add(op.name(), out.input(x), out.name(op.output()), l -> l.setConstantPad(
                ConstantPaddingLayerParams.newBuilder().setValue(constant).addAllPadAmounts(boxed(pad))));
    }

    // one sliced axis among the last three of a static rank >= 3 tensor: the rank-agnostic slice layer
    private static void sliceByIndex(Operation op, LayerEmitter out) {
        Var x = op.requireInput("x");
        int r = rank(x);
        long[] stride = value(op, "stride").map(TensorValue::toLongArray).orElse(filled(r, 1));
        boolean[] beginMask = bools(op, "begin_mask", r);
        boolean[] endMask = bools(op, "end_mask", r);
        boolean[] squeezeMask = bools(op, "squeeze_mask", r);
        Optional<TensorValue> begin = value(op, "begin");
        Optional<TensorValue> end = value(op, "end");
        String o = out.name(op.output());
        if (begin.isEmpty() || end.isEmpty()) {
            SliceDynamicLayerParams.Builder p = SliceDynamicLayerParams.newBuilder()
                    .addAllStrides(boxed(stride)).addAllBeginMasks(asList(beginMask)).addAllEndMasks(asList(endMask))
                    .addAllSqueezeMasks(asList(squeezeMask));
            out.add(op.name(), out.inputs(List.of(x, op.requireInput("begin"), op.requireInput("end"))),
                    List.of(o), l -> l.setSliceDynamic(p));
            return;
        }
        long[] b = begin.get().toLongArray();
        long[] e = end.get().toLongArray();
        Optional<SliceLayerParams> single = singleAxisSlice(x, b, e, stride, beginMask, endMask, squeezeMask);
        if (single.isPresent()) {
            out.add(op.name(), out.input(x), o, l -> l.setSlice(single.get()));
            return;
        }
        out.add(op.name(), out.input(x), o, l -> l.setSliceStatic(SliceStaticLayerParams.newBuilder()
                .addAllBeginIds(boxed(b)).addAllEndIds(boxed(e)).addAllStrides(boxed(stride))
                .addAllBeginMasks(asList(beginMask)).addAllEndMasks(asList(endMask))
                .addAllSqueezeMasks(asList(squeezeMask))));
    }

    private static Optional<SliceLayerParams> singleAxisSlice(Var x, long[] b, long[] e, long[] stride,
            boolean[] beginMask, boolean[] endMask, boolean[] squeezeMask) {
        int r = rank(x);
        if (r < 3 || !x.tensorType().shape().isStatic()) {
            return Optional.empty();
        }
        long[] dims = x.tensorType().shape().toLongArray();
        int sliced = -1;
        long start = 0;
        long stop = 0;
        for (int i = 0; i < r; i++) {
            if (squeezeMask[i] || stride[i] <= 0) {
                return Optional.empty();
            }
            long s = beginMask[i] ? 0 : (b[i] < 0 ? b[i] + dims[i] : b[i]);
            long t = endMask[i] ? dims[i] : (e[i] < 0 ? e[i] + dims[i] : Math.min(e[i], dims[i]));
            if (s == 0 && t == dims[i] && stride[i] == 1) {
                continue;
            }
            if (sliced >= 0 || i < r - 3 || s < 0 || t <= s) {
                return Optional.empty();
            }
            sliced = i;
            start = s;
            stop = t;
        }
        if (sliced < 0) {
            return Optional.empty();
        }
        SliceLayerParams.SliceAxis axis = switch (r - sliced) {
            case 3 -> SliceLayerParams.SliceAxis.CHANNEL_AXIS;
            case 2 -> SliceLayerParams.SliceAxis.HEIGHT_AXIS;
            default -> SliceLayerParams.SliceAxis.WIDTH_AXIS;
        };
        return Optional.of(SliceLayerParams.newBuilder().setStartIndex(start).setEndIndex(stop)
                .setStride(stride[sliced]).setAxis(axis).build());
    }

    // const begin and size: a static slice ending at begin + size, or at the end where size is -1
    private static void sliceBySize(Operation op, LayerEmitter out) {
        Var x = op.requireInput("x");
        long[] begin = constLongs(op, "begin");
        long[] size = constLongs(op, "size");
        int r = begin.length;
        long[] end = new long[r];
        boolean[] endMask = new boolean[r];
        for (int i = 0; i < r; i++) {
            endMask[i] = size[i] == -1;
            end[i] = endMask[i] ? 0 : begin[i] + size[i];
        }
        out.add(op.name(), out.input(x), out.name(op.output()), l -> l.setSliceStatic(SliceStaticLayerParams
                .newBuilder().addAllBeginIds(boxed(begin)).addAllEndIds(boxed(end)).addAllStrides(boxed(filled(r, 1)))
                .addAllBeginMasks(asList(new boolean[r])).addAllEndMasks(asList(endMask))
                .addAllSqueezeMasks(asList(new boolean[r]))));
    }

    private static void oneHot(Operation op, LayerEmitter out) {
        out.requireSpecVersion(LayerEmitter.IOS14_SPEC_VERSION);
        OneHotLayerParams.Builder p = OneHotLayerParams.newBuilder()
                .setAxis(value(op, "axis").map(TensorValue::scalarLong).orElse(-1L))
                .setOnValue(value(op, "on_value").map(v -> (float) v.scalarDouble()).orElse(1f))
                .setOffValue(value(op, "off_value").map(v -> (float) v.scalarDouble()).orElse(0f));
        List<Var> in = new ArrayList<>(List.of(op.requireInput("indices")));
        Optional<TensorValue> depth = value(op, "one_hot_vector_size");
        if (depth.isPresent()) {
            p.setOneHotVectorSize(depth.get().scalarLong());
        } else {
            in.add(op.requireInput("one_hot_vector_size"));
        }
        out.add(op.name(), out.inputs(in), List.of(out.name(op.output())), l -> l.setOneHot(p));
    }

    private static long[] filled(int n, long v) {
        long[] a = new long[n];
        Arrays.fill(a, v);
        return a;
    }

    private static boolean[] bools(Operation op, String input, int n) {
        return value(op, input).map(v -> {
            boolean[] r = new boolean[n];
            for (int i = 0; i < n; i++) {
                r[i] = v.getBoolean(i);
            }
            return r;
        }).orElse(new boolean[n]);
    }

    private static List<Boolean> asList(boolean[] a) {
        List<Boolean> r = new ArrayList<>(a.length);
        for (boolean v : a) {
            r.add(v);
        }
        return r;
    }
}
