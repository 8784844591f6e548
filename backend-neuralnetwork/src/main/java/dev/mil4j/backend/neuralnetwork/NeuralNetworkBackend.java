package dev.mil4j.backend.neuralnetwork;

import static java.util.Objects.requireNonNull;

import dev.mil4j.backend.neuralnetwork.reader.NeuralNetworkReader;
import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.spi.Backend;
import dev.mil4j.converter.spi.ConversionOptions;
import dev.mil4j.converter.spi.Precision;
import dev.mil4j.converter.spi.ProgressListener;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.spec.ModelFiles;
import dev.mil4j.spec.ModelFormatException;
import dev.mil4j.spec.proto.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code neuralnetwork} target: a MIL program as a Core ML NeuralNetwork model ({@code .mlmodel}). Each MIL op
 * becomes one or more layers (following the semantics of coremltools' NeuralNetwork backend), custom ops become
 * {@code custom} layers, and the model gets the lowest specification version its layers need (4, iOS 13, at least:
 * rank-N layers with exact array mapping). Weights are fp32 whatever the compute precision option says, as in
 * coremltools, where compute precision applies to ML Programs only. Symbolic input dimensions become flexible shape
 * ranges: the ones the function gives them ({@code Function.dimBound}), else 1 to unbounded.
 */
public final class NeuralNetworkBackend implements Backend {
    public static final String ID = ConvertOptions.NEURALNETWORK;

    private static final Logger LOG = LoggerFactory.getLogger(NeuralNetworkBackend.class);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Core ML NeuralNetwork model (.mlmodel), custom layers for custom ops";
    }

    @Override
    public String fileExtension() {
        return ".mlmodel";
    }

    @Override
    public List<Diagnostic> check(Program program, ConversionOptions options) {
        requireNonNull(program, "program is null");
        requireNonNull(options, "options is null");
        List<Diagnostic> out = new ArrayList<>(ModelAssembler.assemble(program, false).diagnostics());
        out.addAll(InterfaceRecords.check(program, options));
        return out;
    }

    /**
     * The model of a program, without writing it.
     *
     * @throws ConversionException with every problem found
     */
    public Model toModel(Program program, ConversionOptions options) {
        requireNonNull(program, "program is null");
        requireNonNull(options, "options is null");
        ModelAssembler.Result r = ModelAssembler.assemble(program);
        if (!r.ok()) {
            throw new ConversionException(r.diagnostics());
        }
        return InterfaceRecords.apply(fp16(options) ? Fp16Weights.convert(r.model()) : r.model(), options);
    }

    /**
     * Writes the model layer by layer: the program is translated twice (to measure, then to write, see
     * {@link ModelFiles#writeModel(ModelFiles.LayerSource, Path)}) and its layers are never all held at once, so
     * that writing needs little memory beyond the program's own weights.
     */
    @Override
    public void write(Program program, Path output, ConversionOptions options) {
        requireNonNull(program, "program is null");
        requireNonNull(output, "output is null");
        requireNonNull(options, "options is null");
        boolean fp16 = fp16(options);
        int[] layers = {0};
        Model[] written = new Model[1];
        try {
            if (InterfaceRecords.isClassifier(options)) {
                // a classifier's layers are in neuralNetworkClassifier, which the streaming writer does not hold
                written[0] = toModel(program, options);
                layers[0] = written[0].getNeuralNetworkClassifier().getLayersCount();
                ModelFiles.writeModel(written[0], output);
                LOG.info("wrote NeuralNetwork classifier {} ({} layers)", output, layers[0]);
                return;
            }
            ModelFiles.writeModel(sink -> {
                layers[0] = 0;
                ModelAssembler.Result r = ModelAssembler.assemble(program, layer -> {
                    layers[0]++;
                    sink.accept(fp16 ? Fp16Weights.convert(layer) : layer);
                });
                if (!r.ok()) {
                    // on the measuring run, before any file exists
                    throw new ConversionException(r.diagnostics());
                }
                written[0] = InterfaceRecords.apply(r.model(), options);
                return written[0];
            }, output, (done, total) -> options.progressListener().stageProgress(ProgressListener.WRITE, done,
                    total));
        } catch (ModelFormatException e) {
            throw new ConversionException(Diagnostic.error(e.getMessage()));
        } catch (IOException e) {
            throw new ConversionException(Diagnostic.error("cannot write the NeuralNetwork model to " + output
                    + ": " + e.getMessage()).withHint("check that the folder exists and is writable"));
        }
        LOG.info("wrote NeuralNetwork model {} ({} layers, specification version {})", output, layers[0],
                written[0].getSpecificationVersion());
    }

    /**
     * The model (a NeuralNetwork model from any tool) with every fp32 weight stored as fp16, as coremltools'
     * {@code quantize_weights(model, 16)} does; what {@code mil4j edit --weights-fp16} writes.
     */
    public static Model withFp16Weights(Model model) {
        return Fp16Weights.convert(requireNonNull(model, "model is null"));
    }

    /**
     * The model (a NeuralNetwork model from any tool) with input {@code image.name()} made an image, with the scale
     * and bias in its preprocessing record, as a conversion with that image input writes it; what {@code mil4j edit
     * --image} writes.
     *
     * @throws IllegalArgumentException when the model is not a NeuralNetwork model or has no such input
     */
    public static Model withImageInput(Model model, dev.mil4j.converter.spi.ImageInput image) {
        Model.Builder b = model.toBuilder();
        InterfaceRecords.addImageInput(b, image);
        return b.build();
    }

    // weights are fp32, as coremltools writes them, unless fp16 is asked for explicitly
    private static boolean fp16(ConversionOptions options) {
        return options.requestedPrecision().orElse(Precision.FP32) == Precision.FP16;
    }

    /**
     * An {@code .mlmodel} file holding a neural network (plain, classifier or regressor), read into MIL so that it
     * can be run: {@link NeuralNetworkReader}. Any other file is not this backend's (empty).
     */
    @Override
    public Optional<Program> read(Path model, OpRegistry ops) {
        requireNonNull(ops, "ops is null");
        if (!Files.isRegularFile(model) || !model.getFileName().toString().endsWith(fileExtension())) {
            return Optional.empty();
        }
        Model m;
        try {
            m = ModelFiles.readModel(model);
        } catch (ModelFormatException e) {
            throw new ConversionException(Diagnostic.error(e.getMessage())
                    .withHint("is it a complete Core ML model file?"));
        } catch (IOException e) {
            throw new ConversionException(Diagnostic.error("cannot read " + model + ": " + e.getMessage()));
        }
        if (!NeuralNetworkReader.isNeuralNetwork(m)) {
            return Optional.empty();
        }
        return Optional.of(NeuralNetworkReader.read(m, ops, model.toString()));
    }
}
