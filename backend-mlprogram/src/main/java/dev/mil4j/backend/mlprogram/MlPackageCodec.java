package dev.mil4j.backend.mlprogram;

import static java.util.Objects.requireNonNull;

import dev.mil4j.converter.spi.ProgressListener;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.spec.MlPackage;
import dev.mil4j.spec.MlPackageWriter;
import dev.mil4j.spec.proto.Model;
import dev.mil4j.spec.proto.ModelDescription;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a MIL program as a Core ML {@code .mlpackage} (a {@code Model} whose {@code mlProgram} is the MIL.proto
 * program, plus the weight blob file) and reads packages back: the work of the {@link MlProgramBackend}, usable
 * without a converter.
 *
 * <pre>{@code
 * MlPackageCodec codec = new MlPackageCodec();
 * codec.write(program, Path.of("model.mlpackage"), MlProgramOptions.defaults()); // throws listing every problem
 * Program again = codec.read(Path.of("model.mlpackage"), StandardOps.newRegistry());
 * }</pre>
 *
 * Custom ops are rejected: Core ML cannot load custom layers from an ML Program, so {@link #check} reports each one
 * with the ways out (the NeuralNetwork target, or a composite of MIL ops), and {@link #write} writes nothing. The
 * deployment target comes from the functions' opsets: the model's specification version is the highest of theirs;
 * the flexible shape ranges of the inputs from the functions' dimension ranges ({@link Function#dimBound}).
 * Stateless and thread-safe.
 */
public final class MlPackageCodec {
    /** Creates the codec. */
    public MlPackageCodec() {
    }

    /**
     * Finds every problem that would keep Core ML from loading the program as an ML Program, with the default
     * options.
     *
     * @param program the program, after the pass pipeline
     * @return the errors and warnings, in program order; no error means {@link #write} will succeed
     */
    public List<Diagnostic> check(Program program) {
        return check(program, MlProgramOptions.defaults());
    }

    /**
     * Finds every problem that would keep Core ML from loading the program as an ML Program: invalid IR, custom ops,
     * interface types Core ML cannot describe, names that are not identifiers, and more (see the README).
     *
     * @param program the program, after the pass pipeline
     * @param options the options the program would be written with
     * @return the errors and warnings; no error means {@link #write} will succeed
     */
    public List<Diagnostic> check(Program program, MlProgramOptions options) {
        requireNonNull(program, "program is null");
        requireNonNull(options, "options is null");
        List<Diagnostic> out = new ArrayList<>(Verifier.verify(program));
        out.addAll(ProgramChecker.check(program, options));
        return out;
    }

    /**
     * Checks the program and writes it as an {@code .mlpackage}, atomically: the package is built in a temporary
     * sibling directory and renamed into place, so on any failure nothing is left at or next to
     * {@code outputPackage}.
     *
     * @param program the program, after the pass pipeline; not changed
     * @param outputPackage the package directory to create or replace; its parent must exist
     * @param options how to write
     * @throws ConversionException with every diagnostic of {@link #check} if any is an error; nothing is written
     * @throws UncheckedIOException if writing fails
     */
    public void write(Program program, Path outputPackage, MlProgramOptions options) {
        write(program, outputPackage, options, ProgressListener.NONE);
    }

    /** As {@link #write(Program, Path, MlProgramOptions)}, reporting the weight bytes written to {@code progress}. */
    public void write(Program program, Path outputPackage, MlProgramOptions options, ProgressListener progress) {
        requireNonNull(outputPackage, "outputPackage is null");
        List<Diagnostic> diagnostics = check(program, options);
        if (diagnostics.stream().anyMatch(Diagnostic::isError)) {
            throw new ConversionException(diagnostics);
        }
        writeUnchecked(program, outputPackage, options, progress);
    }

    /**
     * Writes without {@link #check}: for tests of the encoding with programs Core ML could not load (model inputs
     * and outputs it cannot describe are left out of the model description).
     */
    void writeUnchecked(Program program, Path outputPackage, MlProgramOptions options) {
        writeUnchecked(program, outputPackage, options, ProgressListener.NONE);
    }

    private void writeUnchecked(Program program, Path outputPackage, MlProgramOptions options,
            ProgressListener progress) {
        long[] weightBytes = {0};
        // equal values are stored once: across the functions of a multifunction program every weight (as in a merged
        // package), within one function those coremltools' const_deduplication merges (100 elements or more)
        long minShared = program.functions().size() > 1 ? 0 : SharedBlobs.CONST_DEDUPLICATION_ELEMENTS;
        try (MlPackageWriter writer = MlPackageWriter.create(outputPackage)) {
            SharedBlobs[] shared = {null};
            MilProtoWriter milWriter = new MilProtoWriter(options, (type, data) -> {
                if (shared[0] == null) {
                    shared[0] = new SharedBlobs(writer.weights(), minShared);
                }
                long offset = shared[0].write(type, data);
                progress.stageProgress(ProgressListener.WRITE, weightBytes[0] += data.remaining(), 0);
                return offset;
            });
            dev.mil4j.spec.proto.mil.Program mil = milWriter.write(program);
            Model model = Model.newBuilder()
                    .setSpecificationVersion(specificationVersion(program))
                    .setDescription(describe(program, options))
                    .setMlProgram(mil)
                    .build();
            writer.finish(model);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + outputPackage + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads an {@code .mlpackage} (written by mil4j or by coremltools) into a MIL program. Weights in the blob file
     * become {@code TensorValue}s that are views of the mapped file, not copies. A package written by mil4j reads
     * back to a program that prints the same (source locations and dimension symbol names included).
     *
     * @param mlpackage the package directory
     * @param registry the op definitions to build the ops with, at each function's opset
     * @return the program, verified by the op definitions' type inference
     * @throws ConversionException listing every op type the registry does not know (with function and count), each
     *     {@code custom_layer} op, or another reason the program cannot be read
     * @throws UncheckedIOException if the package cannot be read or is malformed
     */
    public Program read(Path mlpackage, OpRegistry registry) {
        requireNonNull(mlpackage, "mlpackage is null");
        requireNonNull(registry, "registry is null");
        try {
            MlPackage pkg = MlPackage.read(mlpackage);
            Model model = pkg.model();
            if (!model.hasMlProgram()) {
                throw new ConversionException(Diagnostic.error(mlpackage + " holds a " + model.getTypeCase()
                        + " model, not an ML Program").withHint("only ML Program packages can be read into MIL here"));
            }
            Program program;
            try (PackageBlobs blobs = new PackageBlobs(pkg)) {
                program = new MilProtoReader(registry, blobs, mlpackage.toString()).read(model.getMlProgram());
            }
            String defaultFunction = model.getDescription().getDefaultFunctionName();
            if (!defaultFunction.isEmpty()) {
                if (program.function(defaultFunction).isEmpty()) {
                    throw new ConversionException(Diagnostic.error(mlpackage + " names `" + defaultFunction
                            + "` its default function, but its program has no such function")
                            .withHint("the package is malformed; merge or convert it again"));
                }
                program.setDefaultFunction(defaultFunction);
            }
            return program;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + mlpackage + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes a multifunction package (Core ML iOS18) made of functions of other ML Program packages, as coremltools'
     * {@code ct.utils.save_multifunction}: each function keeps its ops and gets its new name; weights that are
     * byte-identical across functions are stored once in {@code weight.bin}; the model description lists every
     * function and names the default one. Written atomically, like {@link #write}.
     *
     * @param descriptor the functions and the default one
     * @param outputPackage the package directory to create or replace; its parent must exist
     * @return what was written (weights referred to and blobs stored)
     * @throws ConversionException if a source is not an ML Program package or lacks the function named
     * @throws UncheckedIOException if a package cannot be read or the new one written
     */
    public MergedPackage merge(MultiFunctionDescriptor descriptor, Path outputPackage) {
        requireNonNull(descriptor, "descriptor is null");
        requireNonNull(outputPackage, "outputPackage is null");
        try {
            return MultiFunctionMerger.merge(descriptor, outputPackage);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot merge into " + outputPackage + ": " + e.getMessage(), e);
        }
    }

    private static ModelDescription describe(Program program, MlProgramOptions options) {
        ModelDescription.Builder description = ModelDescriptions.describe(program, options).toBuilder();
        options.descriptionEdits().accept(description);
        return description.build();
    }

    /** @return the specification version of the program: the highest of its functions' opsets */
    static int specificationVersion(Program program) {
        return program.functions().stream().map(Function::opset).mapToInt(Opset::specificationVersion).max()
                .orElseThrow();
    }
}
