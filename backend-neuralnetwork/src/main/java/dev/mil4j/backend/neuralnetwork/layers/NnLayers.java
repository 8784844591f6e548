package dev.mil4j.backend.neuralnetwork.layers;

import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.constBool;
import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.constFloat;
import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.constInt;
import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.constLongs;
import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.constString;
import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.constValue;
import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.rank;
import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.staticDim;
import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.value;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.spec.proto.BatchedMatMulLayerParams;
import dev.mil4j.spec.proto.TransposeLayerParams;
import dev.mil4j.spec.proto.BatchnormLayerParams;
import dev.mil4j.spec.proto.BorderAmounts;
import dev.mil4j.spec.proto.ConvolutionLayerParams;
import dev.mil4j.spec.proto.ExpandDimsLayerParams;
import dev.mil4j.spec.proto.InnerProductLayerParams;
import dev.mil4j.spec.proto.L2NormalizeLayerParams;
import dev.mil4j.spec.proto.LRNLayerParams;
import dev.mil4j.spec.proto.LayerNormalizationLayerParams;
import dev.mil4j.spec.proto.MeanVarianceNormalizeLayerParams;
import dev.mil4j.spec.proto.Pooling3DLayerParams;
import dev.mil4j.spec.proto.PoolingLayerParams;
import dev.mil4j.spec.proto.ReshapeStaticLayerParams;
import dev.mil4j.spec.proto.SamePadding;
import dev.mil4j.spec.proto.ScaleLayerParams;
import dev.mil4j.spec.proto.SqueezeLayerParams;
import dev.mil4j.spec.proto.ValidPadding;
import dev.mil4j.spec.proto.WeightParams;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Linear algebra, convolution, pooling and normalization ops. */
final class NnLayers {
    private NnLayers() {
    }

    static Map<String, LayerTranslation> translations() {
        return Map.ofEntries(
                Map.entry("avg_pool", (op, out) -> pool(op, out, PoolingLayerParams.PoolingType.AVERAGE)),
                Map.entry("batch_norm", (op, out) -> batchNorm(op, out, false)),
                Map.entry("conv", (op, out) -> conv(op, out, false)),
                Map.entry("conv_transpose", (op, out) -> conv(op, out, true)),
                Map.entry("instance_norm", (op, out) -> batchNorm(op, out, true)),
                Map.entry("l2_norm", (op, out) -> out.add(op.name(), out.input(op.requireInput("x")),
                        out.name(op.output()), l -> l.setL2Normalize(L2NormalizeLayerParams.newBuilder()
                                .setEpsilon(constFloat(op, "epsilon"))))),
                Map.entry("einsum", NnLayers::einsum),
                Map.entry("l2_pool", (op, out) -> pool(op, out, PoolingLayerParams.PoolingType.L2)),
                Map.entry("layer_norm", NnLayers::layerNorm),
                Map.entry("linear", NnLayers::linear),
                Map.entry("local_response_norm", (op, out) -> out.add(op.name(), out.input(op.requireInput("x")),
                        out.name(op.output()), l -> l.setLrn(LRNLayerParams.newBuilder()
                                .setAlpha(constFloat(op, "alpha")).setBeta(constFloat(op, "beta"))
                                .setLocalSize(constInt(op, "size")).setK(constFloat(op, "k"))))),
                Map.entry("matmul", NnLayers::matmul),
                Map.entry("max_pool", (op, out) -> pool(op, out, PoolingLayerParams.PoolingType.MAX)));
    }

    // The einsum forms MIL accepts are batched products with a batch axis in the middle:
    //   x[a,b,c,d], y[a,d,c,e] -> out[a,b,c,e]  (rank 4, "nchw,nwhu->nchu")  or  x[b,c,d], y[d,c,e] -> out[b,c,e]
    // so: out = swap(batchedMatMul(swap(x), swap(y))), where swap exchanges the axis before the last two with the
    // one before it (perm [0,2,1,3] at rank 4, [1,0,2] at rank 3): three layers of the NeuralNetwork format.
    private static void einsum(Operation op, LayerEmitter out) {
        List<Var> values = op.inputList("values");
        int r = rank(values.get(0));
        List<Long> swap = r == 4 ? List.of(0L, 2L, 1L, 3L) : List.of(1L, 0L, 2L);
        String base = out.name(op.output());
        String xs = base + "_x_swapped";
        String ys = base + "_y_swapped";
        String product = base + "_product";
        out.add(xs, out.input(values.get(0)), xs,
                l -> l.setTranspose(TransposeLayerParams.newBuilder().addAllAxes(swap)));
        out.add(ys, out.input(values.get(1)), ys,
                l -> l.setTranspose(TransposeLayerParams.newBuilder().addAllAxes(swap)));
        out.add(product, List.of(xs, ys), List.of(product),
                l -> l.setBatchedMatmul(BatchedMatMulLayerParams.getDefaultInstance()));
        out.add(op.name(), product, base, l -> l.setTranspose(TransposeLayerParams.newBuilder().addAllAxes(swap)));
    }

