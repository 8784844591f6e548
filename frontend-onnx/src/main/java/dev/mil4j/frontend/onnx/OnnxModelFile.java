package dev.mil4j.frontend.onnx;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.frontend.onnx.proto.ModelProto;
import dev.mil4j.frontend.onnx.proto.TensorProto;
import com.google.protobuf.ByteOutput;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A parsed ONNX model file whose weights stay in the file. A file of {@value #MAP_FROM} bytes or more is
 * memory-mapped (read-only), and the parser reads only its structure ({@link OnnxWeightScan}: the main graph's large
 * initializers' raw data are marks naming their place in the file); {@link #rawData} makes a marked tensor's data a
 * view of the mapping. Weights then cost no copy and no heap (the page cache holds them, shared with the file).
 * Where the scan gives up, the parser reads a heap copy of the whole file with aliasing on, so every {@code bytes}
 * field is a range of that copy, and {@link #bytes} turns such a range into a view of the mapping at the same
 * offset: the copy is garbage once the proto is (after translation). A smaller file, or one the file system cannot
 * map, is read into the heap and parsed as it is (a mapping costs a cold JVM some 40 classes of the JDK's method
 * handle machinery, more than such a file is worth).
 *
 * <p>A mapped file must not be truncated or rewritten in place while a program read from it is in use (the JVM
 * reports an access to a vanished page as an internal error), and on Windows it cannot be deleted until the program's
 * weights are collected; external data files and TorchScript archives are mapped the same way.
 */
final class OnnxModelFile {
    /** The size from which a model file is mapped rather than read (1 MiB). */
    static final long MAP_FROM = 1 << 20;
    /** Nesting limit of the parser: ONNX graphs nest subgraphs in attributes, never this deep in real models. */
    private static final int RECURSION_LIMIT = 256;

    private final ModelProto proto;
    /**
     * The heap copy of the file the parser aliased, so that {@link #bytes} can tell which fields it holds; null
     * otherwise (a file read into the heap is parsed without aliasing, and a scanned structure holds no weights),
     * so that a small model's bytes are not held twice while it is translated.
     */
    private final byte[] parsed;
    /** The file's mapping; null when the file was read into the heap. */
    private final ByteBuffer mapping;
    /** The nonce of the scan's marks; 0 when the file was not scanned. */
    private final long nonce;

    private OnnxModelFile(ModelProto proto, byte[] parsed, ByteBuffer mapping, long nonce) {
        this.proto = proto;
        this.parsed = mapping != null && nonce == 0 ? parsed : null;
        this.mapping = mapping;
        this.nonce = nonce;
    }

    /** @return the model */
    ModelProto proto() {
        return proto;
    }

    /**
     * Reads a model file for translation: the structure parsed, the weights left in the file's mapping.
     *
     * @throws ConversionException when the file is too large, unreadable, truncated or not an ONNX model
     */
    static OnnxModelFile read(Path model) {
        return read(model, true, MAP_FROM);
    }

    /**
     * Reads and parses a whole model file: every field as it is in the file (the raw data of a mapped file are views
     * of it).
     *
     * @throws ConversionException when the file is too large, unreadable, truncated or not an ONNX model
     */
    static OnnxModelFile readWhole(Path model) {
        return read(model, false, MAP_FROM);
    }

    /**
     * @param scan whether to parse only the structure of a mapped file
     * @param mapFrom the size from which the file is mapped
     */
    static OnnxModelFile read(Path model, boolean scan, long mapFrom) {
        String file = model.getFileName().toString();
        if (Files.exists(model) && !Files.isRegularFile(model)) {
            // a directory fails to read only after opening; a device or pipe never ends: both refused first
            throw new ConversionException(Diagnostic.error("ONNX model " + model + " is not a regular file ("
                    + (Files.isDirectory(model) ? "it is a directory" : "a device, pipe or other special file") + ")")
                    .withHint("give the .onnx file; external data files are found next to it"));
        }
        long size;
        ByteBuffer mapping;
        byte[] parsed = null;
        long nonce = 0;
        try (FileChannel channel = FileChannel.open(model, StandardOpenOption.READ)) {
            size = channel.size();
            if (size > OnnxFrontend.MAX_MODEL_BYTES) {
                throw new ConversionException(Diagnostic.error("ONNX model " + file + " is " + size
                        + " bytes, more than the 2 GiB a protobuf message can hold")
                        .withHint("save the weights as external data (onnx.save_model(..., save_as_external_data="
                                + "True))"));
            }
            mapping = size >= mapFrom ? map(channel, size) : null;
            if (mapping == null) {
                parsed = readAll(channel, (int) size);
            } else if (scan) {
                nonce = ThreadLocalRandom.current().nextLong() | 1;
                parsed = OnnxWeightScan.structure(mapping, nonce).orElse(null);
                nonce = parsed == null ? 0 : nonce;
                prefault((MappedByteBuffer) mapping);
            }
            if (parsed == null) {
                parsed = new byte[(int) size];
                mapping.get(0, parsed);
            }
        } catch (IOException e) {
            throw new ConversionException(Diagnostic.error("cannot read ONNX model " + file + ": " + e));
        }
        // aliasing only where raw data become views of the mapping at their offsets in the parsed copy
        boolean alias = mapping != null && nonce == 0;
        return new OnnxModelFile(parse(parsed, alias, file, size), parsed, mapping, nonce);
    }

    private static ModelProto parse(byte[] bytes, boolean alias, String file, long size) {
        ModelProto proto;
        try {
            CodedInputStream in;
            if (alias) {
                // an immutable decoder (unsafeWrap: nothing else holds the array) may alias it
                in = UnsafeByteOperations.unsafeWrap(bytes).newCodedInput();
                in.enableAliasing(true);
            } else {
                in = CodedInputStream.newInstance(bytes);
            }
            in.setRecursionLimit(RECURSION_LIMIT);
            proto = ModelProto.parseFrom(in);
            in.checkLastTagWas(0);
        } catch (InvalidProtocolBufferException e) {
            throw new ConversionException(Diagnostic.error("ONNX model " + file + " is not a valid ONNX protobuf "
                    + "message (" + size + " bytes): " + e.getMessage())
                    .withHint("the file is truncated or corrupt: export or download it again"));
        } catch (IOException e) {
            throw new ConversionException(Diagnostic.error("cannot read ONNX model " + file + ": " + e));
        }
        if (!proto.hasGraph()) {
            throw new ConversionException(Diagnostic.error("ONNX model " + file + " has no graph")
                    .withHint("is it an ONNX model? an empty or foreign protobuf file parses as a model without a "
                            + "graph"));
        }
        return proto;
    }

    /**
     * Touches the mapping's pages on another core while the graph is translated: the first touch of each page is a
     * page fault, which would otherwise fall on the passes that first read the weights (constant deduplication, the
     * fp16 cast), 2 to 4 ms per 47 MB on the converting thread.
     */
    private static void prefault(MappedByteBuffer mapping) {
        ForkJoinPool.commonPool().execute(mapping::load);
    }

    /** The file's read-only mapping, or null on a file system that cannot map it. */
    private static ByteBuffer map(FileChannel channel, long size) {
        try {
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static byte[] readAll(FileChannel channel, int size) throws IOException {
        byte[] bytes = new byte[size];
        ByteBuffer heap = ByteBuffer.wrap(bytes);
        while (heap.hasRemaining()) {
            if (channel.read(heap, heap.position()) < 0) {
                throw new IOException("the file ended after " + heap.position() + " of " + size
                        + " bytes while it was read");
            }
        }
        return bytes;
    }

    /**
     * A tensor's {@code raw_data} as a little-endian, read-only buffer: a view of the file when the scan marked it or
     * the parser aliased it, else the field's own bytes.
     */
    ByteBuffer rawData(TensorProto tensor) {
        if (nonce != 0) {
            UnknownFieldSet unknown = tensor.getUnknownFields();
            List<ByteString> marks = unknown.hasField(OnnxWeightScan.MARK)
                    ? unknown.getField(OnnxWeightScan.MARK).getLengthDelimitedList()
                    : List.of();
            long[] range = marks.size() == 1
                    ? OnnxWeightScan.range(marks.get(0).asReadOnlyByteBuffer(), nonce, mapping.capacity())
                    : null;
            if (range != null) {
                return mapping.slice((int) range[0], (int) range[1]).order(ByteOrder.LITTLE_ENDIAN);
            }
        }
        return bytes(tensor.getRawData());
    }

    /**
     * The bytes of a {@code bytes} field of the model as a little-endian, read-only buffer: a view of the file when
     * the field was parsed from a copy of it (no copy), else the field's own bytes.
     */
    ByteBuffer bytes(ByteString field) {
        if (mapping == null || nonce != 0) {
            return field.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN); // parsed without aliasing
        }
        Range range = new Range();
        try {
            UnsafeByteOperations.unsafeWriteTo(field, range);
        } catch (IOException e) {
            throw new IllegalStateException("a byte string wrote to memory failed", e); // Range throws nothing
        }
        boolean ofFile = range.pieces == 1 && range.array == parsed;
        ByteBuffer b = ofFile ? mapping.slice(range.offset, range.length) : field.asReadOnlyByteBuffer();
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
