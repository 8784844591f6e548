package dev.mil4j.frontend.pytorch.graph;

import dev.mil4j.frontend.pytorch.archive.PyNone;
import java.util.HashMap;
import java.util.Map;

/** One running method or function: its {@code self} module, code file, local names and returned value. */
final class Frame {
    final ModuleRef self;
    final String file;
    final Map<String, Object> locals = new HashMap<>();
    Object returned = TorchValue.of(PyNone.NONE);

    Frame(ModuleRef self, String file) {
        this.self = self;
        this.file = file;
    }
}
