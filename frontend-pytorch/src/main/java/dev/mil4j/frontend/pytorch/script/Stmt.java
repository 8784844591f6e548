package dev.mil4j.frontend.pytorch.script;

import java.util.List;
import java.util.Optional;

/** A TorchScript statement, with its line. */
public sealed interface Stmt {
    int line();

    /** {@code target = value}; a tuple target ({@code a, b, = f(x)}) is a {@link Expr.TupleExpr}. */
    record Assign(Expr target, Expr value, int line) implements Stmt {
    }

    /** {@code name : type [= value]}, as in class bodies. */
    record AnnAssign(String name, Expr type, Optional<Expr> value, int line) implements Stmt {
    }

    record ExprStmt(Expr value, int line) implements Stmt {
    }

    record Return(Optional<Expr> value, int line) implements Stmt {
    }

    record If(Expr cond, List<Stmt> body, List<Stmt> orElse, int line) implements Stmt {
        public If {
            body = List.copyOf(body);
            orElse = List.copyOf(orElse);
        }
    }

    record For(Expr target, Expr iter, List<Stmt> body, int line) implements Stmt {
        public For {
            body = List.copyOf(body);
        }
    }

    record While(Expr cond, List<Stmt> body, int line) implements Stmt {
        public While {
            body = List.copyOf(body);
        }
    }

    record Pass(int line) implements Stmt {
    }

    record Break(int line) implements Stmt {
    }

    record Continue(int line) implements Stmt {
    }

    /** {@code assert cond[, message]}: checked when the condition is known. */
    record Assert(Expr cond, Optional<Expr> message, int line) implements Stmt {
    }

    /** {@code raise [exception]}: reaching it is an error. */
    record Raise(Optional<Expr> exception, int line) implements Stmt {
    }
}
