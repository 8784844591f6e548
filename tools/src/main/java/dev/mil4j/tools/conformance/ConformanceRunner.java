package dev.mil4j.tools.conformance;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.Precision;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.tools.conformance.Outcome.Cause;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one node test: converts the model to both targets (as {@code mil4j convert} would, nothing written), runs
 * the ML Program form (fp32 compute, the target's pipeline, its interface dtypes) in the interpreter on the test's
 * inputs cast to the program's input dtypes (as {@code mil4j run} casts them), and compares each output with the
 * expected one: shape, values within ONNX's backend-test tolerance ({@code |a - e| <= 1e-7 + 1e-3 |e|}, NaN equal
 * to NaN, integers exactly), then the dtype against {@link CoreMlTypes}. The values of models with a random op
 * ({@link NodeTest#RANDOM_OPS}) are not compared: such a test ends as random draws, not as a pass.
 */
final class ConformanceRunner {
    static final double RTOL = 1e-3;
    static final double ATOL = 1e-7;

    private final Converter converter;

    ConformanceRunner(Converter converter) {
        this.converter = converter;
    }

    Outcome run(NodeTest t) throws IOException {
        Optional<String> nonTensor = t.nonTensorValue();
        if (nonTensor.isPresent()) {
            return Outcome.fail(t, Cause.NON_TENSOR, nonTensor.get(), false);
        }
        boolean nn = attempt(() -> converter.convert(t.modelFile(), options("neuralnetwork"))) == null;
        String failure = attempt(() -> converter.convert(t.modelFile(), options("mlprogram")));
        if (failure != null) {
            String loadFailure = attempt(() -> converter.load(t.modelFile(), options("mlprogram")));
            return Outcome.fail(t, loadFailure != null ? classify(loadFailure) : Cause.BACKEND_REFUSED,
                    loadFailure != null ? loadFailure : failure, nn);
        }
        Program program;
        Map<String, TensorValue> outputs;
        List<TensorFiles.Tensor> inputs = t.tensors("input");
        List<TensorFiles.Tensor> expected = t.tensors("output");
        try {
            program = converter.loadRunnable(t.modelFile(), options("mlprogram"));
            Map<String, TensorValue> feeds = feeds(program, inputs);
            outputs = converter.run(program, feeds);
        } catch (FeedException e) {
            return Outcome.fail(t, Cause.INPUT_REFUSED, e.getMessage(), nn);
        } catch (ConversionException e) {
            return Outcome.fail(t, Cause.RUN_ERROR, firstLine(e.getMessage()), nn);
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            return Outcome.fail(t, Cause.CRASH, "run: " + e, nn);
        }
        List<TensorValue> actual = new ArrayList<>(outputs.values());
        if (actual.size() < expected.size()) {
            return Outcome.fail(t, Cause.OUTPUT_COUNT, actual.size() + " outputs, expected " + expected.size(), nn);
        }
        List<String> dtypes = new ArrayList<>();
        for (int j = 0; j < expected.size(); j++) {
            TensorFiles.Tensor e = expected.get(j);
            TensorValue a = actual.get(j);
            if (e.value().isEmpty()) {
                return Outcome.fail(t, Cause.NON_TENSOR, "output " + j + " is " + TensorFiles.onnxTypeName(e.dataType()),
                        nn);
            }
            TensorValue ev = e.value().get();
            if (!a.shape().equals(ev.shape())) {
                return Outcome.fail(t, Cause.WRONG_SHAPE, "output " + j + ": shape " + a.shape() + ", expected "
                        + ev.shape(), nn);
            }
            Optional<String> wrong = t.drawsRandomValues() ? Optional.empty() : compare(a, ev);
            if (wrong.isPresent()) {
                return Outcome.fail(t, Cause.WRONG_VALUES, "output " + j + ": " + wrong.get(), nn);
            }
            if (!CoreMlTypes.matches(a.dtype(), e.dataType())) {
                dtypes.add("output " + j + " " + a.dtype().milName() + " for ONNX " + TensorFiles.onnxTypeName(
                        e.dataType()) + " (Core ML: " + CoreMlTypes.interfaceType(e.dataType()).milName() + ")");
            }
        }
        if (!dtypes.isEmpty()) {
            return Outcome.fail(t, Cause.DTYPE, String.join("; ", dtypes), nn);
        }
        return t.drawsRandomValues() ? Outcome.random(t, nn) : Outcome.pass(t, nn);
    }

    private static ConvertOptions options(String target) {
        return ConvertOptions.builder().target(target).computePrecision(Precision.FP32).build();
    }

    /** An input the program cannot take as the interface says. */
    private static final class FeedException extends Exception {
        FeedException(String message) {
            super(message);
        }
    }

    /** The test's inputs by the program's input names (in order), cast to the declared dtypes. */
    private static Map<String, TensorValue> feeds(Program program, List<TensorFiles.Tensor> inputs)
            throws FeedException {
        List<Var> declared = program.main().inputs();
        if (declared.size() != inputs.size()) {
            throw new FeedException("the program has " + declared.size() + " inputs, the test " + inputs.size());
        }
        Map<String, TensorValue> feeds = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            TensorFiles.Tensor in = inputs.get(i);
            TensorValue v = in.value().orElseThrow(() -> new FeedException("input " + in.name() + " is "
                    + TensorFiles.onnxTypeName(in.dataType())));
            if (v.shape().rank() == 0 && declared.get(i).type() instanceof TensorType tt
                    && tt.shape().equals(Shape.of(1))) {
                v = v.reshape(tt.shape()); // the ONNX frontend gives scalar inputs shape [1]
            }
            if (declared.get(i).type() instanceof TensorType tt && tt.dtype() != v.dtype()) {
                if (tt.dtype() == DType.STRING || v.dtype() == DType.STRING) {
                    throw new FeedException("input " + in.name() + " is " + v.dtype() + ", the program takes "
                            + tt.dtype());
                }
                v = v.cast(tt.dtype());
            }
            feeds.put(declared.get(i).name(), v);
        }
        return feeds;
    }

    /** The first element outside the tolerance, if any. */
    static Optional<String> compare(TensorValue a, TensorValue e) {
        if (e.dtype() == DType.STRING) {
            return a.dtype() == DType.STRING && java.util.Arrays.equals(a.toStringArray(), e.toStringArray())
                    ? Optional.empty() : Optional.of("strings differ");
        }
        boolean exact = !e.dtype().isFloat();
        for (long i = 0; i < e.elementCount(); i++) {
            double ev = e.getDouble(i);
            double av = a.dtype() == DType.STRING ? Double.NaN : a.getDouble(i);
            boolean ok = Double.isNaN(ev) ? Double.isNaN(av)
                    : exact ? av == ev : Math.abs(av - ev) <= ATOL + RTOL * Math.abs(ev) || av == ev;
            if (!ok) {
                return Optional.of(String.format("element %d is %s, expected %s", i, av, ev));
            }
        }
        return Optional.empty();
    }

    private static Cause classify(String message) {
        if (message.contains("without a translation")) {
            return Cause.NO_TRANSLATION;
        }
        if (message.contains("must be a constant") || message.contains("computed at run time")
                || message.contains("must be const")) {
            return Cause.RUNTIME_PARAMETER;
        }
        if (message.startsWith("crash: ")) {
            return Cause.CRASH;
        }
        return Cause.TRANSLATION_REFUSED;
    }

    /** Runs a step; null when it succeeded, else the first line of its error (a crash named as one). */
    private static String attempt(Runnable step) {
        try {
            step.run();
            return null;
        } catch (ConversionException e) {
            return firstLine(e.getMessage());
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            return "crash: " + e;
        }
    }

    /** The first line of a message; a heading such as {@code 2 errors:} keeps the line after it too. */
    static String firstLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        String[] lines = s.strip().split("\n");
        return lines[0].endsWith(":") && lines.length > 1 ? lines[0] + " " + lines[1].strip() : lines[0];
    }

}
