package dev.mil4j.cli;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.ConvertedModel;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.InputType;
import dev.mil4j.converter.spi.Backend;
import dev.mil4j.core.diag.Diagnostic;
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

    @Option(names = "--input", paramLabel = "NAME:DIMS[:DTYPE]", description = "an input's name, shape (e.g. "
            + "1x3x224x224; 1x3xHxW with symbolic dims; 1xS=1..512 with a bounded one) and dtype; TorchScript inputs "
            + "are positional")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--report", description = "print the per-pass timing and statistics (to stderr)")
    boolean report;

    @Mixin
    ConversionFlags conversion;

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
        ConvertOptions.Builder options = conversion.builder(null).progressListener(display);
        for (String in : inputs) {
            try {
                options.input(InputType.parse(in));
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        String to = conversion.to;
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
