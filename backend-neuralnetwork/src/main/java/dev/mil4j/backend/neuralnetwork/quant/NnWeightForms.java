package dev.mil4j.backend.neuralnetwork.quant;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.mil4j.spec.proto.QuantizationParams;
import dev.mil4j.spec.proto.WeightParams;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the weights of NeuralNetwork layers are stored, for {@code inspect}: each {@link WeightParams} named by its
 * form ({@code fp32}, {@code fp16}, {@code 8-bit linear}, {@code 4-bit lookup table}, ...) with the bytes it holds.
 */
public final class NnWeightForms {
    private NnWeightForms() {
    }

    /** The form of one weight. */
    public static String form(WeightParams w) {
        if (w.hasQuantization()) {
            QuantizationParams q = w.getQuantization();
            String kind = q.hasLinearQuantization() ? "linear" : q.hasLookupTableQuantization() ? "lookup table"
                    : "quantized";
            return q.getNumberOfBits() + "-bit " + kind;
        }
        if (!w.getFloat16Value().isEmpty()) {
            return "fp16";
        }
        return w.getFloatValueCount() > 0 ? "fp32" : "empty";
    }

    /** The stored bytes of one weight: values, plus scales and biases or the table. */
    public static long bytes(WeightParams w) {
        QuantizationParams q = w.getQuantization();
        return 4L * w.getFloatValueCount() + w.getFloat16Value().size() + w.getRawValue().size()
                + 4L * (q.getLinearQuantization().getScaleCount() + q.getLinearQuantization().getBiasCount()
                        + q.getLookupTableQuantization().getFloatValueCount());
    }

    /** Per form, the number of non-empty weights and their bytes, over every weight inside {@code messages}. */
    public static Map<String, long[]> count(List<? extends Message> messages) {
        Map<String, long[]> out = new TreeMap<>();
        messages.forEach(m -> visit(m, out));
        return out;
    }

    private static void visit(Message message, Map<String, long[]> out) {
        if (message instanceof WeightParams w) {
            String form = form(w);
            if (!form.equals("empty")) {
                long[] c = out.computeIfAbsent(form, k -> new long[2]);
                c[0]++;
                c[1] += bytes(w);
            }
            return;
        }
        for (Map.Entry<FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
            if (e.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE || e.getKey().isMapField()) {
                continue;
            }
            if (e.getKey().isRepeated()) {
                ((List<?>) e.getValue()).forEach(m -> visit((Message) m, out));
            } else {
                visit((Message) e.getValue(), out);
            }
        }
    }
}
