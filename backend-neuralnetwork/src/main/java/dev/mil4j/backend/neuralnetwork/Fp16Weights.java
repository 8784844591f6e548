package dev.mil4j.backend.neuralnetwork;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.mil4j.core.value.Fp16;
import dev.mil4j.spec.proto.WeightParams;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

/**
 * Stores every fp32 weight of a model as fp16 ({@code WeightParams.floatValue} becomes {@code float16Value}, raw
 * little-endian binary16, rounded to nearest even), halving the file: what coremltools' 16-bit weight quantization
 * does. One walk over the message tree, so every layer kind (custom layers included) is covered alike.
 */
final class Fp16Weights {
    private Fp16Weights() {
    }

    /** The message (a model, a layer) with every fp32 weight inside it stored as fp16. */
    @SuppressWarnings("unchecked")
    static <M extends Message> M convert(M message) {
        return (M) convertAny(message);
    }

    private static Message convertAny(Message message) {
        if (message instanceof WeightParams w) {
            return toFp16(w);
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
                    b.setRepeatedField(f, i, convertAny((Message) items.get(i)));
                }
            } else {
                b.setField(f, convertAny((Message) e.getValue()));
            }
        }
        return b == null ? message : b.build();
    }

    private static WeightParams toFp16(WeightParams w) {
        if (w.getFloatValueCount() == 0) {
            return w;
        }
        ByteBuffer bits = ByteBuffer.allocate(2 * w.getFloatValueCount()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < w.getFloatValueCount(); i++) {
            bits.putShort(Fp16.fromFloat(w.getFloatValue(i)));
        }
        bits.flip();
        return w.toBuilder().clearFloatValue().setFloat16Value(ByteString.copyFrom(bits)).build();
    }
}
