package dev.mil4j.backend.neuralnetwork.reader;

import static dev.mil4j.backend.neuralnetwork.reader.ReadContext.count;
import static dev.mil4j.backend.neuralnetwork.reader.ReadContext.ints;
import static dev.mil4j.backend.neuralnetwork.reader.ReadContext.rank;
import static dev.mil4j.backend.neuralnetwork.reader.ReadContext.weight;

import dev.mil4j.core.ir.Var;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.spec.proto.BatchedMatMulLayerParams;
import dev.mil4j.spec.proto.BatchnormLayerParams;
import dev.mil4j.spec.proto.InnerProductLayerParams;
import dev.mil4j.spec.proto.LayerNormalizationLayerParams;
import dev.mil4j.spec.proto.MeanVarianceNormalizeLayerParams;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import dev.mil4j.spec.proto.NeuralNetworkLayer.LayerCase;
import dev.mil4j.spec.proto.WeightParams;
import java.util.Map;

/**
 * Weighted and normalizing layers: {@code innerProduct}, {@code batchedMatmul}, {@code embedding},
 * {@code embeddingND}, {@code batchnorm}, {@code scale}, {@code bias}, {@code mvn}, {@code l2normalize},
 * {@code lrn}, {@code layerNormalization}. Convolution and pooling are in {@link ConvReaders}.
 */
final class NnReaders {
    private NnReaders() {
    }

    static Map<LayerCase, LayerReader> readers() {
        return Map.ofEntries(
                Map.entry(LayerCase.INNERPRODUCT, NnReaders::innerProduct),
                Map.entry(LayerCase.BATCHEDMATMUL, NnReaders::batchedMatmul),
                Map.entry(LayerCase.EMBEDDING, (l, cx) -> embedding(cx, l.getEmbedding().getInputDim(),
                        l.getEmbedding().getOutputChannels(), l.getEmbedding().getWeights(),
                        l.getEmbedding().getHasBias() ? l.getEmbedding().getBias() : null, 3)),
                Map.entry(LayerCase.EMBEDDINGND, (l, cx) -> embedding(cx, l.getEmbeddingND().getVocabSize(),
                        l.getEmbeddingND().getEmbeddingSize(), l.getEmbeddingND().getWeights(),
                        l.getEmbeddingND().getHasBias() ? l.getEmbeddingND().getBias() : null, 1)),
                Map.entry(LayerCase.BATCHNORM, NnReaders::batchnorm),
                Map.entry(LayerCase.SCALE, NnReaders::scale),
                Map.entry(LayerCase.BIAS, (l, cx) -> cx.output(cx.op("add").input("x", cx.in(0))
                        .input("y", chw(l.getBias().getBias(), l.getBias().getShapeList(), "bias")).output())),
                Map.entry(LayerCase.MVN, NnReaders::mvn),
                Map.entry(LayerCase.L2NORMALIZE, (l, cx) -> cx.output(cx.op("l2_norm").input("x", cx.in(0))
                        .input("epsilon", TensorValue.scalar(l.getL2Normalize().getEpsilon())).output())),
                Map.entry(LayerCase.LRN, (l, cx) -> cx.output(cx.op("local_response_norm").input("x", cx.in(0))
                        .input("size", TensorValue.scalar((int) l.getLrn().getLocalSize()))
                        .input("alpha", TensorValue.scalar(l.getLrn().getAlpha()))
                        .input("beta", TensorValue.scalar(l.getLrn().getBeta()))
                        .input("k", TensorValue.scalar(l.getLrn().getK())).output())),
                Map.entry(LayerCase.LAYERNORMALIZATION, NnReaders::layerNormalization));
    }

    // over the last axis up to rank 3; a rank-4 or rank-5 input [..., C, H, W] is flattened over C, H, W and the
    // result is [..., C_out, 1, 1], as the rank-5 layer computes it
    private static void innerProduct(NeuralNetworkLayer l, ReadContext cx) {
        InnerProductLayerParams p = l.getInnerProduct();
        if (p.getInt8DynamicQuantize()) {
            throw new ReaderException("uses int8DynamicQuantize, which the interpreter does not run",
                    "dequantize the model's weights first");
        }
        long out = p.getOutputChannels();
        long in = p.getInputChannels();
        Var x = cx.in(0);
        TensorValue w = weight(p.getWeights(), "weights", out, in);
        int r = rank(x);
        Var flat = x;
        if (r >= 4) {
            long[] shape = new long[r - 2];
            long[] full = ReadContext.staticShape(x, "an innerProduct on rank " + r);
            System.arraycopy(full, 0, shape, 0, r - 3);
            shape[r - 3] = in;
            flat = cx.op("reshape").input("x", x).input("shape", ints(shape)).output();
        }
        var linear = cx.op("linear").input("x", flat).input("weight", w);
        if (p.getHasBias()) {
            linear.input("bias", weight(p.getBias(), "bias", out));
        }
        Var y = linear.output();
        if (r >= 4) {
            y = cx.op("expand_dims").input("x", y).input("axes", ints(-1, -2)).output();
        }
        cx.output(y);
    }

