package dev.mil4j.frontend.pytorch;

import static java.util.Objects.requireNonNull;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.util.Pair;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DJL PyTorch (libtorch 2.7.1, offline) as the numerical reference of the parity tests: it loads a TorchScript
 * archive as PyTorch itself does, lists the parameters PyTorch sees and runs {@code forward} on given inputs. Test
 * scope only: the frontend never needs a native runtime.
 */
final class TorchReference implements AutoCloseable {
    private static volatile long engineNanos = -1;

    private final Model model;
    private final Predictor<NDList, NDList> predictor;

    private TorchReference(Model model) {
        this.model = model;
        this.predictor = model.newPredictor(new NoopTranslator());
    }

    /**
     * The PyTorch engine, started once; the first start extracts libtorch (about 430 MB) into {@code ~/.djl.ai}
     * unless it is there already.
     */
    static synchronized Engine engine() {
        long start = System.nanoTime();
        Engine e = Engine.getEngine("PyTorch");
        if (engineNanos < 0) {
            engineNanos = System.nanoTime() - start;
        }
        return e;
    }

    /** How long starting the engine took (libtorch extraction on a fresh machine, loading it otherwise). */
    static long engineNanos() {
        engine();
        return engineNanos;
    }

    /** Loads {@code file} ({@code NAME.pt}) with DJL's PyTorch engine. */
    static TorchReference load(Path file) {
        requireNonNull(file, "file is null");
        engine();
        String name = file.getFileName().toString();
        String stem = name.substring(0, name.lastIndexOf('.'));
        Model model = Model.newInstance(stem, "PyTorch");
        try {
            model.load(file.toAbsolutePath().getParent(), stem);
        } catch (IOException e) {
            model.close();
            throw new UncheckedIOException(e);
        } catch (MalformedModelException e) {
            model.close();
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        }
        return new TorchReference(model);
    }

    /** The parameters PyTorch lists for the module tree ({@code named_parameters}), by dotted name. */
    Map<String, TensorValue> parameters() {
        Map<String, TensorValue> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            out.put(p.getKey(), toValue(p.getValue().getArray()));
        }
        return out;
    }

    /** Runs {@code forward} on the inputs (in argument order); a returned tuple is flattened. */
    List<TensorValue> run(List<TensorValue> inputs) {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDList in = new NDList();
            for (TensorValue v : inputs) {
                in.add(toArray(manager, v));
            }
            NDList out = predictor.predict(in);
            List<TensorValue> values = new ArrayList<>();
            for (NDArray a : out) {
                values.add(toValue(a));
            }
            out.close();
            return values;
        } catch (TranslateException e) {
            throw new IllegalStateException("PyTorch failed to run " + model.getName() + ": " + e.getMessage(), e);
        }
    }

    private static NDArray toArray(NDManager m, TensorValue v) {
        long[] dims = new long[v.shape().rank()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = v.shape().dim(i).size();
        }
        ai.djl.ndarray.types.Shape shape = new ai.djl.ndarray.types.Shape(dims);
        return switch (v.dtype()) {
            case FP32 -> m.create(v.toFloatArray(), shape);
            case FP64 -> m.create(v.toDoubleArray(), shape);
            case INT32 -> m.create(v.toIntArray(), shape);
            case INT64 -> m.create(v.toLongArray(), shape);
            case BOOL -> {
                boolean[] b = new boolean[(int) v.elementCount()];
                for (int i = 0; i < b.length; i++) {
                    b[i] = v.getBoolean(i);
                }
                yield m.create(b, shape);
            }
            default -> throw new IllegalArgumentException("no DJL array for " + v.dtype());
        };
    }

    static TensorValue toValue(NDArray a) {
        Shape shape = Shape.of(a.getShape().getShape());
        return switch (a.getDataType()) {
            case FLOAT32 -> TensorValue.ofFloats(shape, a.toFloatArray());
            case FLOAT64 -> TensorValue.ofDoubles(shape, a.toDoubleArray());
            case INT32 -> TensorValue.ofInts(shape, a.toIntArray());
            case INT64 -> TensorValue.ofLongs(shape, a.toLongArray());
            case BOOLEAN -> TensorValue.ofBools(shape, a.toBooleanArray());
            default -> throw new IllegalArgumentException("no tensor value for DJL dtype " + a.getDataType());
        };
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
