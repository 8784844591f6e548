package dev.mil4j.core.diag;

import static java.util.Objects.requireNonNull;

/**
 * Where an operation came from: the source framework, the source node (op type and name as the framework knows it),
 * the scope (module path such as {@code model.layer1.conv}), and the source file and line (TorchScript code,
 * ONNX file). Empty strings and line 0 mean unknown. Survives translation and passes.
 */
public record Location(String framework, String node, String scope, String file, int line) {
    public static final Location UNKNOWN = new Location("", "", "", "", 0);

    public Location {
        requireNonNull(framework, "framework is null");
        requireNonNull(node, "node is null");
        requireNonNull(scope, "scope is null");
        requireNonNull(file, "file is null");
        if (line < 0) {
            throw new IllegalArgumentException("line is negative: " + line);
        }
    }

    /** A source node of a framework, e.g. {@code ("tensorflow", "TopKV2 model/topk")}. */
    public static Location of(String framework, String node) {
        return new Location(framework, node, "", "", 0);
    }

    public Location withScope(String s) {
        return new Location(framework, node, s, file, line);
    }

    public Location withFile(String f, int l) {
        return new Location(framework, node, scope, f, l);
    }

    public boolean isKnown() {
        return !equals(UNKNOWN);
    }

    /** For messages: {@code torch node `aten::topk` in model.head (code/__torch__/model.py:12)}. */
    public String describe() {
        if (!isKnown()) {
            return "unknown source";
        }
        StringBuilder sb = new StringBuilder(framework);
        if (!node.isEmpty()) {
            sb.append(sb.length() > 0 ? " " : "").append("node `").append(node).append('`');
        }
        if (!scope.isEmpty()) {
            sb.append(sb.length() > 0 ? " in " : "in ").append(scope);
        }
        if (!file.isEmpty()) {
            sb.append(sb.length() > 0 ? " (" : "(").append(file);
            if (line > 0) {
                sb.append(':').append(line);
            }
            sb.append(')');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