    private static void linear(Operation op, LayerEmitter out) {
        Var x = op.requireInput("x");
        TensorValue w = constValue(op, "weight");
        Optional<TensorValue> b = value(op, "bias");
        long outCh = w.shape().toLongArray()[0];
        long inCh = w.shape().toLongArray()[1];
        if (rank(x) >= 1 && rank(x) <= 3) {
            InnerProductLayerParams.Builder p = InnerProductLayerParams.newBuilder().setInputChannels(inCh)
                    .setOutputChannels(outCh).setWeights(out.weights(w));
            b.ifPresent(v -> p.setHasBias(true).setBias(Weights.of(v)));
            out.add(op.name(), out.input(x), out.name(op.output()), l -> l.setInnerProduct(p));
        } else {
            BatchedMatMulLayerParams.Builder p = BatchedMatMulLayerParams.newBuilder()
                    .setWeightMatrixFirstDimension(inCh).setWeightMatrixSecondDimension(outCh)
                    .setWeights(out.weights(() -> transpose2d(w)));
            b.ifPresent(v -> p.setHasBias(true).setBias(Weights.of(v)));
            out.add(op.name(), out.input(x), out.name(op.output()), l -> l.setBatchedMatmul(p));
        }
    }

    /** A rank-2 constant transposed: {@code [r, c] -> [c, r]}, as fp32. */
    static TensorValue transpose2d(TensorValue w) {
        long[] s = w.shape().toLongArray();
        int r = (int) s[0];
        int c = (int) s[1];
        float[] t = new float[r * c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                t[j * r + i] = (float) w.getDouble((long) i * c + j);
            }
        }
        return TensorValue.ofFloats(Shape.of(c, r), t);
    }

    // matmul(x, W) with a const rank-2 W used only here: batchedMatmul with weights; else two inputs
    private static void matmul(Operation op, LayerEmitter out) {
        Var x = op.requireInput("x");
        Var y = op.requireInput("y");
        boolean tx = constBool(op, "transpose_x");
        boolean ty = constBool(op, "transpose_y");
        if (y.isConst() && rank(y) == 2 && y.useCount() == 1 && !tx) {
            TensorValue w = y.value().orElseThrow();
            long[] ws = w.shape().toLongArray();
            long[] s = ty ? new long[] {ws[1], ws[0]} : ws;
            WeightParams weights = out.weights(() -> ty ? transpose2d(w) : w);
            out.add(op.name(), out.input(x), out.name(op.output()), l -> l.setBatchedMatmul(
                    BatchedMatMulLayerParams.newBuilder().setWeightMatrixFirstDimension(s[0])
                            .setWeightMatrixSecondDimension(s[1]).setWeights(weights)));
            return;
        }
        out.add(op.name(), out.inputs(List.of(x, y)), List.of(out.name(op.output())), l -> l.setBatchedMatmul(
                BatchedMatMulLayerParams.newBuilder().setTransposeA(tx).setTransposeB(ty)));
    }

    private static BorderAmounts borders(long[] pad, int spatial) {
        BorderAmounts.Builder b = BorderAmounts.newBuilder();
        for (int i = 0; i < spatial; i++) {
            b.addBorderAmounts(BorderAmounts.EdgeSizes.newBuilder().setStartEdgeSize(pad[2 * i])
                    .setEndEdgeSize(pad[2 * i + 1]));
        }
        return b.build();
    }

    // conv1d runs as conv2d on x expanded with a width-1 axis 3, then squeezed; conv3d is its own layer
    private static void conv(Operation op, LayerEmitter out, boolean transpose) {
        Var x = op.requireInput("x");
        int r = rank(x);
        if (r == 5) {
            Convolution3d.emit(op, out, transpose);
            return;
        }
        if (r != 3 && r != 4) {
            throw new LayerException("`" + op.type() + "` on rank-" + r + " input has no NeuralNetwork form here "
                    + "(1-d, 2-d and 3-d convolutions only)", "convert to the ML Program target");
        }
        boolean is1d = r == 3;
        TensorValue w = constValue(op, "weight");
        long[] ws = w.shape().toLongArray();
        int groups = value(op, "groups").map(v -> (int) v.scalarLong()).orElse(1);
        long[] strides = value(op, "strides").map(TensorValue::toLongArray).orElse(new long[] {1, 1});
        long[] dil = value(op, "dilations").map(TensorValue::toLongArray).orElse(new long[] {1, 1});
        String padType = value(op, "pad_type").map(TensorValue::scalarString).orElse("valid");
        long[] pad = value(op, "pad").map(TensorValue::toLongArray).orElse(new long[2 * (r - 2)]);
        ConvolutionLayerParams.Builder p = ConvolutionLayerParams.newBuilder().setNGroups(groups)
                .setIsDeconvolution(transpose).setWeights(out.weights(w));
        if (transpose) {
            p.setKernelChannels(ws[0]).setOutputChannels(ws[1] * groups);
            value(op, "output_shape").ifPresent(s -> {
                long[] os = s.toLongArray();
                for (int i = 2; i < os.length; i++) {
                    p.addOutputShape(os[i]);
                }
                if (is1d) {
                    p.addOutputShape(1);
                }
            });
        } else {
            p.setOutputChannels(ws[0]).setKernelChannels(ws[1]);
        }
        p.addKernelSize(ws[2]).addKernelSize(is1d ? 1 : ws[3]);
        p.addStride(strides[0]).addStride(is1d ? 1 : strides[1]);
        p.addDilationFactor(dil[0]).addDilationFactor(is1d ? 1 : dil[1]);
        if (padType.equals("same")) {
            p.setSame(SamePadding.getDefaultInstance());
        } else if (padType.equals("valid") || padType.equals("custom")) {
            long[] pads = is1d ? new long[] {pad[0], pad[1], 0, 0} : pad;
            p.setValid(ValidPadding.newBuilder().setPaddingAmounts(borders(pads, 2)));
        } else {
            throw new LayerException("`" + op.type() + "` pad_type `" + padType + "` has no NeuralNetwork form",
                    "use pad_type valid, same or custom, or convert to the ML Program target");
        }
        value(op, "bias").ifPresent(b -> p.setHasBias(true).setBias(Weights.of(b)));
        String xIn = out.input(x);
        String result = out.name(op.output());
        if (is1d) {
            String expanded = op.name() + "_expand_dim";
            out.add(expanded, xIn, expanded, l -> l.setExpandDims(ExpandDimsLayerParams.newBuilder().addAxes(3)));
            String convOut = result + "_expanded";
            out.add(convOut, expanded, convOut, l -> l.setConvolution(p));
            out.add(op.name(), convOut, result, l -> l.setSqueeze(SqueezeLayerParams.newBuilder().addAxes(3)));
        } else {
            out.add(op.name(), xIn, result, l -> l.setConvolution(p));
        }
    }

    private static void pool(Operation op, LayerEmitter out, PoolingLayerParams.PoolingType type) {
        Var x = op.requireInput("x");
        long[] k = constLongs(op, "kernel_sizes");
        if (k.length == 3 && type != PoolingLayerParams.PoolingType.L2) {
            Pooling3d.emit(op, out, type == PoolingLayerParams.PoolingType.MAX
                    ? Pooling3DLayerParams.PoolingType3D.MAX : Pooling3DLayerParams.PoolingType3D.AVERAGE);
            return;
        }
        if (k.length != 2) {
            throw new LayerException("`" + op.type() + "` with " + k.length + " spatial dims has no NeuralNetwork "
                    + "form here (2-d pooling, and 3-d max and average pooling)",
                    "convert to the ML Program target");
        }
        long[] s = constLongs(op, "strides");
        String padType = constString(op, "pad_type");
        long[] pad = value(op, "pad").map(TensorValue::toLongArray).orElse(new long[4]);
        boolean ceil = value(op, "ceil_mode").map(TensorValue::scalarBoolean).orElse(false);
        boolean exclude = op.def().inputs().param("exclude_padding_from_average").isPresent()
                ? constBool(op, "exclude_padding_from_average") : true;
        PoolingLayerParams.Builder p = PoolingLayerParams.newBuilder().setType(type).addKernelSize(k[0])
                .addKernelSize(k[1]).addStride(s[0]).addStride(s[1]).setAvgPoolExcludePadding(exclude);
        if (padType.equals("same")) {
            p.setSame(SamePadding.getDefaultInstance());
        } else if (ceil) {
            p.setIncludeLastPixel(PoolingLayerParams.ValidCompletePadding.newBuilder().addPaddingAmounts(pad[0])
                    .addPaddingAmounts(pad[2]));
        } else {
            p.setValid(ValidPadding.newBuilder().setPaddingAmounts(borders(pad, 2)));
        }
        out.add(op.name(), out.input(x), out.name(op.output()), l -> l.setPooling(p));
    }

    private static void batchNorm(Operation op, LayerEmitter out, boolean instance) {
        Var x = op.requireInput("x");
        int channels = (int) staticDim(op, x, 1);
        BatchnormLayerParams.Builder p = BatchnormLayerParams.newBuilder().setChannels(channels)
                .setEpsilon(constFloat(op, "epsilon")).setInstanceNormalization(instance).setComputeMeanVar(instance)
                .setGamma(value(op, "gamma").map(Weights::of).orElse(Weights.filled(channels, 1)))
                .setBeta(value(op, "beta").map(Weights::of).orElse(Weights.filled(channels, 0)));
        if (!instance) {
            p.setMean(Weights.of(constValue(op, "mean"))).setVariance(Weights.of(constValue(op, "variance")));
        }
        if (rank(x) == 3) {
            String expanded = op.name() + "_expanded";
            String normed = out.name(op.output()) + "_batch_norm";
            out.add(expanded, out.input(x), expanded, l -> l.setExpandDims(ExpandDimsLayerParams.newBuilder()
                    .addAxes(-1)));
            out.add(op.name(), expanded, normed, l -> l.setBatchnorm(p));
            out.add(op.name() + "_squeeze", normed, out.name(op.output()), l -> l.setSqueeze(
                    SqueezeLayerParams.newBuilder().addAxes(-1)));
        } else {
            out.add(op.name(), out.input(x), out.name(op.output()), l -> l.setBatchnorm(p));
        }
    }

    // over the last axis of a rank-2 or rank-3 tensor: reshape to [..., C, 1, 1], mvn, scale, reshape back
    private static void layerNorm(Operation op, LayerEmitter out) {
        Var x = op.requireInput("x");
        Shape shape = x.tensorType().shape();
        long[] axes = value(op, "axes").map(TensorValue::toLongArray).orElse(new long[0]);
        int r = shape.rank();
        float eps = constFloat(op, "epsilon");
        if (!shape.isStatic()) {
            throw new LayerException("`layer_norm` needs a static input shape for the NeuralNetwork target, got "
                    + shape);
        }
        long[] dims = shape.toLongArray();
        long[] normalized = new long[axes.length];
        int count = 1;
        for (int i = 0; i < axes.length; i++) {
            normalized[i] = dims[r - axes.length + i];
            count *= (int) normalized[i];
        }
        TensorValue gamma = value(op, "gamma").orElse(null);
        TensorValue beta = value(op, "beta").orElse(null);
        String prefix = op.name();
        if ((r == 2 || r == 3) && axes.length == 1 && (axes[0] == r - 1 || axes[0] == -1)) {
            long c = dims[r - 1];
            String reshaped = prefix + "_reshape";
            String mvn = prefix + "_mvn";
            String scaled = prefix + "_scale";
            ReshapeStaticLayerParams.Builder to4 = ReshapeStaticLayerParams.newBuilder();
            for (int i = 0; i < r - 1; i++) {
                to4.addTargetShape(dims[i]);
            }
            to4.addTargetShape(1).addTargetShape(c);
            // the normalized channel axis goes last: [..., 1, C] normalizes over the last three dims (1 * 1 * C)
            out.add(reshaped, out.input(x), reshaped, l -> l.setReshapeStatic(to4));
            out.add(mvn, reshaped, mvn, l -> l.setMvn(MeanVarianceNormalizeLayerParams.newBuilder()
                    .setNormalizeVariance(true).setEpsilon(eps)));
            ScaleLayerParams.Builder s = ScaleLayerParams.newBuilder().addShapeScale(1).addShapeScale(1)
                    .addShapeScale(c).setScale(gamma != null ? Weights.of(gamma) : Weights.filled((int) c, 1))
                    .setHasBias(true).addShapeBias(1).addShapeBias(1).addShapeBias(c)
                    .setBias(beta != null ? Weights.of(beta) : Weights.filled((int) c, 0));
            out.add(scaled, mvn, scaled, l -> l.setScale(s));
            ReshapeStaticLayerParams.Builder back = ReshapeStaticLayerParams.newBuilder();
            for (long d : dims) {
                back.addTargetShape(d);
            }
            out.add(op.name(), scaled, out.name(op.output()), l -> l.setReshapeStatic(back));
            return;
        }
        LayerNormalizationLayerParams.Builder p = LayerNormalizationLayerParams.newBuilder().setEps(eps)
                .setGamma(gamma != null ? Weights.of(gamma) : Weights.filled(count, 1))
                .setBeta(beta != null ? Weights.of(beta) : Weights.filled(count, 0));
        for (long d : normalized) {
            p.addNormalizedShape(d);
        }
        out.add(op.name(), out.input(x), out.name(op.output()), l -> l.setLayerNormalization(p));
    }
}
