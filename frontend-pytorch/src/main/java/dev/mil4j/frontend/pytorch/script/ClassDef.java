package dev.mil4j.frontend.pytorch.script;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A TorchScript class: its qualified name ({@code __torch__.torch.nn.modules.linear.Linear}), the attribute
 * annotations ({@code weight : Tensor}, and {@code __annotations__["0"] = T} for names that are not identifiers, such
 * as the numbered children of {@code nn.Sequential}), the names listed in {@code __parameters__},
 * {@code __buffers__} and {@code __constants__}, other class-level assignments (constants), and its methods.
 */
public record ClassDef(String qualifiedName, List<String> bases, Map<String, Expr> attributes,
        List<String> parameters, List<String> buffers, List<String> constantNames, Map<String, Expr> constants,
        Map<String, FunctionDef> methods, String file, int line) {

    public ClassDef {
        requireNonNull(qualifiedName, "qualifiedName is null");
        bases = List.copyOf(bases);
        attributes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
        parameters = List.copyOf(parameters);
        buffers = List.copyOf(buffers);
        constantNames = List.copyOf(constantNames);
        constants = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(constants));
        methods = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(methods));
    }

    public Optional<FunctionDef> method(String name) {
        return Optional.ofNullable(methods.get(name));
    }

    /** The simple class name, e.g. {@code Linear}. */
    public String simpleName() {
        return qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
    }
}
