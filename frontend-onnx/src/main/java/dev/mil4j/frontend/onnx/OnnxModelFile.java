package dev.mil4j.frontend.onnx;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.frontend.onnx.proto.ModelProto;
import com.google.protobuf.ByteOutput;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A parsed ONNX model file whose weights stay in the file: the file is memory-mapped (read-only), the parser reads a
 * heap copy of it with aliasing on, so its {@code bytes} fields (initializers' {@code raw_data}) are ranges of that
 * copy rather than copies of their own, and {@link #bytes} turns such a range into a view of the mapping at the same
 * offset. Weights then cost no heap and no copy (the page cache holds them, shared with the file), and the heap copy
 * is garbage once the model proto is: after translation. When the file cannot be mapped (a file system without
 * mappings), the views are of the heap copy, which then lives as long as any weight read from it.
 *
 * <p>A mapped file must not be truncated or rewritten in place while a program read from it is in use (the JVM
 * reports an access to a vanished page as an internal error), and on Windows it cannot be deleted until the program's
 * weights are collected; external data files and TorchScript archives are mapped the same way.
 */
final class OnnxModelFile {
    /** Nesting limit of the parser: ONNX graphs nest subgraphs in attributes, never this deep in real models. */
    private static final int RECURSION_LIMIT = 256;

    private final ModelProto proto;
    private final byte[] parsed;
    private final ByteBuffer contents;

    private OnnxModelFile(ModelProto proto, byte[] parsed, ByteBuffer contents) {
        this.proto = proto;
        this.parsed = parsed;
        this.contents = contents;
    }

    /** @return the model */
    ModelProto proto() {
        return proto;
    }

    /**
     * Reads and parses a model file, with its size checked before reading.
     *
     * @throws ConversionException when the file is too large, unreadable, truncated or not an ONNX model
     */
    static OnnxModelFile read(Path model) {
        String file = model.getFileName().toString();
        if (Files.exists(model) && !Files.isRegularFile(model)) {
            // a directory fails to read only after opening; a device or pipe never ends: both refused first
            throw new ConversionException(Diagnostic.error("ONNX model " + model + " is not a regular file ("
                    + (Files.isDirectory(model) ? "it is a directory" : "a device, pipe or other special file") + ")")
                    .withHint("give the .onnx file; external data files are found next to it"));
        }
        ByteBuffer contents;
        byte[] parsed;
        try (FileChannel channel = FileChannel.open(model, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > OnnxFrontend.MAX_MODEL_BYTES) {
                throw new ConversionException(Diagnostic.error("ONNX model " + file + " is " + size
                        + " bytes, more than the 2 GiB a protobuf message can hold")
                        .withHint("save the weights as external data (onnx.save_model(..., save_as_external_data="
                                + "True))"));
            }
            parsed = new byte[(int) size];
            contents = mapOrRead(channel, parsed);
        } catch (IOException e) {
            throw new ConversionException(Diagnostic.error("cannot read ONNX model " + file + ": " + e));
        }
        ModelProto proto;
        try {
            // an immutable decoder (unsafeWrap: nothing else holds the array) may alias it
            CodedInputStream in = UnsafeByteOperations.unsafeWrap(parsed).newCodedInput();
            in.enableAliasing(true);
            in.setRecursionLimit(RECURSION_LIMIT);
            proto = ModelProto.parseFrom(in);
            in.checkLastTagWas(0);
        } catch (InvalidProtocolBufferException e) {
            throw new ConversionException(Diagnostic.error("ONNX model " + file + " is not a valid ONNX protobuf "
                    + "message (" + parsed.length + " bytes): " + e.getMessage())
                    .withHint("the file is truncated or corrupt: export or download it again"));
        } catch (IOException e) {
            throw new ConversionException(Diagnostic.error("cannot read ONNX model " + file + ": " + e));
        }
        if (!proto.hasGraph()) {
            throw new ConversionException(Diagnostic.error("ONNX model " + file + " has no graph")
                    .withHint("is it an ONNX model? an empty or foreign protobuf file parses as a model without a "
                            + "graph"));
        }
        return new OnnxModelFile(proto, parsed, contents);
    }

    /**
     * Fills {@code parsed} with the file's bytes and returns them as a buffer: the file's mapping, or {@code parsed}
     * itself when the file cannot be mapped.
     */
    private static ByteBuffer mapOrRead(FileChannel channel, byte[] parsed) throws IOException {
        ByteBuffer mapped;
        try {
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, parsed.length);
        } catch (IOException | UnsupportedOperationException e) {
            ByteBuffer heap = ByteBuffer.wrap(parsed);
            while (heap.hasRemaining()) {
                if (channel.read(heap, heap.position()) < 0) {
                    throw new IOException("the file ended after " + heap.position() + " of " + parsed.length
                            + " bytes while it was read");
                }
            }
            return ByteBuffer.wrap(parsed).asReadOnlyBuffer();
        }
        mapped.get(0, parsed);
        return mapped;
    }

    /**
     * The bytes of a {@code bytes} field of the model as a little-endian, read-only buffer: a view of the file when
     * the field was parsed from it (no copy), else the field's own bytes.
     */
    ByteBuffer bytes(ByteString field) {
        Range range = new Range();
        try {
            UnsafeByteOperations.unsafeWriteTo(field, range);
        } catch (IOException e) {
            throw new IllegalStateException("a byte string wrote to memory failed", e); // Range throws nothing
        }
        ByteBuffer b = range.pieces == 1 && range.array == parsed
                ? contents.slice(range.offset, range.length)
                : field.asReadOnlyByteBuffer();
        return b.order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Where a byte string's bytes are: one range of an array when it gives exactly one ({@code pieces == 1}). */
    private static final class Range extends ByteOutput {
        private int pieces;
        private byte[] array;
        private int offset;
        private int length;

        @Override
        public void writeLazy(byte[] value, int offset, int length) {
            pieces++;
            this.array = value;
            this.offset = offset;
            this.length = length;
        }

        @Override
        public void write(byte value) {
            pieces += 2;
        }

        @Override
        public void write(byte[] value, int offset, int length) {
            pieces += 2;
        }

        @Override
        public void write(ByteBuffer value) {
            pieces += 2;
        }

        @Override
        public void writeLazy(ByteBuffer value) {
            pieces += 2;
        }
    }
}
