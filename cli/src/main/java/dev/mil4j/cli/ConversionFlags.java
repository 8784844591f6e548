package dev.mil4j.cli;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.PipelineEdit;
import dev.mil4j.converter.spi.EnumeratedShapes;
import dev.mil4j.converter.spi.InputType;
import dev.mil4j.converter.spi.Precision;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The conversion options that {@code convert}, {@code run} (converting a source model on the fly) and {@code verify}
 * share, declared once: target, framework, deployment target, precision, outputs, flexible shapes, states, per-op
 * precision, pipeline edits, and the app-facing {@link AppInterfaceOptions} and {@link MetadataOptions}. Each command
 * keeps its own {@code --input} (their values differ: shapes, arrays, or either) and adds the inputs it parses to
 * the builder {@link #builder} gives. An option added here is an option of all three.
 */
final class ConversionFlags {
    @Option(names = "--to", paramLabel = "TARGET", defaultValue = "mlprogram",
            description = "neuralnetwork or mlprogram (default: ${DEFAULT-VALUE})")
    String to;

    @Option(names = "--framework", paramLabel = "ID", description = "the source framework, when it cannot be told "
            + "from the file: tensorflow, pytorch, onnx, mil")
    String framework;

    @Option(names = "--target", paramLabel = "OS", defaultValue = "iOS15",
            description = "minimum deployment target: iOS15, iOS16, iOS17 or iOS18 (default: ${DEFAULT-VALUE})")
    String target;

    @Option(names = "--precision", paramLabel = "P", description = "fp16 or fp32: an ML Program's compute precision "
            + "(default fp16); a NeuralNetwork model's weight precision (default fp32)")
    String precision;

    @Option(names = "--input-shapes", paramLabel = "NAME:DIMS,DIMS...", description = "the shapes an input may "
            + "take, one of a list (enumerated shapes; the first is the default), e.g. x:1x3x32x32,1x3x64x64")
    List<String> inputShapes = new ArrayList<>();

    @Option(names = "--state", paramLabel = "NAME[:DIMS[:DTYPE]]", description = "a registered buffer of a "
            + "TorchScript model (dotted name) that forward writes, to become a Core ML state (iOS18); DTYPE defaults "
            + "to fp16 under fp16 precision (repeatable)")
    List<String> states = new ArrayList<>();

    @Option(names = "--output-name", paramLabel = "NAME[:DTYPE]", description = "an output to keep (repeatable), "
            + "optionally with its dtype: fp16 (ML Program, iOS16+) or fp32")
    List<String> outputs = new ArrayList<>();

    @Option(names = "--fp32-ops", paramLabel = "OPS", split = ",", description = "op types or op names to keep "
            + "in fp32 under fp16 precision (ML Program), e.g. conv,softmax")
    List<String> fp32Ops = new ArrayList<>();

    @Option(names = "--pipeline-remove", paramLabel = "PASS", description = "remove a pass from the pipeline")
    List<String> pipelineRemove = new ArrayList<>();

    @Option(names = "--verify-each-pass", description = "verify the program after every pass")
    boolean verifyEachPass;

    @Mixin
    AppInterfaceOptions app;

    @Mixin
    MetadataOptions metadata;

    /** The precision asked for, else {@code fallback} (null: the target's default). */
    Precision precisionOr(Precision fallback) {
        if (precision == null) {
            return fallback;
        }
        return Precision.parse(precision).orElseThrow(() -> usage("unknown --precision '" + precision
                + "'; use fp16 or fp32"));
    }

    /**
     * A builder holding every option of this mixin (a usage error for a bad value); the command adds its inputs.
     *
     * @param defaultPrecision the precision when {@code --precision} is not given, or null for the target's default
     */
    ConvertOptions.Builder builder(Precision defaultPrecision) {
        ConvertOptions.Builder options = ConvertOptions.builder()
                .target(to)
                .minimumDeploymentTarget(Opset.parse(target).orElseThrow(() -> usage("unknown --target '" + target
                        + "'; use iOS15, iOS16, iOS17 or iOS18")))
                .verifyEachPass(verifyEachPass);
        if (framework != null) {
            options.framework(framework);
        }
        Precision p = precisionOr(defaultPrecision);
        if (p != null) {
            options.computePrecision(p);
        }
        for (String st : states) {
            try {
                options.state(InputType.parse(st));
            } catch (IllegalArgumentException e) {
                throw usage("bad --state '" + st + "': " + e.getMessage());
            }
        }
        for (String shapes : inputShapes) {
            try {
                options.enumeratedShapes(EnumeratedShapes.parse(shapes));
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        for (String o : outputs) {
            int colon = o.indexOf(':');
            if (colon < 0) {
                options.output(o);
                continue;
            }
            String dtype = o.substring(colon + 1);
            options.output(o.substring(0, colon), DType.fromMilName(dtype).orElseThrow(() -> usage("bad dtype '"
                    + dtype + "' in --output-name '" + o + "': use fp16 or fp32")));
        }
        if (!fp32Ops.isEmpty()) {
            if (!to.equals(ConvertOptions.MLPROGRAM) || p == Precision.FP32) {
                throw usage("--fp32-ops keeps ops in fp32 in an ML Program of fp16 precision; this conversion "
                        + "has no fp16 ops (--to " + to + (precision != null ? ", --precision " + precision : "")
                        + ")");
            }
            options.fp32Ops(fp32Ops);
        }
        app.applyTo(options);
        options.metadata(metadata.metadata());
        pipelineRemove.forEach(r -> options.pipelineEdit(new PipelineEdit.Remove(r)));
        return options;
    }

    private static Mil4j.UsageException usage(String message) {
        return new Mil4j.UsageException(message);
    }
}
