package dev.mil4j.cli;

import dev.mil4j.compression.WeightReport;
import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.Backend;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.ir.Program;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mil4j compress IN.mlpackage -o OUT.mlpackage} with one of {@code --quantize}, {@code --palettize},
 * {@code --prune} or {@code --prune-threshold}, a pruning and one of the others (joint), or {@code --config FILE}
 * ({@link CompressionOptions}): compresses the weights of an ML
 * Program (from mil4j or coremltools) with the passes of mil-compression and prints what each weight became; an
 * {@code .mlmodel} input gets the NeuralNetwork format's own weight quantization ({@link NeuralNetworkCompression}).
 */
@Command(name = "compress", mixinStandardHelpOptions = true,
        description = "Compress the weights of an ML Program (.mlpackage): quantize, palettize or prune; "
                + "or quantize (8-bit linear) or palettize (1-8 bit table) a NeuralNetwork model (.mlmodel).")
final class CompressCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "the .mlpackage or .mlmodel to compress")
    Path in;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
            description = "the .mlpackage or .mlmodel to write")
    Path out;

    @Mixin
    CompressionOptions compression;

    @Mixin
    OutputOptions output;

    @Mixin
    PluginOptions plugins;

    @Override
    public Integer call() {
        if (NeuralNetworkCompression.accepts(in)) {
            try (ProgressDisplay display = output.display()) {
                NeuralNetworkCompression.run(in, out, compression, display);
            }
            return Mil4j.OK;
        }
        if (!Files.isDirectory(in)) {
            throw new Mil4j.UsageException(in + " is neither an .mlpackage directory nor an .mlmodel file");
        }
        compression.passes(); // checks the options before anything is read
        Converter converter = plugins.converter();
        ProgressDisplay display = output.display();
        long start = System.nanoTime();
        try (display) {
            Program program = converter.readBack(in).orElseThrow(() -> new Mil4j.UsageException(
                    in + " is not a model an installed backend reads back (an .mlpackage)"));
            List<List<WeightReport>> reports = compression.apply(program, converter.plugins().ops());
            reports.forEach(pass -> pass.forEach(r -> display.message("  " + r)));
            Backend backend = converter.plugins().backend("mlprogram").orElseThrow(
                    () -> new Mil4j.UsageException("the mlprogram backend is not installed"));
            backend.write(program, out, ConvertOptions.builder().target("mlprogram").build());
            display.message(String.format("wrote %s (%s) in %.1f s", out, CompressionOptions.summary(reports),
                    (System.nanoTime() - start) / 1e9));
        } catch (ConversionException e) {
            e.diagnostics().forEach(d -> display.message(d.render()));
            return Mil4j.DIAGNOSTICS;
        }
        return Mil4j.OK;
    }
}
