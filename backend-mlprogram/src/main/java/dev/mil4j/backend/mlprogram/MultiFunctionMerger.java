package dev.mil4j.backend.mlprogram;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.op.Opset;
import dev.mil4j.spec.MlPackage;
import dev.mil4j.spec.MlPackageWriter;
import dev.mil4j.spec.blob.Blob;
import dev.mil4j.spec.blob.BlobFile;
import dev.mil4j.spec.proto.FunctionDescription;
import dev.mil4j.spec.proto.Model;
import dev.mil4j.spec.proto.ModelDescription;
import dev.mil4j.spec.proto.mil.Argument;
import dev.mil4j.spec.proto.mil.Block;
import dev.mil4j.spec.proto.mil.Function;
import dev.mil4j.spec.proto.mil.Operation;
import dev.mil4j.spec.proto.mil.Program;
import dev.mil4j.spec.proto.mil.Value;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a multifunction package from the functions of other ML Program packages, as coremltools'
 * {@code save_multifunction}: each function's MIL.proto is copied under its new name with its weights moved to the
 * new package's {@code weight.bin}, byte-identical weights stored once ({@link SharedBlobs}); the model description
 * lists each function's inputs, outputs and states, names the default function and leaves the top-level inputs and
 * outputs empty; the specification version is at least iOS18's. The program's {@code buildInfo} is the first
 * source's, with mil4j's debug information of each function carried over under its new name.
 */
final class MultiFunctionMerger implements AutoCloseable {
    /** A source package, read once however many of its functions are taken. */
    private record Source(Path path, MlPackage pkg, Model model, DebugInfo debug, Map<String, String> buildInfo) {
    }

    private final Map<Path, Source> sources = new LinkedHashMap<>();
    private final Map<String, BlobFile> blobFiles = new HashMap<>();
    private final MlPackageWriter writer;
    private SharedBlobs blobs;

    private MultiFunctionMerger(MlPackageWriter writer) {
        this.writer = writer;
    }

    static MergedPackage merge(MultiFunctionDescriptor descriptor, Path out) throws IOException {
        try (MultiFunctionMerger merger = new MultiFunctionMerger(MlPackageWriter.create(out))) {
            return merger.run(descriptor, out);
        }
    }

    private MergedPackage run(MultiFunctionDescriptor descriptor, Path out) throws IOException {
        Program.Builder program = Program.newBuilder();
        ModelDescription.Builder description = ModelDescription.newBuilder();
        DebugInfo debug = new DebugInfo();
        int specificationVersion = Opset.IOS18.specificationVersion();
        Source first = null;
        for (MultiFunctionDescriptor.Entry e : descriptor.entries()) {
            Source src = source(e.source());
            first = first == null ? src : first;
            Function function = src.model().getMlProgram().getFunctionsMap().get(e.sourceFunction());
            if (function == null) {
                throw problem(e.source() + " has no function `" + e.sourceFunction() + "`; its functions are "
                        + src.model().getMlProgram().getFunctionsMap().keySet(), "name one of them");
            }
            program.putFunctions(e.name(), function(function, src));
            description.addFunctions(describe(src, e));
            debug.copyFunction(src.debug(), e.sourceFunction(), e.name());
            specificationVersion = Math.max(specificationVersion, src.model().getSpecificationVersion());
        }
        program.setVersion(first.model().getMlProgram().getVersion());
        Map<String, String> buildInfo = new LinkedHashMap<>(first.buildInfo());
        buildInfo.remove(DebugInfo.BUILD_INFO_KEY);
        if (!debug.isEmpty()) {
            buildInfo.put(DebugInfo.BUILD_INFO_KEY, debug.encode());
        }
        if (!buildInfo.isEmpty()) {
            program.putAttributes(MilProtoWriter.BUILD_INFO, BuildInfo.value(buildInfo));
        }
        description.setDefaultFunctionName(descriptor.defaultFunction());
        writer.finish(Model.newBuilder().setSpecificationVersion(specificationVersion)
                .setDescription(description).setMlProgram(program).build());
        return blobs == null ? new MergedPackage(out, descriptor.entries().size(), 0, 0, 0)
                : new MergedPackage(out, descriptor.entries().size(), blobs.weights(), blobs.blobs(), blobs.bytes());
    }

