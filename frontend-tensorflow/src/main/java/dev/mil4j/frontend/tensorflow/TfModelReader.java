package dev.mil4j.frontend.tensorflow;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * Reads frozen GraphDefs and SavedModel directories, bounded: the file size is checked before reading, protobuf's
 * own limits apply while parsing, and the parsed graph is checked to be a GraphDef (nodes with names and op types).
 */
final class TfModelReader {
    /** The largest file read (protobuf messages cannot exceed 2 GiB). */
    static final long MAX_BYTES = 1L << 30;
    static final String SAVED_MODEL_FILE = "saved_model.pb";
    static final String DEFAULT_SIGNATURE = "serving_default";
    static final String SERVE_TAG = "serve";

    private TfModelReader() {
    }

    static TfModel read(Path model) {
        if (Files.isDirectory(model)) {
            return readSavedModel(model);
        }
        String file = model.getFileName().toString();
        byte[] bytes = readBounded(model, file);
        GraphDef graph;
        try {
            graph = parse(bytes, GraphDef.parser());
        } catch (InvalidProtocolBufferException e) {
            throw notAGraphDef(file, "its protobuf data is truncated or malformed (" + e.getMessage() + ")");
        }
        checkGraph(file, graph);
        return new TfModel(file, graph, Optional.empty(), Optional.empty());
    }

    private static byte[] readBounded(Path path, String file) {
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            // a device or pipe reports 0 bytes and never ends: refused before reading
            throw new ConversionException(Diagnostic.error("TensorFlow model " + path + " is not a regular file (a "
                    + "device, pipe or other special file)").withHint("give a frozen .pb file or a SavedModel "
                    + "directory"));
        }
        try {
            long size = Files.size(path);
            if (size > MAX_BYTES) {
                throw new ConversionException(Diagnostic.error("TensorFlow model " + file + " is " + size
                        + " bytes, larger than the " + MAX_BYTES + " bytes mil4j reads")
                        .withHint("a frozen graph this large keeps its weights inline; split or quantize it"));
            }
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ConversionException(Diagnostic.error("cannot read TensorFlow model " + path + ": " + e));
        }
    }

    private static <T> T parse(byte[] bytes, com.google.protobuf.Parser<T> parser)
            throws InvalidProtocolBufferException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        in.setSizeLimit(bytes.length);
        T message = parser.parseFrom(in);
        in.checkLastTagWas(0);
        return message;
    }

    private static ConversionException notAGraphDef(String file, String why) {
        return new ConversionException(Diagnostic.error("TensorFlow model " + file + " is not a binary GraphDef: "
                + why).withHint("give a frozen graph written by tf.io.write_graph(graph_def, dir, name, "
                + "as_text=False) or a SavedModel directory, and check that the file was copied completely"));
    }

    /** Rejects bytes that parsed as protobuf but are not a GraphDef (no nodes, or nodes without name or op). */
    private static void checkGraph(String file, GraphDef graph) {
        if (graph.getNodeCount() == 0) {
            throw notAGraphDef(file, graph.getUnknownFields().asMap().isEmpty() ? "it has no nodes"
                    : "it has no nodes, only fields a GraphDef does not have");
        }
        for (int i = 0; i < graph.getNodeCount(); i++) {
            NodeDef n = graph.getNode(i);
            if (n.getName().isEmpty() || n.getOp().isEmpty()) {
                throw notAGraphDef(file, "node " + i + " has no " + (n.getName().isEmpty() ? "name" : "op type"));
            }
        }
    }

    private static TfModel readSavedModel(Path dir) {
        Path pb = dir.resolve(SAVED_MODEL_FILE);
        String file = dir.getFileName() + "/" + SAVED_MODEL_FILE;
        if (!Files.isRegularFile(pb)) {
            throw new ConversionException(Diagnostic.error("directory " + dir + " is not a TensorFlow SavedModel: "
                    + "it has no " + SAVED_MODEL_FILE).withHint("give the SavedModel directory (the one holding "
                    + SAVED_MODEL_FILE + " and variables/), or a frozen .pb file"));
        }
        byte[] bytes = readBounded(pb, file);
        SavedModel saved;
        try {
            saved = parse(bytes, SavedModel.parser());
        } catch (InvalidProtocolBufferException e) {
            throw new ConversionException(Diagnostic.error("TensorFlow SavedModel " + file + " is not a valid "
                    + "SavedModel: its protobuf data is truncated or malformed (" + e.getMessage() + ")"));
        }
        MetaGraphDef meta = metaGraph(file, saved);
        checkGraph(file, meta.getGraphDef());
        return new TfModel(file, meta.getGraphDef(), Optional.of(signature(file, meta)), Optional.of(dir));
    }

    /** The meta graph tagged {@code serve}, or the only one. */
    private static MetaGraphDef metaGraph(String file, SavedModel saved) {
        List<MetaGraphDef> metas = saved.getMetaGraphsList();
        if (metas.isEmpty()) {
            throw new ConversionException(Diagnostic.error("TensorFlow SavedModel " + file + " has no meta graph"));
        }
        for (MetaGraphDef m : metas) {
            if (m.getMetaInfoDef().getTagsList().contains(SERVE_TAG)) {
                return m;
            }
        }
        if (metas.size() == 1) {
            return metas.get(0);
        }
        throw new ConversionException(Diagnostic.error("TensorFlow SavedModel " + file + " has " + metas.size()
                + " meta graphs and none is tagged `" + SERVE_TAG + "`")
                .withHint("save the model for serving (tag `serve`), or freeze the graph you want to convert"));
    }

    /** The {@code serving_default} signature, or the only one. */
    private static TfModel.Signature signature(String file, MetaGraphDef meta) {
        Map<String, SignatureDef> all = meta.getSignatureDefMap();
        Map.Entry<String, SignatureDef> chosen = null;
        if (all.containsKey(DEFAULT_SIGNATURE)) {
            chosen = Map.entry(DEFAULT_SIGNATURE, all.get(DEFAULT_SIGNATURE));
        } else if (all.size() == 1) {
            chosen = all.entrySet().iterator().next();
        } else {
            throw new ConversionException(Diagnostic.error("TensorFlow SavedModel " + file + " has no `"
                    + DEFAULT_SIGNATURE + "` signature" + (all.isEmpty() ? "" : "; its signatures are "
                    + String.join(", ", new TreeSet<>(all.keySet()))))
                    .withHint("export it with a serving_default signature, or freeze the graph and name its "
                            + "outputs (ConversionOptions outputs)"));
        }
        return new TfModel.Signature(chosen.getKey(), tensors(file, chosen.getValue().getInputsMap()),
                tensors(file, chosen.getValue().getOutputsMap()));
    }

    private static Map<String, TfNode.Ref> tensors(String file, Map<String, TensorInfo> infos) {
        Map<String, TfNode.Ref> out = new LinkedHashMap<>();
        for (String key : new TreeSet<>(infos.keySet())) {
            TensorInfo info = infos.get(key);
            if (info.getEncodingCase() != TensorInfo.EncodingCase.NAME) {
                throw new ConversionException(Diagnostic.error("signature tensor `" + key + "` of TensorFlow "
                        + "SavedModel " + file + " is a " + info.getEncodingCase() + " tensor; only dense tensors "
                        + "convert"));
            }
            out.put(key, TfNode.Ref.parse(info.getName()));
        }
        return out;
    }
}
