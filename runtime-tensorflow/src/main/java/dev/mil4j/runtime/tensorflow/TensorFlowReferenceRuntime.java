package dev.mil4j.runtime.tensorflow;

import dev.mil4j.converter.spi.ReferenceModel;
import dev.mil4j.converter.spi.ReferenceRuntime;
import dev.mil4j.converter.spi.ReferenceRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.GraphDef;

/**
 * TensorFlow Java (CPU) as the reference of frozen TensorFlow graphs ({@code .pb}). libtensorflow is loaded by
 * JavaCPP from the {@code tensorflow-core-native} jar of this platform on the class path, never downloaded.
 * SavedModel directories are not run yet: freeze the graph, or compare the SavedModel's conversion through ONNX.
 */
final class TensorFlowReferenceRuntime implements ReferenceRuntime {
    @Override
    public String id() {
        return "tensorflow";
    }

    @Override
    public String description() {
        return "TensorFlow " + start() + " (TensorFlow Java, CPU)";
    }

    @Override
    public Set<String> frameworks() {
        return Set.of("tensorflow");
    }

    @Override
    public ReferenceModel load(Path model) {
        if (Files.isDirectory(model)) {
            throw new ReferenceRuntimeException("runtime-tensorflow runs frozen graphs (.pb), not SavedModel "
                    + "directories such as " + model + "; freeze the graph to verify it");
        }
        start();
        GraphDef def;
        try {
            def = GraphDef.parseFrom(Files.readAllBytes(model));
        } catch (IOException e) {
            throw new ReferenceRuntimeException("TensorFlow cannot read " + model + ": " + e.getMessage(), e);
        }
        Graph graph = new Graph();
        try {
            graph.importGraphDef(def);
        } catch (RuntimeException e) {
            graph.close();
            throw new ReferenceRuntimeException("TensorFlow cannot load " + model + ": " + e.getMessage(), e);
        }
        return new TfSessionModel(model, def, graph);
    }

    /** Loads libtensorflow (once) and returns its version. */
    private static String start() {
        try {
            return TensorFlow.version();
        } catch (RuntimeException | LinkageError e) {
            throw new ReferenceRuntimeException("TensorFlow Java cannot load libtensorflow: " + e.getMessage()
                    + " (the jar tensorflow-core-native-1.1.0-linux-x86_64 must be on mil4j's class path: lib/)", e);
        }
    }
}
