package dev.mil4j.frontend.tensorflow;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.proto.GraphDef;

/**
 * A TensorFlow graph read from a file: the GraphDef, the file's name for messages, the chosen SavedModel
 * signature and the SavedModel directory, whose {@code variables/} hold the variables' values (both absent for a
 * frozen GraphDef).
 */
record TfModel(String file, GraphDef graph, Optional<Signature> signature, Optional<Path> directory) {
    /** A signature: its key and the graph tensors of its named inputs and outputs, in the signature's order. */
    record Signature(String key, Map<String, TfNode.Ref> inputs, Map<String, TfNode.Ref> outputs) {
        Signature {
            requireNonNull(key, "key is null");
            inputs = new LinkedHashMap<>(inputs);
            outputs = new LinkedHashMap<>(outputs);
        }
    }

    TfModel {
        requireNonNull(file, "file is null");
        requireNonNull(graph, "graph is null");
        requireNonNull(signature, "signature is null");
        requireNonNull(directory, "directory is null");
    }
}
