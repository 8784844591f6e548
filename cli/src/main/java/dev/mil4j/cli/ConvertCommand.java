package dev.mil4j.cli;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.ConvertedModel;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.EnumeratedShapes;
import dev.mil4j.converter.spi.InputType;
import dev.mil4j.converter.PipelineEdit;
import dev.mil4j.converter.spi.Precision;
import dev.mil4j.converter.spi.Backend;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mil4j convert MODEL -o OUT ...}: converts a model to Core ML. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Convert a model (TorchScript .pt, TensorFlow .pb or SavedModel, ONNX .onnx, MIL text .mil) "
                + "to Core ML.")
final class ConvertCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "the source model file or directory")
    Path model;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
            description = "the output: a .mlmodel file (neuralnetwork) or a .mlpackage directory (mlprogram)")
    Path out;

    @Option(names = "--to", paramLabel = "TARGET", defaultValue = "mlprogram",
            description = "neuralnetwork or mlprogram (default: ${DEFAULT-VALUE})")
    String to;

    @Option(names = "--framework", paramLabel = "ID", description = "the source framework, when it cannot be told "
            + "from the file: tensorflow, pytorch, onnx, mil")
    String framework;

    @Option(names = "--input", paramLabel = "NAME:DIMS[:DTYPE]", description = "an input's name, shape (e.g. "
            + "1x3x224x224; 1x3xHxW with symbolic dims; 1xS=1..512 with a bounded one) and dtype; TorchScript inputs "
            + "are positional")
    List<String> inputs = new ArrayList<>();

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

    @Option(names = "--target", paramLabel = "OS", defaultValue = "iOS15",
            description = "minimum deployment target: iOS15, iOS16, iOS17 or iOS18 (default: ${DEFAULT-VALUE})")
    String target;

    @Option(names = "--precision", paramLabel = "P", description = "fp16 or fp32: an ML Program's compute precision "
            + "(default fp16); a NeuralNetwork model's weight precision (default fp32)")
    String precision;

    @Option(names = "--fp32-ops", paramLabel = "OPS", split = ",", description = "op types or op names to keep "
            + "in fp32 under fp16 precision (ML Program), e.g. conv,softmax")
    List<String> fp32Ops = new ArrayList<>();

    @Option(names = "--pipeline-remove", paramLabel = "PASS", description = "remove a pass from the pipeline")
    List<String> pipelineRemove = new ArrayList<>();

    @Option(names = "--verify-each-pass", description = "verify the program after every pass")
    boolean verifyEachPass;

    @Option(names = "--report", description = "print the per-pass timing and statistics (to stderr)")
    boolean report;

    @Mixin
    AppInterfaceOptions app;

    @Mixin
    MetadataOptions metadata;

    @Mixin
    CompressionOptions compression;

    @Mixin
    OutputOptions output;

    @Mixin
    PluginOptions plugins;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        ProgressDisplay display = output.display();
        ConvertOptions.Builder options = ConvertOptions.builder()
                .target(to)
                .minimumDeploymentTarget(Opset.parse(target).orElseThrow(() -> usage("unknown --target '" + target
                        + "'; use iOS15, iOS16, iOS17 or iOS18")))
                .verifyEachPass(verifyEachPass)
                .progressListener(display);
        if (framework != null) {
            options.framework(framework);
        }
        if (precision != null) {
            options.computePrecision(Precision.parse(precision).orElseThrow(() -> usage("unknown --precision '"
                    + precision + "'; use fp16 or fp32")));
        }
        for (String in : inputs) {
            try {
                options.input(InputType.parse(in));
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
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
            if (!to.equals(ConvertOptions.MLPROGRAM) || "fp32".equalsIgnoreCase(precision)) {
                throw usage("--fp32-ops keeps ops in fp32 in an ML Program of fp16 precision; this conversion "
                        + "has no fp16 ops (--to " + to + (precision != null ? ", --precision " + precision : "")
                        + ")");
            }
            options.fp32Ops(fp32Ops);
        }
        app.applyTo(options);
        options.metadata(metadata.metadata());
        pipelineRemove.forEach(p -> options.pipelineEdit(new PipelineEdit.Remove(p)));
        Converter converter = plugins.converter();
        Backend backend = converter.plugins().backend(to).orElseThrow(() -> usage("unknown --to '" + to
                + "'; installed targets: " + String.join(", ", converter.plugins().backends().stream()
                        .map(Backend::id).toList())));
        if (!out.getFileName().toString().endsWith(backend.fileExtension())) {
            throw usage("the " + to + " target writes a " + backend.fileExtension() + " file; name the output "
                    + "accordingly, e.g. -o " + withExtension(out, backend.fileExtension()));
        }
        ConvertOptions built;
        try {
            built = options.build();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (compression.requested()) {
            compression.passes(); // checks the options and reads --config before the conversion
        }
        try (display) {
            ConvertedModel converted = converter.convert(model, built);
            try {
                Path parent = out.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
            } catch (java.io.IOException e) {
                throw usage("cannot create the folder of " + out + ": " + e.getMessage());
            }
            if (compression.requested()) {
                if (!to.equals("mlprogram")) {
                    throw usage("weight compression on convert writes ML Programs only (--to mlprogram); for a "
                            + "NeuralNetwork model it is not implemented yet");
                }
                var reports = compression.apply(converted.program(), converter.plugins().ops());
                reports.forEach(pass -> pass.forEach(r -> display.message("  " + r)));
                display.message(CompressionOptions.summary(reports));
            }
            converted.save(out);
            for (Diagnostic w : converted.warnings()) {
                display.message(w.render());
            }
            if (report) {
                display.message(converted.passReport().render().stripTrailing());
            }
            display.message(Summary.converted(out, to, converted.program(), System.nanoTime() - start));
        }
        return Mil4j.OK;
    }

    private static String withExtension(Path p, String ext) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name) + ext;
    }

    private static Mil4j.UsageException usage(String message) {
        return new Mil4j.UsageException(message);
    }
}