    private Source source(Path path) throws IOException {
        Path key = path.toAbsolutePath().normalize();
        Source known = sources.get(key);
        if (known != null) {
            return known;
        }
        MlPackage pkg = MlPackage.read(path);
        Model model = pkg.model();
        if (!model.hasMlProgram()) {
            throw problem(path + " holds a " + model.getTypeCase() + " model, not an ML Program",
                    "only ML Program packages (.mlpackage) have functions to merge; convert with --to mlprogram");
        }
        Map<String, String> buildInfo = BuildInfo.read(model.getMlProgram(), path.toString());
        DebugInfo debug = buildInfo.containsKey(DebugInfo.BUILD_INFO_KEY)
                ? DebugInfo.decode(buildInfo.get(DebugInfo.BUILD_INFO_KEY)) : new DebugInfo();
        Source src = new Source(path, pkg, model, debug, buildInfo);
        sources.put(key, src);
        return src;
    }

    /** The description of one function: its own entry in a multifunction source, else the source's model's. */
    private static FunctionDescription describe(Source src, MultiFunctionDescriptor.Entry e) {
        ModelDescription d = src.model().getDescription();
        for (FunctionDescription f : d.getFunctionsList()) {
            if (f.getName().equals(e.sourceFunction())) {
                return f.toBuilder().setName(e.name()).build();
            }
        }
        return FunctionDescription.newBuilder().setName(e.name())
                .addAllInput(d.getInputList()).addAllOutput(d.getOutputList()).addAllState(d.getStateList())
                .setPredictedFeatureName(d.getPredictedFeatureName())
                .setPredictedProbabilitiesName(d.getPredictedProbabilitiesName()).build();
    }

    private Function function(Function f, Source src) throws IOException {
        Function.Builder out = f.toBuilder();
        for (Map.Entry<String, Block> b : f.getBlockSpecializationsMap().entrySet()) {
            out.putBlockSpecializations(b.getKey(), block(b.getValue(), src));
        }
        return out.build();
    }

    private Block block(Block b, Source src) throws IOException {
        Block.Builder out = b.toBuilder();
        for (int i = 0; i < b.getOperationsCount(); i++) {
            out.setOperations(i, operation(b.getOperations(i), src));
        }
        return out.build();
    }

    private Operation operation(Operation op, Source src) throws IOException {
        Operation.Builder out = op.toBuilder();
        for (Map.Entry<String, Value> a : op.getAttributesMap().entrySet()) {
            out.putAttributes(a.getKey(), value(a.getValue(), src));
        }
        for (Map.Entry<String, Argument> in : op.getInputsMap().entrySet()) {
            Argument.Builder arg = in.getValue().toBuilder();
            for (int i = 0; i < arg.getArgumentsCount(); i++) {
                if (arg.getArguments(i).hasValue()) {
                    arg.getArgumentsBuilder(i).setValue(value(arg.getArguments(i).getValue(), src));
                }
            }
            out.putInputs(in.getKey(), arg.build());
        }
        for (int i = 0; i < op.getBlocksCount(); i++) {
            out.setBlocks(i, block(op.getBlocks(i), src));
        }
        return out.build();
    }

    /** A value, with a blob it refers to copied (or found shared) in the new weight file. */
    private Value value(Value v, Source src) throws IOException {
        if (!v.hasBlobFileValue()) {
            return v;
        }
        String fileName = v.getBlobFileValue().getFileName();
        BlobFile file = blobFiles.get(src.path() + "\0" + fileName);
        if (file == null) {
            file = src.pkg().openBlobFile(fileName);
            blobFiles.put(src.path() + "\0" + fileName, file);
        }
        Blob blob = file.blob(v.getBlobFileValue().getOffset());
        if (blobs == null) {
            blobs = new SharedBlobs(writer.weights(), 0);
        }
        long offset = blobs.write(blob.dataType(), file.data(blob));
        Value.Builder out = v.toBuilder();
        out.getBlobFileValueBuilder().setFileName(MlPackageWriter.WEIGHT_FILE).setOffset(offset);
        return out.build();
    }

    private static ConversionException problem(String message, String hint) {
        return new ConversionException(Diagnostic.error(message).withHint(hint));
    }

    @Override
    public void close() throws IOException {
        try {
            for (BlobFile f : blobFiles.values()) {
                f.close();
            }
        } finally {
            writer.close();
        }
    }
}
