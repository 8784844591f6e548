package dev.mil4j.frontend.tensorflow;

import java.util.HashMap;
import java.util.Map;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;

/** The function library of a graph: its {@code FunctionDef}s by name, their bodies made graph-form once. */
final class TfLibrary {
    private final String file;
    private final Map<String, FunctionDef> functions = new HashMap<>();
    private final Map<String, TfFunctionBody> bodies = new HashMap<>();

    TfLibrary(GraphDef graph, String file) {
        this.file = file;
        for (FunctionDef f : graph.getLibrary().getFunctionList()) {
            functions.put(f.getSignature().getName(), f);
        }
    }

    boolean defines(String function) {
        return functions.containsKey(function);
    }

    /** The body of a function the library defines; an error naming the function when it is malformed. */
    TfFunctionBody body(String function) {
        return bodies.computeIfAbsent(function, f -> TfFunctionBody.of(functions.get(f), file));
    }
}
