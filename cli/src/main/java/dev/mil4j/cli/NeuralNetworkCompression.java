package dev.mil4j.cli;

import dev.mil4j.backend.neuralnetwork.quant.NnQuantization;
import dev.mil4j.backend.neuralnetwork.quant.NnWeightQuantizer;
import dev.mil4j.backend.neuralnetwork.quant.NnWeightReport;
import dev.mil4j.spec.ModelFiles;
import dev.mil4j.spec.proto.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code mil4j compress IN.mlmodel -o OUT.mlmodel}: the NeuralNetwork format's own weight quantization
 * ({@link NnWeightQuantizer}) from the {@link CompressionOptions} that it can express: {@code --quantize int8} or
 * {@code uint8} (8-bit linear per output channel), {@code --palettize 1..8} with {@code --palettize-mode kmeans} or
 * {@code uniform}, and {@code --min-weight-size}.
 */
final class NeuralNetworkCompression {
    private NeuralNetworkCompression() {
    }

    /** Whether {@code in} is a NeuralNetwork model file this class compresses. */
    static boolean accepts(Path in) {
        return Files.isRegularFile(in) && in.getFileName().toString().endsWith(".mlmodel");
    }

    static void run(Path in, Path out, CompressionOptions o, ProgressDisplay display) {
        NnQuantization options = options(o);
        if (!out.getFileName().toString().endsWith(".mlmodel")) {
            throw new Mil4j.UsageException("a compressed NeuralNetwork model is an .mlmodel file: name the output "
                    + "OUT.mlmodel, not " + out);
        }
        long start = System.nanoTime();
        try {
            NnWeightQuantizer.Result r = NnWeightQuantizer.quantize(ModelFiles.readModel(in), options);
            r.reports().forEach(w -> display.message("  " + w));
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            ModelFiles.writeEdited(in, r.model(), out);
            long quantized = r.reports().stream().filter(NnWeightReport::quantized).count();
            display.message(String.format("wrote %s (%d of %d weights quantized, %d -> %d bytes) in %s", out,
                    quantized, r.reports().size(), Files.size(in), Files.size(out),
                    Quantities.seconds(System.nanoTime() - start)));
        } catch (IOException e) {
            throw new Mil4j.UsageException("cannot compress " + in + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new Mil4j.UsageException(in + ": " + e.getMessage());
        }
    }

    private static NnQuantization options(CompressionOptions o) {
        if (o.prune != null || o.pruneThreshold != null) {
            throw new Mil4j.UsageException("NeuralNetwork models (.mlmodel) have no sparse weights: use --quantize "
                    + "int8 or --palettize BITS, or convert to an ML Program to prune");
        }
        if (o.config != null || o.joint || o.perChannelScale || o.clusterDim != 1 || o.lutDtype != null
                || o.importance != null) {
            throw new Mil4j.UsageException("--config, --joint, --per-channel-scale, --cluster-dim, --lut-dtype and "
                    + "--importance apply to ML Programs; a NeuralNetwork model takes "
                    + "--quantize int8 or --palettize BITS for all its weights");
        }
        if (o.granularity != null || !o.opTypes.isEmpty()) {
            throw new Mil4j.UsageException("--granularity and --op-type apply to ML Programs; a NeuralNetwork model "
                    + "is quantized per output channel (--quantize) or with one table per weight (--palettize)");
        }
        try {
            if (o.quantize != null && o.palettize == null) {
                if (!o.quantize.equals("int8") && !o.quantize.equals("uint8")) {
                    throw new Mil4j.UsageException("NeuralNetwork weight quantization is 8-bit linear: use "
                            + "--quantize int8 (or uint8), not " + o.quantize);
                }
                return NnQuantization.linear8(o.minWeightSize);
            }
            if (o.palettize != null && o.quantize == null) {
                if (!o.palettizeMode.equals("kmeans") && !o.palettizeMode.equals("uniform")) {
                    throw new Mil4j.UsageException("a NeuralNetwork lookup table is made by --palettize-mode kmeans "
                            + "or uniform, not " + o.palettizeMode);
                }
                return NnQuantization.lookupTable(o.palettize, o.palettizeMode.equals("kmeans"), o.minWeightSize);
            }
        } catch (IllegalArgumentException e) {
            throw new Mil4j.UsageException(e.getMessage());
        }
        throw new Mil4j.UsageException("give exactly one of --quantize int8 or --palettize BITS for an .mlmodel");
    }
}
