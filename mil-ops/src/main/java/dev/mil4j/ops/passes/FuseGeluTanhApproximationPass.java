package dev.mil4j.ops.passes;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code common::fuse_gelu_tanh_approximation}: replaces the tanh expansion of GELU, as torch
 * ({@code approximate="tanh"}, Hugging Face's {@code gelu_new}) and TensorFlow emit it, by
 * {@code gelu(x, mode = "TANH_APPROXIMATION")}, in any of the association orders of {@link GeluFusion}, with
 * {@code x^3} written as {@code pow(x, 3)}, {@code x * (x * x)} or {@code (x * x) * x}.
 *
 * <pre>
 * Given:
 *   %c = pow(x = %x, y = 3.0)
 *   %w = mul(x = %c, y = 0.044715)
 *   %v = add(x = %x, y = %w)
 *   %u = mul(x = %v, y = 0.7978846)           # sqrt(2 / pi)
 *   %t = tanh(x = %u)
 *   %p = add(x = %t, y = 1.0)
 *   %h = mul(x = %x, y = 0.5)
 *   %y = mul(x = %h, y = %p)
 * Result:
 *   %y = gelu(x = %x, mode = "TANH_APPROXIMATION")
 * </pre>
 */
public final class FuseGeluTanhApproximationPass extends GeluFusion {
    public static final String ID = "common::fuse_gelu_tanh_approximation";
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
    private static final double CUBIC = 0.044715;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "fuse 0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3))) into gelu TANH_APPROXIMATION";
    }

    @Override
    String mode() {
        return "TANH_APPROXIMATION";
    }

    // 0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))  ->  gelu(x, TANH_APPROXIMATION)
    @Override
    Optional<List<Operation>> matchInner(Var x, Var p) {
        Optional<Operation[]> ops = onePlus(p, "tanh");
        if (ops.isEmpty()) {
            return Optional.empty();
        }
        Operation add = ops.get()[0];
        Operation tanh = ops.get()[1];
        Optional<Operation> u = Patterns.soleProducer(tanh.requireInput("x"), "mul");
        Optional<Operation> v = u.flatMap(m -> Patterns.withConstant(m, SQRT_2_OVER_PI))
                .flatMap(vv -> Patterns.soleProducer(vv, "add"))
                .filter(a -> a.inputVars().contains(x));
        Optional<Operation> w = v.flatMap(a -> Patterns.soleProducer(Patterns.other(a, x), "mul"));
        Optional<List<Operation>> cube = w.flatMap(m -> Patterns.withConstant(m, CUBIC)).flatMap(c -> cube(c, x));
        if (cube.isEmpty()) {
            return Optional.empty();
        }
        List<Operation> matched = new ArrayList<>(List.of(add, tanh, u.get(), v.get(), w.get()));
        matched.addAll(cube.get());
        return Optional.of(matched);
    }

    /** The ops computing {@code c = x^3}: pow(x, 3), x * (x * x) or (x * x) * x (users first). */
    private static Optional<List<Operation>> cube(Var c, Var x) {
        Optional<Operation> pow = Patterns.soleProducer(c, "pow");
        if (pow.isPresent()) {
            boolean ok = pow.get().requireInput("x") == x && Patterns.isExactly(pow.get().requireInput("y"), 3);
            return ok ? Optional.of(List.of(pow.get())) : Optional.empty();
        }
        Optional<Operation> outer = Patterns.soleProducer(c, "mul").filter(m -> m.inputVars().contains(x));
        Optional<Operation> inner = outer.flatMap(m -> Patterns.soleProducer(Patterns.other(m, x), "mul"))
                .filter(m -> m.requireInput("x") == x && m.requireInput("y") == x);
        return inner.map(i -> List.of(outer.get(), i));
    }
}
