package dev.mil4j.frontend.onnx;

import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.ReferenceModel;
import dev.mil4j.converter.spi.ReferenceRuntime;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.proto.GraphProto;
import dev.mil4j.frontend.onnx.proto.TensorProto;
import dev.mil4j.frontend.onnx.proto.ValueInfoProto;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * ONNX Runtime for the tests (the second numerical reference): a thin facade over the {@code runtime-onnx} module's
 * reference runtime, found through the plugin SPI as {@code mil4j verify} finds it, so that the tests and
 * {@code verify} share one bridge between MIL values and ONNX Runtime. Inputs are cast to the element type the model
 * declares (MIL's int32 becomes ONNX's int64 where the model wants that); outputs come back in graph output order,
 * int64 and double as MIL int64 and fp64 values, 8-bit integers as int32.
 */
final class OrtRunner {
    private static final ReferenceRuntime RUNTIME = Converter.builder().discoverPlugins().build().plugins()
            .referenceRuntime("onnx").orElseThrow(() -> new IllegalStateException("the runtime-onnx module is not on "
                    + "the test class path"));

    private OrtRunner() {
    }

    /** The model's graph input names in order, initializers excluded (ONNX Runtime's view). */
    static List<String> inputNames(Path model) {
        GraphProto graph = OnnxFrontend.read(model).getGraph();
        Set<String> initializers = graph.getInitializerList().stream().map(TensorProto::getName)
                .collect(Collectors.toSet());
        return graph.getInputList().stream().map(ValueInfoProto::getName).filter(n -> !initializers.contains(n))
                .toList();
    }

    /** Runs the model on {@code feeds} (by graph input name) and returns its outputs in graph output order. */
    static List<TensorValue> run(Path model, Map<String, TensorValue> feeds) {
        try (ReferenceModel m = RUNTIME.load(model)) {
            return new ArrayList<>(m.run(feeds).values());
        }
    }
}
