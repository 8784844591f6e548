package dev.mil4j.backend.neuralnetwork.quant;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.mil4j.spec.proto.BatchedMatMulLayerParams;
import dev.mil4j.spec.proto.BatchnormLayerParams;
import dev.mil4j.spec.proto.BiasLayerParams;
import dev.mil4j.spec.proto.ConvolutionLayerParams;
import dev.mil4j.spec.proto.EmbeddingLayerParams;
import dev.mil4j.spec.proto.EmbeddingNDLayerParams;
import dev.mil4j.spec.proto.GRULayerParams;
import dev.mil4j.spec.proto.InnerProductLayerParams;
import dev.mil4j.spec.proto.LSTMWeightParams;
import dev.mil4j.spec.proto.LoadConstantLayerParams;
import dev.mil4j.spec.proto.Model;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import dev.mil4j.spec.proto.ScaleLayerParams;
import dev.mil4j.spec.proto.SimpleRecurrentLayerParams;
import dev.mil4j.spec.proto.WeightParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The NeuralNetwork format's own weight quantization (coremltools' {@code quantize_weights} with 8 bits
 * {@code linear}, or {@code kmeans_lut} / {@code linear_lut}), anywhere in a model (classifiers, regressors,
 * pipelines and the bodies of control-flow layers included), layer by layer as coremltools selects them: every
 * {@link WeightParams} of the layers that carry weights (inner product, convolution, batched matmul, embedding,
 * embeddingND, batchnorm, scale, bias, loadConstant and the recurrent layers) becomes {@code rawValue} bytes with
 * {@code quantization} parameters, biases included, when the layer's largest weight has at least the minimum size.
 * Linear quantization has one scale and bias per output channel for the {@code weights} of inner-product,
 * convolution, deconvolution (along the weights' second axis) and embedding layers, and one per tensor otherwise
 * (batched matmuls, biases and the other parameters, as coremltools treats a vector as one channel); a lookup table
 * is one per weight. Weights
 * already quantized are kept. Core ML runs such models from specification version 2 (iOS 12) on.
 */
public final class NnWeightQuantizer {
    private final NnQuantization options;
    private final List<NnWeightReport> reports = new ArrayList<>();

    private NnWeightQuantizer(NnQuantization options) {
        this.options = options;
    }

    /** The quantized model and one report per weight considered, in model order. */
    public record Result(Model model, List<NnWeightReport> reports) {
    }

    /** {@code model} with its layer weights quantized as {@code options} say. */
    public static Result quantize(Model model, NnQuantization options) {
        requireNonNull(model, "model is null");
        NnWeightQuantizer q = new NnWeightQuantizer(requireNonNull(options, "options is null"));
        Model out = (Model) q.walk(model, "");
        if (out.getSpecificationVersion() < 2) {
            out = out.toBuilder().setSpecificationVersion(2).build();
        }
        return new Result(out, List.copyOf(q.reports));
    }

    private static final Set<Class<? extends Message>> WEIGHTED = Set.of(InnerProductLayerParams.class,
            ConvolutionLayerParams.class, BatchedMatMulLayerParams.class, EmbeddingLayerParams.class,
            EmbeddingNDLayerParams.class, BatchnormLayerParams.class, ScaleLayerParams.class, BiasLayerParams.class,
            LoadConstantLayerParams.class, SimpleRecurrentLayerParams.class, GRULayerParams.class,
            LSTMWeightParams.class);

    private Message walk(Message message, String layer) {
        if (message instanceof NeuralNetworkLayer l) {
            layer = l.getName();
        } else if (WEIGHTED.contains(message.getClass())) {
            return layerWeights(message, layer);
        }
        Message.Builder b = null;
        for (Map.Entry<FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
            FieldDescriptor f = e.getKey();
            if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE || f.isMapField()) {
                continue;
            }
            if (b == null) {
                b = message.toBuilder();
            }
            if (f.isRepeated()) {
                List<?> items = (List<?>) e.getValue();
                for (int i = 0; i < items.size(); i++) {
                    b.setRepeatedField(f, i, walk((Message) items.get(i), layer));
                }
            } else {
                b.setField(f, walk((Message) e.getValue(), layer));
            }
        }
        return b == null ? message : b.build();
    }

    // the layer is selected by its largest weight; then each of its weights is quantized
    private Message layerWeights(Message params, String layer) {
        List<FieldDescriptor> fields = new ArrayList<>();
        int largest = 0;
        for (Map.Entry<FieldDescriptor, Object> e : params.getAllFields().entrySet()) {
            if (e.getValue() instanceof WeightParams w && !e.getKey().isRepeated()) {
                fields.add(e.getKey());
                largest = Math.max(largest, count(w));
            }
        }
        if (fields.isEmpty()) {
            return params;
        }
        Message.Builder b = params.toBuilder();
        boolean selected = largest >= options.minWeightSize();
        for (FieldDescriptor f : fields) {
            WeightParams w = (WeightParams) params.getField(f);
            b.setField(f, selected ? weight(w, layer, f.getName(), channels(params, f.getName()),
                    inner(params, f.getName()))
                    : keep(w, layer, f.getName(), count(w), w.getSerializedSize(),
                            "layer's weights under " + options.minWeightSize() + " values"));
        }
        return b.build();
    }

    // one scale per output channel for the weight matrices whose outer axis is the output channel, else one
    private static int channels(Message params, String field) {
        if (!field.equals("weights")) {
            return 1;
        }
        if (params instanceof InnerProductLayerParams p) {
            return (int) p.getOutputChannels();
        }
        if (params instanceof ConvolutionLayerParams p) {
            return p.getIsDeconvolution() ? (int) (p.getOutputChannels() / Math.max(1, p.getNGroups()))
                    : (int) p.getOutputChannels();
        }
        if (params instanceof EmbeddingLayerParams p) {
            return (int) p.getOutputChannels();
        }
        if (params instanceof EmbeddingNDLayerParams p) {
            return (int) p.getEmbeddingSize();
        }
        return 1;
    }

    // a deconvolution's channels are its weights' second axis: kH * kW values apart
    private static int inner(Message params, String field) {
        if (field.equals("weights") && params instanceof ConvolutionLayerParams p && p.getIsDeconvolution()) {
            int k = 1;
            for (long d : p.getKernelSizeList()) {
                k *= (int) d;
            }
            return k;
        }
        return 0;
    }

    private static int count(WeightParams w) {
        return w.getFloatValueCount() > 0 ? w.getFloatValueCount() : w.getFloat16Value().size() / 2;
    }

    private WeightParams weight(WeightParams w, String layer, String field, int channels, int inner) {
        long bytes = w.getSerializedSize();
        if (w.hasQuantization()) {
            return keep(w, layer, field, 0, bytes, "already quantized");
        }
        int count = count(w);
        if (count == 0) {
            return keep(w, layer, field, 0, bytes, "no values");
        }
        if (channels < 1 || count % channels != 0 || (inner > 0 && count % ((long) inner * channels) != 0)) {
            channels = 1; // a malformed channel count: one scale for the whole weight rather than a wrong split
            inner = 0;
        }
        float[] values = NnWeightCodec.dequantize(w, count);
        WeightParams q = switch (options.mode()) {
            case LINEAR -> NnWeightCodec.linear8(values, channels, inner);
            case LOOKUP_TABLE_KMEANS -> NnWeightCodec.lookupTable(values,
                    LookupTables.kmeans(values, options.bits()), options.bits());
            case LOOKUP_TABLE_UNIFORM -> NnWeightCodec.lookupTable(values,
                    LookupTables.uniform(values, options.bits()), options.bits());
        };
        float[] back = NnWeightCodec.dequantize(q, count, inner);
        double error = 0;
        for (int i = 0; i < count; i++) {
            error = Math.max(error, Math.abs((double) back[i] - values[i]));
        }
        reports.add(new NnWeightReport(layer, field, count, options.bits(), bytes, q.getSerializedSize(), error, ""));
        return q;
    }

    private WeightParams keep(WeightParams w, String layer, String field, long count, long bytes, String why) {
        reports.add(new NnWeightReport(layer, field, count, w.getFloat16Value().isEmpty() ? 32 : 16, bytes, bytes,
                0, why));
        return w;
    }
}
