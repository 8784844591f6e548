package dev.mil4j.frontend.pytorch.script;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** A {@code def}: its parameters (with optional type annotations), return annotation and body. */
public record FunctionDef(String name, List<Param> params, Optional<Expr> returnType, List<Stmt> body, String file,
        int line) {
    /** One parameter; {@code defaultValue} is its default, if any. */
    public record Param(String name, Optional<Expr> type, Optional<Expr> defaultValue) {
        public Param {
            requireNonNull(name, "name is null");
        }
    }

    public FunctionDef {
        requireNonNull(name, "name is null");
        params = List.copyOf(params);
        body = List.copyOf(body);
    }
}
