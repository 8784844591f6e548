package dev.mil4j.frontend.pytorch.script;

import java.util.List;
import java.util.Optional;

/** A TorchScript expression, with the line it starts on. Type annotations are expressions too. */
public sealed interface Expr {
    int line();

    /** A name: a local, a parameter, or the first part of a dotted name ({@code torch}, {@code ops}). */
    record Name(String id, int line) implements Expr {
    }

    /** A literal: {@link Long}, {@link Double}, {@link Boolean}, {@link String} or {@code PyNone.NONE}. */
    record Constant(Object value, int line) implements Expr {
    }

    /** {@code value.attr}. */
    record Attribute(Expr value, String attr, int line) implements Expr {
    }

    /** A keyword argument of a call. */
    record Keyword(String name, Expr value) {
    }

    record Call(Expr func, List<Expr> args, List<Keyword> keywords, int line) implements Expr {
        public Call {
            args = List.copyOf(args);
            keywords = List.copyOf(keywords);
        }
    }

    /** {@code value[index]}; a multi-index is a {@link TupleExpr}. */
    record Subscript(Expr value, Expr index, int line) implements Expr {
    }

    /** {@code lower:upper:step} inside a subscript. */
    record Slice(Optional<Expr> lower, Optional<Expr> upper, Optional<Expr> step, int line) implements Expr {
    }

    record ListExpr(List<Expr> items, int line) implements Expr {
        public ListExpr {
            items = List.copyOf(items);
        }
    }

    record TupleExpr(List<Expr> items, int line) implements Expr {
        public TupleExpr {
            items = List.copyOf(items);
        }
    }

    /** {@code {k: v, ...}}: keys and values in order. */
    record DictExpr(List<Expr> keys, List<Expr> values, int line) implements Expr {
        public DictExpr {
            keys = List.copyOf(keys);
            values = List.copyOf(values);
            if (keys.size() != values.size()) {
                throw new IllegalArgumentException(keys.size() + " keys but " + values.size() + " values");
            }
        }
    }

    /** An arithmetic or bitwise operator: {@code + - * / // % ** @ & | ^ << >>}. */
    record BinOp(String op, Expr left, Expr right, int line) implements Expr {
    }

    /** {@code -x}, {@code +x}, {@code ~x} or {@code not x}. */
    record UnaryOp(String op, Expr operand, int line) implements Expr {
    }

    /** A comparison ({@code == != < <= > >= is is not in not in}). */
    record Compare(String op, Expr left, Expr right, int line) implements Expr {
    }

    /** {@code and} / {@code or}. */
    record BoolOp(String op, Expr left, Expr right, int line) implements Expr {
    }

    /** {@code then if cond else otherwise}. */
    record IfExpr(Expr cond, Expr then, Expr otherwise, int line) implements Expr {
    }

    /** The dotted form of a name chain ({@code torch.nn.functional.relu}), if the expression is one. */
    static Optional<String> dottedName(Expr e) {
        if (e instanceof Name n) {
            return Optional.of(n.id());
        }
        if (e instanceof Attribute a) {
            return dottedName(a.value()).map(p -> p + "." + a.attr());
        }
        return Optional.empty();
    }
}
