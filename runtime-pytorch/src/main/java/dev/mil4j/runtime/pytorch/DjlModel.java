package dev.mil4j.runtime.pytorch;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import dev.mil4j.converter.spi.ReferenceModel;
import dev.mil4j.converter.spi.ReferenceRuntimeException;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A TorchScript module loaded by DJL. {@code forward}'s arguments are positional: the inputs are passed in the
 * order given; integer inputs are passed as int64 (PyTorch's integer type for indices). A returned tuple is
 * flattened; outputs are named {@code output0}, {@code output1}, ... in order. libtorch exposes no intermediate
 * values of a scripted module.
 */
final class DjlModel implements ReferenceModel {
    private final Path file;
    private final Model model;
    private final Predictor<NDList, NDList> predictor;

    DjlModel(Path file, Model model) {
        this.file = file;
        this.model = model;
        this.predictor = model.newPredictor(new NoopTranslator());
    }

    @Override
    public Map<String, TensorValue> run(Map<String, TensorValue> inputs) {
        return PyTorchReferenceRuntime.withPluginLoader(() -> {
            try (NDManager manager = model.getNDManager().newSubManager()) {
                NDList in = new NDList();
                for (TensorValue v : inputs.values()) {
                    in.add(array(manager, v));
                }
                NDList out = predictor.predict(in);
                Map<String, TensorValue> values = new LinkedHashMap<>();
                for (NDArray a : out) {
                    values.put("output" + values.size(), value(a));
                }
                out.close();
                return values;
            } catch (TranslateException | RuntimeException e) {
                throw new ReferenceRuntimeException("PyTorch failed to run " + file + ": " + e.getMessage(), e);
            }
        });
    }

    private static NDArray array(NDManager m, TensorValue v) {
        ai.djl.ndarray.types.Shape shape = new ai.djl.ndarray.types.Shape(v.shape().toLongArray());
        return switch (v.dtype()) {
            case FP16, FP32 -> m.create(v.toFloatArray(), shape);
            case FP64 -> m.create(v.toDoubleArray(), shape);
            case BOOL -> {
                boolean[] b = new boolean[Math.toIntExact(v.elementCount())];
                for (int i = 0; i < b.length; i++) {
                    b[i] = v.getBoolean(i);
                }
                yield m.create(b, shape);
            }
            default -> {
                if (v.dtype() == DType.STRING) {
                    throw new ReferenceRuntimeException("a string input cannot be passed to PyTorch");
                }
                yield m.create(v.toLongArray(), shape);
            }
        };
    }

    private static TensorValue value(NDArray a) {
        Shape shape = Shape.of(a.getShape().getShape());
        return switch (a.getDataType()) {
            case FLOAT32 -> TensorValue.ofFloats(shape, a.toFloatArray());
            case FLOAT64 -> TensorValue.ofDoubles(shape, a.toDoubleArray());
            case FLOAT16 -> TensorValue.ofFloats(shape, a.toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                    .toFloatArray());
            case INT32 -> TensorValue.ofInts(shape, a.toIntArray());
            case INT64 -> TensorValue.ofLongs(shape, a.toLongArray());
            case BOOLEAN -> TensorValue.ofBools(shape, a.toBooleanArray());
            default -> throw new ReferenceRuntimeException("PyTorch returned an output of type " + a.getDataType()
                    + ", which the comparison does not read");
        };
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
