package dev.mil4j.ops.passes;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.pass.PatternPass;
import dev.mil4j.core.pass.Rewriter;
import dev.mil4j.core.value.TensorValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The part the GELU expansions share, {@code 0.5 * x * (1 + inner(x))}, matched backwards from the final
 * {@code mul} in the three association orders frontends emit:
 *
 * <pre>
 *   (x * 0.5) * p        x * p * 0.5 = (x * p) * 0.5        x * (p * 0.5)        with p = 1 + inner(x)
 * </pre>
 *
 * and rewritten to {@code gelu(x, mode)} with the final mul's name and location. Every op of the pattern but the
 * last has no other user; {@code x} may have many.
 */
abstract class GeluFusion extends PatternPass {

    /** The ops computing {@code p = 1 + inner(x)}, users before producers, when {@code p} is that for {@code x}. */
    abstract Optional<List<Operation>> matchInner(Var x, Var p);

    /** The gelu mode written into the fused op. */
    abstract String mode();

    @Override
    protected final boolean rewrite(Operation op, Rewriter rw) {
        if (!op.type().equals("mul")) {
            return false;
        }
        for (Candidate c : candidates(op)) {
            if (!Patterns.sameType(c.x(), op.output())) {
                continue;
            }
            Optional<List<Operation>> inner = matchInner(c.x(), c.p());
            if (inner.isPresent()) {
                Var gelu = rw.before(op).op("gelu").input("x", c.x()).input("mode", TensorValue.scalar(mode()))
                        .build().output();
                rw.replaceOp(op, gelu);
                List<Operation> dead = new ArrayList<>(c.ops());
                dead.addAll(inner.get());
                rw.eraseIfUnused(dead);
                return true;
            }
        }
        return false;
    }

    /** A way to read the final mul: the gelu input, {@code p}, and the tail ops between them and the final mul. */
    private record Candidate(Var x, Var p, List<Operation> ops) {
    }

    private static List<Candidate> candidates(Operation last) {
        List<Candidate> out = new ArrayList<>(4);
        Var a = last.requireInput("x");
        Var b = last.requireInput("y");
        for (Var[] pair : new Var[][] {{a, b}, {b, a}}) {
            Var u = pair[0];
            Var v = pair[1];
            // (x * p) * 0.5
            if (Patterns.isUniform(v, 0.5)) {
                Patterns.soleProducer(u, "mul").ifPresent(r -> {
                    Var r1 = r.requireInput("x");
                    Var r2 = r.requireInput("y");
                    out.add(new Candidate(r1, r2, List.of(r)));
                    out.add(new Candidate(r2, r1, List.of(r)));
                });
            }
            // (x * 0.5) * p
            Patterns.soleProducer(u, "mul").flatMap(h -> Patterns.withConstant(h, 0.5).map(x -> new Candidate(x, v,
                    List.of(h)))).ifPresent(out::add);
            // x * (p * 0.5)
            Patterns.soleProducer(v, "mul").flatMap(s -> Patterns.withConstant(s, 0.5).map(p -> new Candidate(u, p,
                    List.of(s)))).ifPresent(out::add);
        }
        return out;
    }

    /** {@code p = add(t, 1)} where {@code t} comes from an op of {@code type}: that op, then the add. */
    static Optional<Operation[]> onePlus(Var p, String type) {
        Optional<Operation> add = Patterns.soleProducer(p, "add");
        if (add.isEmpty()) {
            return Optional.empty();
        }
        Optional<Var> t = Patterns.withConstant(add.get(), 1.0);
        return t.flatMap(v -> Patterns.soleProducer(v, type)).map(f -> new Operation[] {add.get(), f});
    }
}
