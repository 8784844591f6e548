package dev.mil4j.spec;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import dev.mil4j.spec.internal.AtomicFiles;
import dev.mil4j.spec.proto.Model;
import dev.mil4j.spec.proto.NeuralNetwork;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reading and writing {@code .mlmodel} files: one serialized {@link Model} message. Reading is bounded (the whole
 * file is read into memory, so its size is checked first); writing is atomic (a temporary sibling, then a rename).
 */
public final class ModelFiles {
    /**
     * The default largest {@code .mlmodel} accepted: protobuf messages cannot be larger than 2 GiB, so neither can
     * a {@code .mlmodel}.
     */
    public static final long DEFAULT_MAX_BYTES = Integer.MAX_VALUE - 8L;

    /** Nesting limit while parsing: deep enough for nested pipelines and MIL blocks, shallow enough to be safe. */
    private static final int RECURSION_LIMIT = 200;

    private ModelFiles() {}

    /**
     * Reads a {@code .mlmodel} file of at most {@link #DEFAULT_MAX_BYTES}.
     *
     * @param file the {@code .mlmodel} file
     * @return the model
     * @throws ModelFormatException if the file is too large or not a valid Core ML model
     * @throws IOException if the file cannot be read
     */
    public static Model readModel(Path file) throws IOException {
        return readModel(file, DEFAULT_MAX_BYTES);
    }

    /**
     * Reads a {@code .mlmodel} file, refusing files larger than {@code maxBytes}.
     *
     * @param file the {@code .mlmodel} file
     * @param maxBytes the largest file size accepted, between 0 and {@link #DEFAULT_MAX_BYTES}
     * @return the model
     * @throws ModelFormatException if the file is too large or not a valid Core ML model
     * @throws IOException if the file cannot be read
     */
    public static Model readModel(Path file, long maxBytes) throws IOException {
        requireNonNull(file, "file is null");
        if (maxBytes < 0 || maxBytes > DEFAULT_MAX_BYTES) {
            throw new IllegalArgumentException("maxBytes must be between 0 and " + DEFAULT_MAX_BYTES + ": " + maxBytes);
        }
        if (Files.isDirectory(file)) {
            throw new ModelFormatException(file, "is a directory, not a .mlmodel file;"
                    + " read an .mlpackage directory with MlPackage.read");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            // a device or pipe reports 0 bytes and may never end: refused before reading
            throw new ModelFormatException(file, "is not a regular file (a device, pipe or other special file);"
                    + " give a .mlmodel file");
        }
        long size = Files.size(file);
        if (size > maxBytes) {
            throw tooLarge(file, size, maxBytes);
        }
        if (size == 0) {
            throw new ModelFormatException(file, "is empty (0 bytes), not a Core ML model; the file was truncated"
                    + " or never written: produce it again from the source model");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            // one byte more than allowed, so a file that grew since Files.size is still caught
            bytes = in.readNBytes((int) (maxBytes + 1));
        }
        if (bytes.length > maxBytes) {
            throw tooLarge(file, bytes.length, maxBytes);
        }
        return parseModel(bytes, file);
    }

    /**
     * Parses the bytes of a {@code .mlmodel} file.
     *
     * @param bytes the serialized model
     * @param source the file the bytes came from, named in error messages
     * @return the model
     * @throws ModelFormatException if the bytes are not a valid Core ML model
     */
    public static Model parseModel(byte[] bytes, Path source) throws ModelFormatException {
        requireNonNull(bytes, "bytes is null");
        requireNonNull(source, "source is null");
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        in.setRecursionLimit(RECURSION_LIMIT);
        in.setSizeLimit(Integer.MAX_VALUE);
        try {
            return Model.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw new ModelFormatException(source, -1, "is not a valid Core ML model (" + bytes.length + " bytes): "
                    + e.getMessage() + " The file may be truncated or corrupted, or not a .mlmodel at all;"
                    + " produce it again from the source model.", e);
        } catch (IOException e) {
            throw new ModelFormatException(source, -1, "cannot be parsed: " + e.getMessage(), e);
        }
    }

    private static ModelFormatException tooLarge(Path file, long size, long maxBytes) {
        return new ModelFormatException(file, "is " + size + " bytes, more than the limit of " + maxBytes
                + " bytes for a .mlmodel file; models with large weights should be ML Programs in an .mlpackage,"
                + " whose weights live in a separate weight file");
    }

    /**
     * Writes a model to a {@code .mlmodel} file atomically: the bytes go to a temporary sibling, which is renamed to
     * {@code file} only when complete. On failure {@code file} is left as it was.
     *
     * @param model the model
     * @param file the {@code .mlmodel} file to create or replace; its directory must exist
     * @throws IOException if writing fails
     */
    public static void writeModel(Model model, Path file) throws IOException {
        requireNonNull(model, "model is null");
        requireNonNull(file, "file is null");
        AtomicFiles.writeFile(file, model::writeTo);
    }

