package dev.mil4j.backend.neuralnetwork.reader;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.spec.proto.ArrayFeatureType;
import dev.mil4j.spec.proto.FeatureDescription;
import dev.mil4j.spec.proto.ImageFeatureType;
import dev.mil4j.spec.proto.NeuralNetworkImageScaler;
import dev.mil4j.spec.proto.NeuralNetworkPreprocessing;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A NeuralNetwork model's inputs as MIL function inputs: a MultiArray with its shape (a flexible one with its default
 * shape) and dtype; an image as an fp32 {@code [1, C, H, W]} tensor of 0..255 pixels in the image's channel order,
 * then the model's preprocessing ({@code scaler}: {@code x * channelScale + bias[c]}, the biases in the image's
 * channel order; {@code meanImage}: {@code x - mean}) as MIL ops, as Core ML applies it before the first layer.
 */
final class ModelInputs {
    private ModelInputs() {
    }

    /** The function inputs for the model's input features. */
    static Map<String, ValueType> types(List<FeatureDescription> inputs) {
        Map<String, ValueType> out = new LinkedHashMap<>();
        for (FeatureDescription f : inputs) {
            if (out.put(f.getName(), type(f)) != null) {
                throw new ReaderException("the model declares input `" + f.getName() + "` twice",
                        "the file is corrupt or was edited by hand: each input needs its own name");
            }
        }
        return out;
    }

    private static TensorType type(FeatureDescription f) {
        var t = f.getType();
        if (t.hasMultiArrayType()) {
            ArrayFeatureType a = t.getMultiArrayType();
            long[] shape = a.getShapeList().stream().mapToLong(Long::longValue).toArray();
            if (shape.length == 0 && a.hasEnumeratedShapes() && a.getEnumeratedShapes().getShapesCount() > 0) {
                shape = a.getEnumeratedShapes().getShapes(0).getShapeList().stream().mapToLong(Long::longValue)
                        .toArray();
            } else if (shape.length == 0 && a.hasShapeRange()) {
                shape = a.getShapeRange().getSizeRangesList().stream().mapToLong(r -> r.getLowerBound()).toArray();
            }
            DType dtype = switch (a.getDataType()) {
                case FLOAT32 -> DType.FP32;
                case DOUBLE -> DType.FP64;
                case FLOAT16 -> DType.FP16;
                case INT32 -> DType.INT32;
                default -> throw new ReaderException("input `" + f.getName() + "` has array data type "
                        + a.getDataType() + ", which the reader does not support");
            };
            return TensorType.of(dtype, shape);
        }
        if (t.hasImageType()) {
            ImageFeatureType i = t.getImageType();
            long channels = switch (i.getColorSpace()) {
                case RGB, BGR -> 3;
                case GRAYSCALE, GRAYSCALE_FLOAT16 -> 1;
                default -> throw new ReaderException("image input `" + f.getName() + "` has color space "
                        + i.getColorSpace() + ", which the reader does not support");
            };
            return TensorType.of(DType.FP32, 1, channels, i.getHeight(), i.getWidth());
        }
        throw new ReaderException("input `" + f.getName() + "` is of type " + t.getTypeCase()
                + "; the reader runs MultiArray and image inputs",
                "give the model MultiArray inputs (mil4j edit cannot change a feature's type)");
    }

    /**
     * Binds each input var as its blob: cast to fp32, with the preprocessing of an image input applied.
     */
    static void bind(List<FeatureDescription> inputs, List<Var> vars, List<NeuralNetworkPreprocessing> preprocessing,
            ReadContext cx) {
        for (int i = 0; i < inputs.size(); i++) {
            FeatureDescription f = inputs.get(i);
            Var v = cx.cast(vars.get(i), DType.FP32);
            for (NeuralNetworkPreprocessing p : preprocessing) {
                if (p.getFeatureName().equals(f.getName()) || (p.getFeatureName().isEmpty() && inputs.size() == 1)) {
                    v = preprocess(cx.builder(), v, p, f);
                }
            }
            cx.define(f.getName(), v);
        }
    }

    private static Var preprocess(Builder b, Var x, NeuralNetworkPreprocessing p, FeatureDescription f) {
        if (p.hasMeanImage()) {
            long[] shape = x.tensorType().shape().toLongArray();
            float[] mean = new float[p.getMeanImage().getMeanImageCount()];
            for (int i = 0; i < mean.length; i++) {
                mean[i] = p.getMeanImage().getMeanImage(i);
            }
            if (mean.length != shape[1] * shape[2] * shape[3]) {
                throw new ReaderException("the mean image of input `" + f.getName() + "` has " + mean.length
                        + " values for an image of shape " + x.tensorType().shape());
            }
            return b.op("sub").input("x", x).input("y", TensorValue.ofFloats(Shape.of(shape[1], shape[2], shape[3]),
                    mean)).output();
        }
        if (!p.hasScaler()) {
            return x;
        }
        NeuralNetworkImageScaler s = p.getScaler();
        float scale = s.getChannelScale() == 0 ? 1 : s.getChannelScale();
        boolean color = f.getType().hasImageType() && switch (f.getType().getImageType().getColorSpace()) {
            case RGB, BGR -> true;
            default -> false;
        };
        TensorValue bias;
        if (color) {
            boolean bgr = f.getType().getImageType().getColorSpace() == ImageFeatureType.ColorSpace.BGR;
            float[] v = bgr ? new float[] {s.getBlueBias(), s.getGreenBias(), s.getRedBias()}
                    : new float[] {s.getRedBias(), s.getGreenBias(), s.getBlueBias()};
            bias = TensorValue.ofFloats(Shape.of(3, 1, 1), v);
        } else {
            bias = TensorValue.scalar(s.getGrayBias());
        }
        Var scaled = b.op("mul").name(f.getName() + "__scaled__").input("x", x).input("y", TensorValue.scalar(scale))
                .output();
        return b.op("add").name(f.getName() + "__biased__").input("x", scaled).input("y", bias).output();
    }
}
