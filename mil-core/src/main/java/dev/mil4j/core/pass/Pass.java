package dev.mil4j.core.pass;

import dev.mil4j.core.ir.Program;
import java.util.List;

/**
 * A named program rewrite. Passes are stateless (all state lives in the {@link PassContext} of one run), registered
 * under a namespaced id such as {@code common::dead_code_elimination}, and document their rewrite with a
 * Given/Result example.
 */
public interface Pass {
    /** The stable, namespaced id, e.g. {@code common::dead_code_elimination}. */
    String id();

    /** One line on what the pass does. */
    String summary();

    /** The options the pass reads from its context. */
    default List<PassOption<?>> options() {
        return List.of();
    }

    /** Rewrites {@code program} in place. */
    void run(Program program, PassContext context);
}
