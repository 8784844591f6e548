package dev.mil4j.examples.embedonnx;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.core.diag.ConversionException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Converts one ONNX model through the Java API: {@code embed-onnx MODEL.onnx OUT [TARGET]}, where TARGET is a
 * backend id ({@code mlprogram} by default). Exit codes: 0 converted, 1 when the converter's diagnostics stop it
 * (printed), 2 for a usage error.
 */
public final class EmbedOnnx {
    private EmbedOnnx() {
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** Runs the application with the given streams; returns the exit code. */
    static int run(PrintStream out, PrintStream err, String... args) {
        if (args.length < 2 || args.length > 3) {
            err.println("usage: embed-onnx MODEL.onnx OUT [TARGET]   (TARGET: a backend id, mlprogram by default)");
            return 2;
        }
        Path model = Path.of(args[0]);
        Path output = Path.of(args[1]);
        String target = args.length == 3 ? args[2] : ConvertOptions.MLPROGRAM;
        // one Converter per application: it holds the plugins' registries and is safe to share between threads
        Converter converter = Converter.builder().discoverPlugins().build();
        ConvertOptions options = ConvertOptions.builder().framework("onnx").target(target).build();
        try {
            converter.convert(model, options).save(output);
        } catch (ConversionException e) {
            err.println(e.getMessage());
            return 1;
        }
        out.println("converted " + model + " to " + output);
        return 0;
    }
}
