package dev.mil4j.backend.neuralnetwork.quant;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.mil4j.spec.proto.BatchedMatMulLayerParams;
import dev.mil4j.spec.proto.ConvolutionLayerParams;
import dev.mil4j.spec.proto.EmbeddingLayerParams;
import dev.mil4j.spec.proto.InnerProductLayerParams;
import dev.mil4j.spec.proto.Model;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import dev.mil4j.spec.proto.WeightParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The NeuralNetwork format's own weight quantization (coremltools' {@code quantize_weights} with 8 bits
 * {@code linear}, or {@code kmeans_lut} / {@code linear_lut}): the weight matrices of inner-product, convolution,
 * embedding and batched-matmul layers become {@code rawValue} bytes with {@code quantization} parameters, anywhere
 * in the model (classifiers, regressors, pipelines and the bodies of control-flow layers included). Linear
 * quantization has one scale and bias per output channel (per tensor for deconvolutions and batched matmuls, whose
 * output channels are not the outer axis); a lookup table is one per weight. Weights under the minimum size, biases
 * and weights already quantized are kept. Core ML runs such models from specification version 2 (iOS 12) on.
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

    private Message walk(Message message, String layer) {
        if (message instanceof NeuralNetworkLayer l) {
            layer = l.getName();
        } else if (message instanceof InnerProductLayerParams p && p.hasWeights()) {
            return p.toBuilder().setWeights(weight(p.getWeights(), layer, (int) p.getOutputChannels())).build();
        } else if (message instanceof ConvolutionLayerParams p && p.hasWeights()) {
            int channels = p.getIsDeconvolution() ? 1 : (int) p.getOutputChannels();
            return p.toBuilder().setWeights(weight(p.getWeights(), layer, channels)).build();
        } else if (message instanceof EmbeddingLayerParams p && p.hasWeights()) {
            return p.toBuilder().setWeights(weight(p.getWeights(), layer, (int) p.getOutputChannels())).build();
        } else if (message instanceof BatchedMatMulLayerParams p && p.hasWeights()) {
            return p.toBuilder().setWeights(weight(p.getWeights(), layer, 1)).build();
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

    private WeightParams weight(WeightParams w, String layer, int channels) {
        long bytes = w.getSerializedSize();
        if (w.hasQuantization()) {
            return keep(w, layer, 0, bytes, "already quantized");
        }
        int count = w.getFloatValueCount() > 0 ? w.getFloatValueCount() : w.getFloat16Value().size() / 2;
        if (count == 0) {
            return keep(w, layer, 0, bytes, "no values");
        }
        if (count < options.minWeightSize()) {
            return keep(w, layer, count, bytes, "under " + options.minWeightSize() + " values");
        }
        if (channels < 1 || count % channels != 0) {
            channels = 1; // a malformed channel count: one scale for the whole weight rather than a wrong split
        }
        float[] values = NnWeightCodec.dequantize(w, count);
        WeightParams q = switch (options.mode()) {
            case LINEAR -> NnWeightCodec.linear8(values, channels);
            case LOOKUP_TABLE_KMEANS -> NnWeightCodec.lookupTable(values,
                    LookupTables.kmeans(values, options.bits()), options.bits());
            case LOOKUP_TABLE_UNIFORM -> NnWeightCodec.lookupTable(values,
                    LookupTables.uniform(values, options.bits()), options.bits());
        };
        float[] back = NnWeightCodec.dequantize(q, count);
        double error = 0;
        for (int i = 0; i < count; i++) {
            error = Math.max(error, Math.abs((double) back[i] - values[i]));
        }
        reports.add(new NnWeightReport(layer, "weights", count, options.bits(), bytes, q.getSerializedSize(), error,
                ""));
        return q;
    }

    private WeightParams keep(WeightParams w, String layer, long count, long bytes, String why) {
        reports.add(new NnWeightReport(layer, "weights", count, w.getFloat16Value().isEmpty() ? 32 : 16, bytes, bytes,
                0, why));
        return w;
    }
}
