package dev.mil4j.ops.passes;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.Optional;
import java.util.OptionalDouble;

/** Matching helpers shared by the op-specific passes: producers, single users, constant operands. */
final class Patterns {
    /** Relative tolerance for recognizing the constants of an expansion (fp16 rounds 0.044715 to 0.04471). */
    static final double TOLERANCE = 1e-3;

    private Patterns() {
    }

    /** The op of type {@code type} that produces {@code v}. */
    /** The operands of a binary op with exactly one const side: the other operand and the constant. */
    record ConstOperand(Var other, Var constant) {
    }

    /**
     * Matches {@code x op c} (and {@code c op x} when the op commutes) where exactly one operand is const.
     */
    static Optional<ConstOperand> constOperand(Operation binary, boolean commutes) {
        Var x = binary.requireInput("x");
        Var y = binary.requireInput("y");
        if (y.isConst() && !x.isConst()) {
            return Optional.of(new ConstOperand(x, y));
        }
        if (commutes && x.isConst() && !y.isConst()) {
            return Optional.of(new ConstOperand(y, x));
        }
        return Optional.empty();
    }

    static Optional<Operation> producer(Var v, String type) {
        return v.producer().filter(p -> p.type().equals(type));
    }

    /** The op of type {@code type} that produces {@code v}, when {@code v} has no other user (see {@link #onlyUse}). */
    static Optional<Operation> soleProducer(Var v, String type) {
        return onlyUse(v) ? producer(v, type) : Optional.empty();
    }

    /** True when exactly one op uses {@code v} (possibly in several inputs) and no block returns it. */
    static boolean onlyUse(Var v) {
        return !v.isBlockOutput() && v.users().size() == 1;
    }

    /** The input of a binary op that is not {@code known} (the other operand; {@code known} when both are it). */
    static Var other(Operation binary, Var known) {
        Var x = binary.requireInput("x");
        return x == known ? binary.requireInput("y") : x;
    }

    /** The constant value of {@code v}. */
    static Optional<TensorValue> constant(Var v) {
        return v.value();
    }

    /** The value all elements of the constant {@code v} share, when it is a non-empty constant with one value. */
    static OptionalDouble uniform(Var v) {
        Optional<TensorValue> c = v.value();
        if (c.isEmpty() || c.get().elementCount() == 0 || !c.get().dtype().isNumeric()) {
            return OptionalDouble.empty();
        }
        TensorValue t = c.get();
        double first = t.getDouble(0);
        for (long i = 1; i < t.elementCount(); i++) {
            if (t.getDouble(i) != first) {
                return OptionalDouble.empty();
            }
        }
        return OptionalDouble.of(first);
    }

    /** True when {@code v} is a constant whose elements all equal {@code expected} within {@link #TOLERANCE}. */
    static boolean isUniform(Var v, double expected) {
        OptionalDouble u = uniform(v);
        return u.isPresent() && Math.abs(u.getAsDouble() - expected) <= TOLERANCE * Math.abs(expected);
    }

    /** True when {@code v} is a constant with every element exactly {@code expected}. */
    static boolean isExactly(Var v, double expected) {
        OptionalDouble u = uniform(v);
        return u.isPresent() && u.getAsDouble() == expected;
    }

    /**
     * For a binary op with one constant operand equal to {@code expected} (within tolerance): the other operand.
     */
    static Optional<Var> withConstant(Operation binary, double expected) {
        Var x = binary.requireInput("x");
        Var y = binary.requireInput("y");
        if (isUniform(y, expected)) {
            return Optional.of(x);
        }
        if (isUniform(x, expected)) {
            return Optional.of(y);
        }
        return Optional.empty();
    }

    /** The constant operand of a binary op (y preferred), when exactly one operand is constant. */
    static Optional<Var> constOperand(Operation binary) {
        Var x = binary.requireInput("x");
        Var y = binary.requireInput("y");
        if (y.isConst() != x.isConst()) {
            return Optional.of(y.isConst() ? y : x);
        }
        return Optional.empty();
    }

    /** True when both are tensors of the same dtype and shape. */
    static boolean sameType(Var a, Var b) {
        return a.type().equals(b.type());
    }

    /** The tensor type, when {@code t} is one. */
    static Optional<TensorType> tensor(ValueType t) {
        return t instanceof TensorType tt ? Optional.of(tt) : Optional.empty();
    }

    /** True when {@code op}'s bound or default input {@code name} is the const boolean {@code expected}. */
    static boolean constBool(Operation op, String name, boolean expected) {
        Optional<TensorValue> v = op.inferenceContext().value(name);
        return v.isPresent() && v.get().elementCount() == 1 && v.get().getBoolean(0) == expected;
    }
}
