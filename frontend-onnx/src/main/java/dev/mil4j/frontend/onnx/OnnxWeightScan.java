package dev.mil4j.frontend.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The structure of an ONNX model file without the bytes of its weights: copies the protobuf message, except that
 * the {@code raw_data} of each initializer of the main graph is left out and replaced by a mark naming where it is
 * in the file ({@link #MARK}, an unknown field protobuf keeps). The copy is a few hundred kB even when the weights
 * are hundreds of MB, so parsing it costs neither a copy of the weights nor the heap to hold one; the weights are
 * then views of the file ({@link OnnxModelFile}). Only the wire format is read here, along the path model
 * ({@code graph} = 7) -> graph ({@code initializer} = 5) -> tensor ({@code raw_data} = 9); every other field is copied
 * as it is. Anything unexpected on that path (a malformed varint or length, a group, a tensor with two raw_data
 * fields, external data or a mark of its own) makes the scan give up, and the caller parses the whole file instead,
 * which reports what is wrong.
 */
final class OnnxWeightScan {
    /** The field number of the mark: the largest protobuf allows, which ONNX does not use. */
    static final int MARK = (1 << 29) - 1;
    /** Raw data shorter than this is copied with the structure: not worth a view. */
    static final int MIN_VIEWED = 4096;

    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int TENSOR_EXTERNAL_DATA = 13;
    private static final int TENSOR_DATA_LOCATION = 14;
    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LEN = 2;
    private static final int FIXED32 = 5;

    private final ByteBuffer file;
    private final long nonce;
    /** The copy of one initializer without its raw data: a few dozen bytes, one buffer for all of them. */
    private ByteArrayOutputStream tensorCopy;
    private int pos;

    /** Thrown (without a stack trace) when the scan gives up. */
    private static final class GiveUp extends Exception {
        GiveUp() {
            super(null, null, false, false);
        }
    }

    private OnnxWeightScan(ByteBuffer file, long nonce) {
        this.file = file;
        this.nonce = nonce;
    }

    /**
     * The model's structure with marks in place of the main graph's large raw data, or empty when the scan gives up.
     *
     * @param file the whole model file (position 0 to its capacity)
     * @param nonce written into every mark, so that only marks of this scan are taken for ones
     */
    static Optional<byte[]> structure(ByteBuffer file, long nonce) {
        OnnxWeightScan scan = new OnnxWeightScan(file, nonce);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
            scan.message(file.capacity(), MODEL_GRAPH, out);
            return Optional.of(out.toByteArray());
        } catch (GiveUp e) {
            return Optional.empty();
        }
    }

    /**
     * Copies the fields from {@code pos} to {@code end}; the length-delimited field number {@code wanted} (a model's
     * graph, a graph's initializer) is copied by the level below: {@link #message} for a graph, {@link #tensor} for
     * an initializer.
     */
    private void message(int end, int wanted, ByteArrayOutputStream out) throws GiveUp {
        while (pos < end) {
            int start = pos;
            long tag = varint(end);
            if ((tag >>> 3) == wanted && (tag & 7) == LEN) {
                int length = length(end);
                ByteArrayOutputStream inner;
                if (wanted == MODEL_GRAPH) {
                    inner = new ByteArrayOutputStream(1 << 16);
                    message(pos + length, GRAPH_INITIALIZER, inner);
                } else {
                    if (tensorCopy == null) {
                        tensorCopy = new ByteArrayOutputStream(256);
                    }
                    inner = tensorCopy;
                    inner.reset();
                    tensor(pos + length, inner);
                }
                putVarint(out, tag);
                putVarint(out, inner.size());
                out.writeBytes(inner.toByteArray());
            } else {
                skip(tag, end);
                copy(start, pos, out);
            }
        }
    }

    /** A tensor: its raw data, when large and the only place of its data, becomes a mark. */
    private void tensor(int end, ByteArrayOutputStream out) throws GiveUp {
        int start = pos;
        int rawAt = -1;
        int rawFieldStart = -1;
        int rawLength = 0;
        while (pos < end) {
            int fieldStart = pos;
            long tag = varint(end);
            long field = tag >>> 3;
            if (field == TENSOR_RAW_DATA && (tag & 7) == LEN) {
                if (rawAt >= 0) {
                    throw new GiveUp(); // the last one counts in protobuf; not worth copying that rule
                }
                rawFieldStart = fieldStart;
                rawLength = length(end);
                rawAt = pos;
                pos += rawLength;
            } else if (field == TENSOR_EXTERNAL_DATA || field == TENSOR_DATA_LOCATION || field == MARK) {
                throw new GiveUp();
            } else {
                skip(tag, end);
            }
        }
        if (rawAt < 0 || rawLength < MIN_VIEWED) {
            copy(start, end, out);
            return;
        }
        copy(start, rawFieldStart, out);
        copy(rawAt + rawLength, end, out);
        putVarint(out, ((long) TENSOR_RAW_DATA << 3) | LEN);
        putVarint(out, 0); // raw_data stays present (empty): its bytes are where the mark says
        ByteArrayOutputStream mark = new ByteArrayOutputStream(24);
        for (int i = 0; i < 8; i++) {
            mark.write((int) (nonce >>> (8 * i)));
        }
        putVarint(mark, rawAt);
        putVarint(mark, rawLength);
        putVarint(out, ((long) MARK << 3) | LEN);
        putVarint(out, mark.size());
        out.writeBytes(mark.toByteArray());
    }

    /**
     * The bytes a mark of this scan names, as {@code {offset, length}}, or null when {@code mark} is not one (another
     * nonce, or not the layout {@link #tensor} writes).
     */
    static long[] range(ByteBuffer mark, long nonce, long fileSize) {
        if (mark.remaining() < 10 || mark.remaining() > 28) {
            return null;
        }
        OnnxWeightScan read = new OnnxWeightScan(mark, 0);
        read.pos = mark.position();
        int end = mark.limit();
        try {
            long written = 0;
            for (int i = 0; i < 8; i++) {
                written |= (mark.get(read.pos++) & 0xffL) << (8 * i);
            }
            long offset = read.varint(end);
            long length = read.varint(end);
            if (written != nonce || read.pos != end || offset < 0 || length < 0 || offset + length > fileSize) {
                return null;
            }
            return new long[] {offset, length};
        } catch (GiveUp e) {
            return null;
        }
    }

    private void skip(long tag, int end) throws GiveUp {
        switch ((int) (tag & 7)) {
            case VARINT -> varint(end);
            case FIXED64 -> advance(8, end);
            case LEN -> advance(length(end), end);
            case FIXED32 -> advance(4, end);
            default -> throw new GiveUp(); // groups (long deprecated) and invalid wire types
        }
        if ((tag >>> 3) == 0) {
            throw new GiveUp(); // field number 0 is invalid
        }
    }

    private void advance(int n, int end) throws GiveUp {
        if (n > end - pos) {
            throw new GiveUp();
        }
        pos += n;
    }

    /**
     * A length prefix: within the enclosing message, which it must not overrun. A ten-byte varint can have the top
     * bit set, which as a {@code long} is negative: taken as a length, it would move the scan backwards forever.
     */
    private int length(int end) throws GiveUp {
        long n = varint(end);
        if (n < 0 || n > end - pos) {
            throw new GiveUp();
        }
        return (int) n;
    }

    private long varint(int end) throws GiveUp {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw new GiveUp();
            }
            byte b = file.get(pos++);
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new GiveUp();
    }

    private void copy(int from, int to, ByteArrayOutputStream out) {
        if (file.hasArray()) {
            out.write(file.array(), file.arrayOffset() + from, to - from);
        } else {
            byte[] bytes = new byte[to - from];
            file.get(from, bytes);
            out.write(bytes, 0, bytes.length);
        }
    }

    private static void putVarint(ByteArrayOutputStream out, long value) {
        long v = value;
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