    // two inputs: x @ y; one input: x @ W, W stored [first, second] row-major
    private static void batchedMatmul(NeuralNetworkLayer l, ReadContext cx) {
        BatchedMatMulLayerParams p = l.getBatchedMatmul();
        if (p.getInt8DynamicQuantize()) {
            throw new ReaderException("uses int8DynamicQuantize, which the interpreter does not run",
                    "dequantize the model's weights first");
        }
        Var x = cx.in(0);
        if (cx.inputCount() >= 2) {
            cx.output(cx.op("matmul").input("x", x).input("y", cx.in(1))
                    .input("transpose_x", TensorValue.scalar(p.getTransposeA()))
                    .input("transpose_y", TensorValue.scalar(p.getTransposeB())).output());
            return;
        }
        long first = p.getWeightMatrixFirstDimension();
        long second = p.getWeightMatrixSecondDimension();
        Var y = cx.op("matmul").input("x", x).input("y", cx.constant(weight(p.getWeights(), "weights", first, second)))
                .input("transpose_x", TensorValue.scalar(p.getTransposeA())).output();
        if (p.getHasBias()) {
            y = cx.op("add").input("x", y).input("y", weight(p.getBias(), "bias", second)).output();
        }
        cx.output(y);
    }

    // W is stored [size, vocab]; the indices lose their trailing unit dims and the rows of W^T are gathered
    private static void embedding(ReadContext cx, long vocab, long size, WeightParams weights, WeightParams bias,
            int unitDims) {
        Var x = cx.in(0);
        long[] squeeze = new long[unitDims];
        for (int i = 0; i < unitDims; i++) {
            squeeze[i] = -1 - i;
        }
        Var idx = cx.op("squeeze").input("x", cx.cast(x, dev.mil4j.core.types.DType.INT32))
                .input("axes", ints(squeeze)).output();
        TensorValue table = transpose(weight(weights, "weights", size, vocab));
        Var y = cx.op("gather").input("x", cx.constant(table)).input("indices", idx)
                .input("axis", TensorValue.scalar(0)).output();
        if (bias != null) {
            y = cx.op("add").input("x", y).input("y", weight(bias, "bias", size)).output();
        }
        if (unitDims == 3) {
            y = cx.op("expand_dims").input("x", y).input("axes", ints(-1, -2)).output();
        }
        cx.output(y);
    }

    static TensorValue transpose(TensorValue m) {
        long[] s = m.shape().toLongArray();
        float[] in = m.toFloatArray();
        float[] out = new float[in.length];
        int rows = (int) s[0];
        int cols = (int) s[1];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = in[r * cols + c];
            }
        }
        return TensorValue.ofFloats(dev.mil4j.core.types.Shape.of(cols, rows), out);
    }

    private static void batchnorm(NeuralNetworkLayer l, ReadContext cx) {
        BatchnormLayerParams p = l.getBatchnorm();
        long c = p.getChannels();
        TensorValue gamma = weight(p.getGamma(), "gamma", c);
        TensorValue beta = weight(p.getBeta(), "beta", c);
        TensorValue eps = TensorValue.scalar(p.getEpsilon());
        if (p.getInstanceNormalization()) {
            cx.output(cx.op("instance_norm").input("x", cx.in(0)).input("gamma", gamma).input("beta", beta)
                    .input("epsilon", eps).output());
            return;
        }
        if (p.getComputeMeanVar()) {
            throw new ReaderException("computes the mean and variance over the batch (computeMeanVar without "
                    + "instanceNormalization), which has no MIL op");
        }
        cx.output(cx.op("batch_norm").input("x", cx.in(0)).input("mean", weight(p.getMean(), "mean", c))
                .input("variance", weight(p.getVariance(), "variance", c)).input("gamma", gamma)
                .input("beta", beta).input("epsilon", eps).output());
    }

    private static void scale(NeuralNetworkLayer l, ReadContext cx) {
        var p = l.getScale();
        Var y = cx.op("mul").input("x", cx.in(0)).input("y", chw(p.getScale(), p.getShapeScaleList(), "scale"))
                .output();
        if (p.getHasBias()) {
            y = cx.op("add").input("x", y).input("y", chw(p.getBias(), p.getShapeBiasList(), "bias")).output();
        }
        cx.output(y);
    }

    // a [1], [C], [1, H, W] or [C, H, W] parameter, broadcast against the last three axes of the input
    private static TensorValue chw(WeightParams w, java.util.List<Long> shape, String what) {
        long[] s = shape.stream().mapToLong(Long::longValue).toArray();
        if (s.length == 0) {
            s = new long[] {count(w)};
        }
        if (s.length == 1) {
            return s[0] == 1 ? weight(w, what, 1) : weight(w, what, s[0], 1, 1);
        }
        return weight(w, what, s);
    }

    // normalized over [H, W], or [C, H, W] across channels, as layer_norm without scale (the inverse of the backend)
    private static void mvn(NeuralNetworkLayer l, ReadContext cx) {
        MeanVarianceNormalizeLayerParams p = l.getMvn();
        Var x = cx.in(0);
        TensorValue axes = p.getAcrossChannels() ? ints(-3, -2, -1) : ints(-2, -1);
        if (p.getNormalizeVariance()) {
            cx.output(cx.op("layer_norm").input("x", x).input("axes", axes)
                    .input("epsilon", TensorValue.scalar(p.getEpsilon())).output());
            return;
        }
        Var mean = cx.op("reduce_mean").input("x", x).input("axes", axes).input("keep_dims", TensorValue.scalar(true))
                .output();
        cx.output(cx.op("sub").input("x", x).input("y", mean).output());
    }

    private static void layerNormalization(NeuralNetworkLayer l, ReadContext cx) {
        LayerNormalizationLayerParams p = l.getLayerNormalization();
        long[] shape = p.getNormalizedShapeList().stream().mapToLong(Long::longValue).toArray();
        long[] axes = new long[shape.length];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i - shape.length;
        }
        cx.output(cx.op("layer_norm").input("x", cx.in(0)).input("axes", ints(axes))
                .input("gamma", weight(p.getGamma(), "gamma", shape)).input("beta", weight(p.getBeta(), "beta", shape))
                .input("epsilon", TensorValue.scalar(p.getEps())).output());
    }
}
