package dev.mil4j.ops.passes;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import java.util.List;
import java.util.Optional;

/**
 * {@code common::fuse_gelu_exact}: replaces the erf expansion of GELU, as torch and TensorFlow emit it, by
 * {@code gelu(x, mode = "EXACT")}, in any of the association orders of {@link GeluFusion}, with {@code x / sqrt(2)}
 * written as a division or as a multiplication by {@code 1 / sqrt(2)}.
 *
 * <pre>
 * Given:
 *   %d = real_div(x = %x, y = 1.4142135)
 *   %e = erf(x = %d)
 *   %p = add(x = %e, y = 1.0)
 *   %h = mul(x = %x, y = 0.5)
 *   %y = mul(x = %h, y = %p)
 * Result:
 *   %y = gelu(x = %x, mode = "EXACT")
 * </pre>
 */
public final class FuseGeluExactPass extends GeluFusion {
    public static final String ID = "common::fuse_gelu_exact";
    private static final double SQRT2 = Math.sqrt(2);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "fuse 0.5 * x * (1 + erf(x / sqrt(2))) into gelu EXACT";
    }

    @Override
    String mode() {
        return "EXACT";
    }

    // 0.5 * x * (1 + erf(x / sqrt(2)))  ->  gelu(x, EXACT)
    @Override
    Optional<List<Operation>> matchInner(Var x, Var p) {
        Optional<Operation[]> ops = onePlus(p, "erf");
        if (ops.isEmpty()) {
            return Optional.empty();
        }
        Operation erf = ops.get()[1];
        // x / sqrt(2) as real_div(x, sqrt(2)) or mul(x, 1 / sqrt(2)) in either operand order
        Optional<Operation> scale = erf.requireInput("x").producer()
                .filter(s -> Patterns.onlyUse(s.output()))
                .filter(s -> s.type().equals("real_div")
                        ? s.requireInput("x") == x && Patterns.isUniform(s.requireInput("y"), SQRT2)
                        : s.type().equals("mul") && Patterns.withConstant(s, 1 / SQRT2).orElse(null) == x);
        return scale.map(s -> List.of(ops.get()[0], erf, s));
    }
}
