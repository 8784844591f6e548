package dev.mil4j.frontend.tensorflow;

import dev.mil4j.converter.spi.ConversionOptions;
import dev.mil4j.converter.spi.InputType;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.diag.Location;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorShapeProto;

/**
 * The function inputs of a graph: its needed placeholders, named by their signature key (or node name), typed from
 * the user's input types or the graph (unknown sizes become symbols such as {@code x_d0}).
 */
final class TfGraphInputs {
    private final TfModel model;
    private final ConversionOptions options;
    /** Function input name to the placeholder's node name. */
    private final Map<String, String> nodes = new LinkedHashMap<>();

    TfGraphInputs(TfModel model, ConversionOptions options) {
        this.model = model;
        this.options = options;
    }

    /** The placeholder node a function input (as {@link #types} named it) stands for. */
    String nodeOf(String input) {
        return nodes.get(input);
    }

    /** The function inputs by name; a user input type naming no needed placeholder is a problem. */
    Map<String, ValueType> types(List<TfNode> needed, List<Diagnostic> problems) {
        Map<String, String> signatureKeys = new HashMap<>();
        model.signature().ifPresent(s -> s.inputs().forEach((k, r) -> signatureKeys.put(r.node(), k)));
        Set<String> known = new HashSet<>();
        Map<String, ValueType> types = new LinkedHashMap<>();
        for (TfNode n : needed) {
            if (!n.op().equals("Placeholder")) {
                continue;
            }
            String key = signatureKeys.getOrDefault(n.name(), n.name());
            known.add(key);
            known.add(n.name());
            Optional<InputType> user = options.input(key).or(() -> options.input(n.name()));
            String name = TfNames.sanitize(key);
            try {
                types.put(name, type(n, name, user));
                nodes.put(name, n.name());
            } catch (ConversionException e) {
                problems.addAll(e.diagnostics());
            }
        }
        for (InputType user : options.inputs()) {
            if (!known.contains(user.name())) {
                problems.add(Diagnostic.error("TensorFlow graph " + model.file() + " has no placeholder named `"
                        + user.name() + "` that the outputs use").withHint("its inputs are " + (nodes.isEmpty()
                        ? "(none)" : nodes.values().stream().map(s -> "`" + s + "`")
                        .collect(Collectors.joining(", ")))));
            }
        }
        return types;
    }

    private TensorType type(TfNode n, String name, Optional<InputType> user) {
        Location where = new Location("tensorflow", n.name(), n.op(), model.file(), 0);
        DataType tfType = n.typeAttr("dtype").orElse(DataType.DT_FLOAT);
        Optional<DType> dtype = user.flatMap(InputType::dtype).or(() -> TfTensors.dtype(tfType));
        if (dtype.isEmpty()) {
            throw new ConversionException(Diagnostic.error("placeholder `" + n.name() + "` of TensorFlow graph "
                    + model.file() + " has dtype " + TfTensors.name(tfType) + ", which has no MIL equivalent")
                    .at(where).withHint("give the input a dtype (InputType with fp32, fp16, int32 or bool)"));
        }
        if (user.flatMap(InputType::shape).isPresent()) {
            return new TensorType(dtype.get(), user.get().shape().get());
        }
        Optional<TensorShapeProto> shape = n.shapeAttr("shape");
        if (shape.isEmpty() || shape.get().getUnknownRank()) {
            throw new ConversionException(Diagnostic.error("placeholder `" + n.name() + "` of TensorFlow graph "
                    + model.file() + " has no shape (not even a rank), and no input type gives one")
                    .at(where).withHint("give its shape, e.g. InputType.of(\"" + n.name()
                    + "\", Shape.parse(\"1x224x224x3\")) or --input " + n.name() + ":1x224x224x3"));
        }
        List<Dim> dims = new ArrayList<>();
        for (int i = 0; i < shape.get().getDimCount(); i++) {
            long size = shape.get().getDim(i).getSize();
            dims.add(size >= 0 ? Dim.of(size) : Dim.symbol(name + "_d" + i));
        }
        return new TensorType(dtype.get(), Shape.of(dims));
    }
}
