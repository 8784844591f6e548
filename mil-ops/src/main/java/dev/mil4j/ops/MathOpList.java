package dev.mil4j.ops;

import dev.mil4j.core.op.OpDef;
import java.util.List;

/** The op definitions of one family group, sorted by op name (explicit list, like Error Prone's built-ins). */
final class MathOpList {
    private MathOpList() {
    }

    static List<OpDef> definitions() {
        return List.of();
    }
}
