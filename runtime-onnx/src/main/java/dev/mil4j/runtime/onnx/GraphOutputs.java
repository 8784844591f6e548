package dev.mil4j.runtime.onnx;

import dev.mil4j.converter.spi.ReferenceRuntimeException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes an ONNX model's intermediate tensors graph outputs, at the level of the protobuf wire format, so that this
 * module needs no ONNX schema classes. Reading walks {@code ModelProto.graph} (field 7) to its nodes
 * ({@code GraphProto.node}, field 1) and their outputs ({@code NodeProto.output}, field 2). Writing appends a second
 * {@code graph} field holding only {@code output} entries ({@code GraphProto.output}, field 12, a
 * {@code ValueInfoProto} with just its {@code name}, field 1): a protobuf parser merges repeated occurrences of an
 * embedded message, so the graph gains these outputs and keeps everything else. Outputs without a type are
 * accepted by ONNX Runtime, which infers them.
 */
final class GraphOutputs {
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_OUTPUT = 12;
    private static final int NODE_OUTPUT = 2;
    private static final int VALUE_INFO_NAME = 1;
    private static final int LEN = 2;

    private GraphOutputs() {
    }

    /** The output names of the main graph's nodes, in node order, without the graph's own outputs. */
    static List<String> nodeOutputs(byte[] model) {
        Set<String> names = new LinkedHashSet<>();
        Set<String> graphOutputs = new LinkedHashSet<>();
        for (Field g : fields(model, 0, model.length)) {
            if (g.number == MODEL_GRAPH && g.wireType == LEN) {
                for (Field f : fields(model, g.start, g.end)) {
                    if (f.number == GRAPH_NODE && f.wireType == LEN) {
                        for (Field o : fields(model, f.start, f.end)) {
                            if (o.number == NODE_OUTPUT && o.wireType == LEN && o.end > o.start) {
                                names.add(o.string(model));
                            }
                        }
                    } else if (f.number == GRAPH_OUTPUT && f.wireType == LEN) {
                        for (Field n : fields(model, f.start, f.end)) {
                            if (n.number == VALUE_INFO_NAME && n.wireType == LEN) {
                                graphOutputs.add(n.string(model));
                            }
                        }
                    }
                }
            }
        }
        names.removeAll(graphOutputs);
        return List.copyOf(names);
    }

    /** The model with {@code names} added to its graph's outputs. */
    static byte[] withOutputs(byte[] model, List<String> names) {
        ByteArrayOutputStream graph = new ByteArrayOutputStream();
        for (String n : names) {
            ByteArrayOutputStream valueInfo = new ByteArrayOutputStream();
            writeBytes(valueInfo, VALUE_INFO_NAME, n.getBytes(StandardCharsets.UTF_8));
            writeBytes(graph, GRAPH_OUTPUT, valueInfo.toByteArray());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(model.length + graph.size() + 16);
        out.writeBytes(model);
        writeBytes(out, MODEL_GRAPH, graph.toByteArray());
        return out.toByteArray();
    }

    private static void writeBytes(ByteArrayOutputStream out, int field, byte[] payload) {
        writeVarint(out, ((long) field << 3) | LEN);
        writeVarint(out, payload.length);
        out.writeBytes(payload);
    }

    private static void writeVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** A field of a message: its number, wire type and, for length-delimited ones, the bounds of its payload. */
    private record Field(int number, int wireType, int start, int end) {
        String string(byte[] b) {
            return new String(b, start, end - start, StandardCharsets.UTF_8);
        }
    }

    private static List<Field> fields(byte[] b, int from, int to) {
        List<Field> out = new ArrayList<>();
        int[] pos = {from};
        while (pos[0] < to) {
            long tag = varint(b, pos, to);
            int number = (int) (tag >>> 3);
            int wireType = (int) (tag & 7);
            switch (wireType) {
                case 0 -> varint(b, pos, to);
                case 1 -> pos[0] += 8;
                case 5 -> pos[0] += 4;
                case LEN -> {
                    long len = varint(b, pos, to);
                    if (len < 0 || pos[0] + len > to) {
                        throw malformed();
                    }
                    out.add(new Field(number, wireType, pos[0], (int) (pos[0] + len)));
                    pos[0] += (int) len;
                }
                default -> throw malformed();
            }
        }
        if (pos[0] != to) {
            throw malformed();
        }
        return out;
    }

    private static long varint(byte[] b, int[] pos, int to) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= to) {
                throw malformed();
            }
            int x = b[pos[0]++];
            v |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
        throw malformed();
    }

    private static ReferenceRuntimeException malformed() {
        return new ReferenceRuntimeException("the ONNX model is not a valid protobuf message");
    }
}
