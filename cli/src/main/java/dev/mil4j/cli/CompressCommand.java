package dev.mil4j.cli;

import dev.mil4j.compression.CompressionPass;
import dev.mil4j.compression.LinearQuantizationPass;
import dev.mil4j.compression.PalettizationOptions;
import dev.mil4j.compression.PalettizationPass;
import dev.mil4j.compression.PruningOptions;
import dev.mil4j.compression.PruningPass;
import dev.mil4j.compression.QuantizationOptions;
import dev.mil4j.compression.WeightReport;
import dev.mil4j.compression.WeightSelection;
import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.Backend;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.pass.PassContext;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.TypeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mil4j compress IN.mlpackage -o OUT.mlpackage} with one of {@code --quantize}, {@code --palettize},
 * {@code --prune} or {@code --prune-threshold}: compresses the weights of an ML Program (from mil4j or coremltools)
 * with the passes of mil-compression and prints what each weight became.
 */
@Command(name = "compress", mixinStandardHelpOptions = true,
        description = "Compress the weights of an ML Program (.mlpackage): quantize, palettize or prune.")
final class CompressCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "the .mlpackage to compress")
    Path in;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "the .mlpackage to write")
    Path out;

    @Option(names = "--quantize", paramLabel = "DTYPE", description = "int8, uint8, int4 or uint4 (4 bits: iOS18)")
    String quantize;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "symmetric",
            description = "quantization mode: symmetric or affine (default ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--granularity", paramLabel = "G", description = "per-tensor, per-channel, per-block "
            + "(quantization; default per-channel) or per-grouped-channel (palettization; default per-tensor)")
    String granularity;

    @Option(names = "--block-size", paramLabel = "N", defaultValue = "32", description = "per-block block size")
    int blockSize;

    @Option(names = "--palettize", paramLabel = "BITS", description = "1, 2, 3, 4, 6 or 8 bits per index")
    Integer palettize;

    @Option(names = "--palettize-mode", paramLabel = "MODE", defaultValue = "kmeans",
            description = "kmeans, uniform or unique (default ${DEFAULT-VALUE})")
    String palettizeMode;

    @Option(names = "--group-size", paramLabel = "N", defaultValue = "16",
            description = "output channels per table with per-grouped-channel (iOS18)")
    int groupSize;

    @Option(names = "--prune", paramLabel = "SPARSITY", description = "zero this fraction of smallest magnitudes")
    Double prune;

    @Option(names = "--prune-threshold", paramLabel = "T", description = "zero magnitudes at or below T")
    Double pruneThreshold;

    @Option(names = "--min-weight-size", paramLabel = "N", defaultValue = "2048",
            description = "compress weights of at least N elements (default ${DEFAULT-VALUE})")
    long minWeightSize;

    @Option(names = "--op-type", paramLabel = "TYPE", description = "only weights used by ops of this type")
    Set<String> opTypes = Set.of();

    @Mixin
    OutputOptions output;

    @Mixin
    PluginOptions plugins;

    @Override
    public Integer call() {
        if (!Files.isDirectory(in)) {
            throw new Mil4j.UsageException(in + " is not an .mlpackage directory");
        }
        CompressionPass pass = pass();
        Converter converter = plugins.converter();
        ProgressDisplay display = output.display();
        long start = System.nanoTime();
        try (display) {
            Program program = converter.readBack(in).orElseThrow(() -> new Mil4j.UsageException(
                    in + " is not a model an installed backend reads back (an .mlpackage)"));
            try {
                pass.run(program, PassContext.withDefaults(converter.plugins().ops()));
            } catch (TypeException e) {
                throw new Mil4j.UsageException(e.getMessage());
            }
            long before = 0;
            long after = 0;
            for (WeightReport r : pass.reports()) {
                display.message("  " + r);
                before += r.bytesBefore();
                after += r.bytesAfter();
            }
            Backend backend = converter.plugins().backends().stream().filter(b -> b.id().equals("mlprogram"))
                    .findFirst().orElseThrow(() -> new Mil4j.UsageException("the mlprogram backend is not installed"));
            backend.write(program, out, ConvertOptions.builder().target("mlprogram").build());
            long compressed = pass.reports().stream().filter(WeightReport::compressed).count();
            display.message(String.format("wrote %s (%d of %d weights compressed, %d -> %d bytes) in %.1f s", out,
                    compressed, pass.reports().size(), before, after, (System.nanoTime() - start) / 1e9));
        } catch (ConversionException e) {
            e.diagnostics().forEach(d -> display.message(d.toString()));
            return Mil4j.DIAGNOSTICS;
        }
        return Mil4j.OK;
    }

    private CompressionPass pass() {
        int modes = (quantize != null ? 1 : 0) + (palettize != null ? 1 : 0) + (prune != null ? 1 : 0)
                + (pruneThreshold != null ? 1 : 0);
        if (modes != 1) {
            throw new Mil4j.UsageException("give exactly one of --quantize, --palettize, --prune, --prune-threshold");
        }
        WeightSelection selection = new WeightSelection(minWeightSize, opTypes, Set.of());
        try {
            if (quantize != null) {
                DType dtype = DType.fromMilName(quantize).orElseThrow(() -> new IllegalArgumentException(
                        "--quantize takes int8, uint8, int4 or uint4, not " + quantize));
                if (!mode.equals("symmetric") && !mode.equals("affine")) {
                    throw new IllegalArgumentException("--mode takes symmetric or affine, not " + mode);
                }
                return new LinearQuantizationPass(new QuantizationOptions(dtype, mode.equals("symmetric"),
                        quantizationGranularity(), blockSize, selection));
            }
            if (palettize != null) {
                PalettizationOptions.Mode m = switch (palettizeMode) {
                    case "kmeans" -> PalettizationOptions.Mode.KMEANS;
                    case "uniform" -> PalettizationOptions.Mode.UNIFORM;
                    case "unique" -> PalettizationOptions.Mode.UNIQUE;
                    default -> throw new IllegalArgumentException("--palettize-mode takes kmeans, uniform or unique, "
                            + "not " + palettizeMode);
                };
                boolean grouped = "per-grouped-channel".equals(granularity);
                if (granularity != null && !grouped && !granularity.equals("per-tensor")) {
                    throw new IllegalArgumentException("palettization takes --granularity per-tensor or "
                            + "per-grouped-channel, not " + granularity);
                }
                return new PalettizationPass(new PalettizationOptions(palettize, m, grouped ? groupSize : 0,
                        selection));
            }
            return new PruningPass(prune != null ? PruningOptions.magnitude(prune, selection)
                    : PruningOptions.threshold(pruneThreshold, selection));
        } catch (IllegalArgumentException e) {
            throw new Mil4j.UsageException(e.getMessage());
        }
    }

    private QuantizationOptions.Granularity quantizationGranularity() {
        return switch (granularity == null ? "per-channel" : granularity) {
            case "per-tensor" -> QuantizationOptions.Granularity.PER_TENSOR;
            case "per-channel" -> QuantizationOptions.Granularity.PER_CHANNEL;
            case "per-block" -> QuantizationOptions.Granularity.PER_BLOCK;
            default -> throw new IllegalArgumentException("quantization takes --granularity per-tensor, per-channel "
                    + "or per-block, not " + granularity);
        };
    }
}
