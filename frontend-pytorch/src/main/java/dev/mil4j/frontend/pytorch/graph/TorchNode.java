package dev.mil4j.frontend.pytorch.graph;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.diag.Location;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One operation of a {@link TorchGraph}: its kind ({@code aten::linear}, {@code prim::NumToTensor}), positional and
 * keyword inputs, output names, where it came from (module path, code file and line), and, for control flow whose
 * conditions depend on tensor values ({@code prim::If}, {@code prim::Loop}), its nested blocks.
 */
public record TorchNode(String kind, List<TorchValue> inputs, Map<String, TorchValue> keywords, List<String> outputs,
        Location location, List<TorchBlock> blocks) {

    public TorchNode {
        requireNonNull(kind, "kind is null");
        inputs = List.copyOf(inputs);
        keywords = Collections.unmodifiableMap(new LinkedHashMap<>(keywords));
        outputs = List.copyOf(outputs);
        requireNonNull(location, "location is null");
        blocks = List.copyOf(blocks);
    }

    /** A node without nested blocks. */
    public TorchNode(String kind, List<TorchValue> inputs, Map<String, TorchValue> keywords, List<String> outputs,
            Location location) {
        this(kind, inputs, keywords, outputs, location, List.of());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (!outputs.isEmpty()) {
            sb.append(outputs.stream().map(o -> "%" + o).collect(Collectors.joining(", "))).append(" = ");
        }
        sb.append(kind).append('(');
        sb.append(inputs.stream().map(String::valueOf).collect(Collectors.joining(", ")));
        keywords.forEach((k, v) -> sb.append(sb.charAt(sb.length() - 1) == '(' ? "" : ", ").append(k).append('=')
                .append(v));
        return sb.append(')').toString();
    }
}