    /**
     * A NeuralNetwork model that produces its top-level layers one at a time, so that they need not all be held at
     * once. {@link #writeModel(LayerSource, Path)} calls it twice, to measure and then to write: both calls must
     * produce the same layers in the same order and return the same model.
     */
    @FunctionalInterface
    public interface LayerSource {
        /**
         * Passes each top-level layer to {@code sink}, in order.
         *
         * @return the model the layers belong to: everything but those layers, in a {@code neuralNetwork} without
         *     layers of its own
         */
        Model forEachLayer(Consumer<NeuralNetworkLayer> sink);
    }

    /**
     * Writes a NeuralNetwork model whose top-level layers are produced rather than held: the source runs once to
     * measure the layers and give the rest of the model, then again to stream the layers to the file. The bytes are
     * those {@code Model.writeTo} would write for the whole model. Atomic, as {@link #writeModel(Model, Path)};
     * nothing is created when the first run fails.
     *
     * @param source the model and its layers; the same each time it is called
     * @param file the {@code .mlmodel} file to create or replace; its directory must exist
     * @throws ModelFormatException if the model would be larger than a {@code .mlmodel} can be (2 GiB)
     * @throws IOException if writing fails
     * @throws IllegalArgumentException if the model has no {@code neuralNetwork} or it has layers of its own
     * @throws IllegalStateException if the source produced something else the second time
     */
    public static void writeModel(LayerSource source, Path file) throws IOException {
        writeModel(source, file, (done, total) -> {
        });
    }

    /** Told how far a write has got. */
    @FunctionalInterface
    public interface WriteProgress {
        /** {@code done} of {@code total} bytes are written. */
        void written(long done, long total);
    }

    /**
     * As {@link #writeModel(LayerSource, Path)}, telling {@code progress} the bytes written after each layer.
     */
    public static void writeModel(LayerSource source, Path file, WriteProgress progress) throws IOException {
        requireNonNull(source, "source is null");
        requireNonNull(file, "file is null");
        requireNonNull(progress, "progress is null");
        long[] layerBytes = {0};
        Model model = requireNonNull(source.forEachLayer(l -> layerBytes[0] += CodedOutputStream.computeMessageSize(
                NeuralNetwork.LAYERS_FIELD_NUMBER, l)), "the layer source returned no model");
        if (!model.hasNeuralNetwork() || model.getNeuralNetwork().getLayersCount() != 0) {
            throw new IllegalArgumentException("the model must have a neuralNetwork without layers of its own");
        }
        // Model's fields other than the neuralNetwork all have smaller numbers, so they come first, as writeTo puts them
        Model header = model.toBuilder().clearNeuralNetwork().build();
        NeuralNetwork rest = model.getNeuralNetwork();
        long networkBytes = layerBytes[0] + rest.getSerializedSize();
        long total = header.getSerializedSize() + CodedOutputStream.computeTagSize(Model.NEURALNETWORK_FIELD_NUMBER)
                + CodedOutputStream.computeUInt64SizeNoTag(networkBytes) + networkBytes;
        if (total > DEFAULT_MAX_BYTES) {
            throw new ModelFormatException(file, "would be " + total + " bytes, more than a .mlmodel can hold ("
                    + DEFAULT_MAX_BYTES + " bytes, protobuf's limit); convert to an ML Program (.mlpackage),"
                    + " whose weights live in a separate weight file");
        }
        AtomicFiles.writeFile(file, stream -> {
            CodedOutputStream out = CodedOutputStream.newInstance(stream, 1 << 16);
            header.writeTo(out);
            out.writeTag(Model.NEURALNETWORK_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag((int) networkBytes);
            int start = out.getTotalBytesWritten();
            Model again;
            try {
                again = source.forEachLayer(l -> {
                    try {
                        out.writeMessage(NeuralNetwork.LAYERS_FIELD_NUMBER, l);
                        progress.written(out.getTotalBytesWritten(), total);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            rest.writeTo(out);
            long written = out.getTotalBytesWritten() - start - rest.getSerializedSize();
            if (written != layerBytes[0] || !model.equals(again)) {
                throw new IllegalStateException("the layer source produced " + written + " bytes of layers when "
                        + "writing but " + layerBytes[0] + " when measuring" + (model.equals(again) ? ""
                        : ", and another model") + "; it must produce the same each time");
            }
            out.flush();
            progress.written(total, total);
        });
    }
}
