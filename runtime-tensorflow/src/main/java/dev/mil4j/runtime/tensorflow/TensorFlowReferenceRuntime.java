package dev.mil4j.runtime.tensorflow;

import dev.mil4j.converter.spi.ReferenceModel;
import dev.mil4j.converter.spi.ReferenceRuntime;
import dev.mil4j.converter.spi.ReferenceRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.GraphDef;

/**
 * TensorFlow Java (CPU) as the reference of TensorFlow models: frozen graphs ({@code .pb}) and SavedModel
 * directories, the latter through their serving signature, as mil4j's TensorFlow frontend converts them.
 * libtensorflow is loaded by JavaCPP from the {@code tensorflow-core-native} jar of this platform on the class path,
 * never downloaded.
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
            return loadSavedModel(model);
        }
        start();
        GraphDef def;
        try {
            def = GraphDef.parseFrom(Files.readAllBytes(model));
        } catch (IOException e) {
            throw new ReferenceRuntimeException("TensorFlow cannot read " + model + ": " + e.getMessage(), e);
        }
        Graph graph = new Graph();
        Session session;
        try {
            graph.importGraphDef(def);
            session = new Session(graph);
        } catch (RuntimeException e) {
            graph.close();
            throw new ReferenceRuntimeException("TensorFlow cannot load " + model + ": " + e.getMessage(), e);
        }
        return new TfSessionModel(model, session, () -> {
            session.close();
            graph.close();
        }, TfEndpoints.ofFrozen(def));
    }

    /** A SavedModel directory: its variables restored by TensorFlow, run through its serving signature. */
    private static ReferenceModel loadSavedModel(Path dir) {
        SavedModelSignature signature = SavedModelSignature.read(dir);
        start();
        SavedModelBundle bundle;
        try {
            bundle = SavedModelBundle.load(dir.toString(), signature.tags().toArray(String[]::new));
        } catch (RuntimeException e) {
            throw new ReferenceRuntimeException("TensorFlow cannot load the SavedModel " + dir + " (tags "
                    + signature.tags() + "): " + e.getMessage(), e);
        }
        return new TfSessionModel(dir, bundle.session(), bundle, signature.endpoints());
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
