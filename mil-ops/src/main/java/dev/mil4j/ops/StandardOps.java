package dev.mil4j.ops;

import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.ops.constexpr.ConstexprOpList;
import java.util.ArrayList;
import java.util.List;

/** The standard MIL op set, every version of every op, as listed by the op families. */
public final class StandardOps {
    /** The registrant name of the standard ops. */
    public static final String REGISTRANT = "mil4j-ops";

    private StandardOps() {
    }

    /** Every standard op definition (all opset versions). */
    public static List<OpDef> definitions() {
        List<OpDef> all = new ArrayList<>();
        all.addAll(MathOpList.definitions());
        all.addAll(NnOpList.definitions());
        all.addAll(TensorOpList.definitions());
        all.addAll(ConstexprOpList.definitions());
        return all;
    }

    /** Registers the standard ops into {@code registry}. */
    public static void registerAll(OpRegistry registry) {
        for (OpDef d : definitions()) {
            registry.register(d, REGISTRANT);
        }
    }

    /** A new registry holding the standard ops. */
    public static OpRegistry newRegistry() {
        OpRegistry r = new OpRegistry();
        registerAll(r);
        return r;
    }
}
