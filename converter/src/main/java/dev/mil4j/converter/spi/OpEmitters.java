package dev.mil4j.converter.spi;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;

/**
 * The shapes of mil-ops' typed builder helpers on one and two operands ({@code ActivationOps::relu},
 * {@code MathOps::add}), so that frontends can make a translation of one from a method reference.
 */
public final class OpEmitters {
    private OpEmitters() {
    }

    /** Emits one op on one operand, such as {@code MathOps::exp}. */
    @FunctionalInterface
    public interface Unary {
        Var emit(Builder b, Var x);
    }

    /** Emits one op on two operands, such as {@code MathOps::add}. */
    @FunctionalInterface
    public interface Binary {
        Var emit(Builder b, Var x, Var y);
    }
}
