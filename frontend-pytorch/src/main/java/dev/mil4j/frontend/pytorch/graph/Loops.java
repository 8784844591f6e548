package dev.mil4j.frontend.pytorch.graph;

import dev.mil4j.frontend.pytorch.script.Stmt;
import java.util.List;

/**
 * Loops while a {@link GraphBuilder} runs code: a {@code while} whose condition is known runs until it is false; a
 * {@code for} over a known list, tuple, dict (its keys) or module list ({@code nn.Sequential}, {@code ModuleList})
 * is unrolled. A condition or trip count known only when the model runs is {@link ControlFlow}'s.
 */
final class Loops {
    private Loops() {
    }

    static Flow whileLoop(GraphBuilder g, Frame f, Stmt.While w) {
        Object first = g.eval(f, w.cond(), 1);
        if (!(first instanceof TorchValue.Literal)) {
            ControlFlow.tensorWhile(g, f, w);
            return Flow.NORMAL;
        }
        for (boolean go = Literals.truthy(((TorchValue.Literal) first).value()); go;
                go = g.evaluator().condition(f, w.cond(), "while", w.line())) {
            g.countIteration(f, w.line());
            Flow flow = g.run(f, w.body());
            if (flow == Flow.BREAK) {
                break;
            }
            if (flow == Flow.RETURN) {
                return flow;
            }
        }
        return Flow.NORMAL;
    }

    static Flow forLoop(GraphBuilder g, Frame f, Stmt.For loop) {
        Object iter = g.eval(f, loop.iter(), 1);
        if (iter instanceof SymbolicRange r) {
            ControlFlow.tensorFor(g, f, loop, r.start(), r.stop(), r.step());
            return Flow.NORMAL;
        }
        List<Object> items;
        if (iter instanceof ScriptDict d) {
            items = d.entries.keySet().stream().map(k -> (Object) TorchValue.of(k)).toList();
        } else if (iter instanceof ModuleRef m) {
            items = List.copyOf(g.evaluator().children(f, m, loop.line()));
        } else {
            items = List.copyOf(ScriptContainers.items(iter).orElseThrow(() -> g.fail(f, loop.line(), "a for loop runs "
                    + "over " + GraphBuilder.describe(iter) + ", whose length is not known when the model is loaded",
                    "trace the model (torch.jit.trace) so loops are unrolled")));
        }
        for (Object item : items) {
            g.countIteration(f, loop.line());
            g.bind(f, loop.target(), item, loop.line());
            Flow flow = g.run(f, loop.body());
            if (flow == Flow.BREAK) {
                break;
            }
            if (flow == Flow.RETURN) {
                return flow;
            }
        }
        return Flow.NORMAL;
    }
}
