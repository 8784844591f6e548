package dev.mil4j.backend.mlprogram;

import static java.util.Objects.requireNonNull;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.spi.Backend;
import dev.mil4j.converter.spi.ConversionOptions;
import dev.mil4j.converter.spi.ImagePreprocessing;
import dev.mil4j.converter.spi.Precision;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.op.OpRegistry;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code mlprogram} target: a MIL program as a Core ML ML Program ({@code .mlpackage}: MIL.proto and weight
 * blob), written and read back by {@link MlPackageCodec} with its default options. The pipeline ends with
 * {@code common::add_fp16_cast} in fp16 compute precision (the default), and {@code mlprogram::adjust_io_dtypes}
 * always runs last. Custom ops are rejected. Stateless and thread-safe.
 */
public final class MlProgramBackend implements Backend {
    /** The target id. */
    public static final String ID = ConvertOptions.MLPROGRAM;

    private final MlPackageCodec codec = new MlPackageCodec();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Core ML ML Program (.mlpackage: MIL.proto and weight blob); iOS15 and later";
    }

    @Override
    public String fileExtension() {
        return ".mlpackage";
    }

    /** fp16 compute precision (the default) ends the pipeline with {@code common::add_fp16_cast}. */
    @Override
    public String pipeline(ConversionOptions options) {
        return options.computePrecision() == Precision.FP16 ? "default_fp16" : "default";
    }

    /** Outputs of dtypes an ML Program cannot describe are cast ({@code mlprogram::adjust_io_dtypes}). */
    @Override
    public List<String> requiredPasses(ConversionOptions options) {
        return List.of(AdjustIoDtypesPass.ID);
    }

    /**
     * Inputs and outputs get their dtypes ({@link IoDtypes}: fp16 by default from iOS16 on in fp16 precision), then
     * image inputs their scale and bias as ops, in fp32 before the program's first op; a classifier gets its
     * {@code classify} op ({@link Classifiers}).
     */
    @Override
    public void finishProgram(Program program, ConversionOptions options, OpRegistry ops) {
        IoDtypes.apply(program, options, ops);
        ImagePreprocessing.insert(program, options.imageInputs(), ops);
        options.classifier().filter(c -> Classifiers.check(program, c).isEmpty())
                .ifPresent(c -> Classifiers.insert(program, c, ops));
    }

    @Override
    public List<Diagnostic> check(Program program, ConversionOptions options) {
        requireNonNull(options, "options is null");
        List<Diagnostic> out = new ArrayList<>(codec.check(program, codecOptions(options)));
        out.addAll(InterfaceRecords.check(program, options));
        out.addAll(IoDtypes.check(program, options));
        return out;
    }

    private static MlProgramOptions codecOptions(ConversionOptions options) {
        return MlProgramOptions.builder().descriptionEdits(InterfaceRecords.edits(options)).build();
    }

    @Override
    public void write(Program program, Path output, ConversionOptions options) {
        requireNonNull(options, "options is null");
        try {
            codec.write(program, output, codecOptions(options), options.progressListener());
        } catch (UncheckedIOException e) {
            throw new ConversionException(Diagnostic.error("cannot write " + output + ": "
                    + e.getCause().getMessage()).withHint("check that the folder exists and is writable"));
        }
    }

    /** A directory holding a {@code Manifest.json} (an {@code .mlpackage}) is read back into MIL. */
    @Override
    public Optional<Program> read(Path model, OpRegistry ops) {
        if (!Files.isRegularFile(model.resolve("Manifest.json"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(codec.read(model, ops));
        } catch (UncheckedIOException e) {
            throw new ConversionException(Diagnostic.error("cannot read " + model + ": " + e.getCause()
                    .getMessage()).withHint("is it a complete .mlpackage (Manifest.json, Data/...)?"));
        }
    }
}
