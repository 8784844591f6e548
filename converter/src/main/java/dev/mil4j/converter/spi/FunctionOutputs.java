package dev.mil4j.converter.spi;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import java.util.List;

/**
 * The rule every frontend applies to the outputs of the function it builds: a Core ML model computes each output by
 * an op of its own, under the output's name, so an output that is a function input (it has no producer) or repeats
 * an earlier output gets an {@code identity} of its own. Graph translators call {@link #distinct} on each output in
 * order.
 *
 * <pre>{@code
 * List<Var> outs = new ArrayList<>();
 * for (Var v : results) {
 *     outs.add(FunctionOutputs.distinct(builder, v, outs));
 * }
 * }</pre>
 */
public final class FunctionOutputs {
    private FunctionOutputs() {
    }

    /** Whether {@code v}, the output after {@code earlier}, needs an identity of its own. */
    public static boolean needsIdentity(Var v, List<Var> earlier) {
        return v.producer().isEmpty() || earlier.contains(v);
    }

    /** {@code v}, or, when it {@linkplain #needsIdentity needs one}, an identity of it made with {@code b}. */
    public static Var distinct(Builder b, Var v, List<Var> earlier) {
        return needsIdentity(v, earlier) ? b.op("identity").input("x", v).output() : v;
    }

    /** {@link #distinct(Builder, Var, List)}, the identity named {@code name} (made unique in the function). */
    public static Var distinct(Builder b, Var v, List<Var> earlier, String name) {
        requireNonNull(name, "name is null");
        return needsIdentity(v, earlier) ? b.op("identity").input("x", v).name(name).output() : v;
    }
}
