package dev.mil4j.frontend.pytorch.graph;

import dev.mil4j.frontend.pytorch.script.Expr;
import dev.mil4j.frontend.pytorch.script.Stmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Assignments that unpack a call's result into names. Traced code prints a list-returning op whose result is unpacked
 * either in one statement ({@code q, k, v, = torch.unbind(x, 2)}) or in two ({@code _9 = torch.unbind(x, 2)} then
 * {@code q, k, v, = _9}); in both the call makes one output per name.
 */
final class Unpacking {
    private Unpacking() {
    }

    /**
     * The names statement {@code i + 1} of {@code body} unpacks when statement {@code i} assigns a call's result to one
     * name and statement {@code i + 1} unpacks exactly that name into several.
     */
    static Optional<Expr.TupleExpr> next(List<Stmt> body, int i) {
        if (i + 1 < body.size() && body.get(i) instanceof Stmt.Assign a && a.target() instanceof Expr.Name n
                && a.value() instanceof Expr.Call && body.get(i + 1) instanceof Stmt.Assign b
                && b.target() instanceof Expr.TupleExpr t && b.value() instanceof Expr.Name m && m.id().equals(n.id())
                && t.items().size() > 1) {
            return Optional.of(t);
        }
        return Optional.empty();
    }

    /** The one name an assignment binds. */
    static String name(Stmt.Assign a) {
        return ((Expr.Name) a.target()).id();
    }

    /** The names of an unpacking target, {@code ""} for an item that is not a plain name. */
    static List<String> targetNames(Expr.TupleExpr t) {
        List<String> out = new ArrayList<>();
        for (Expr e : t.items()) {
            out.add(e instanceof Expr.Name n ? n.id() : "");
        }
        return out;
    }
}
