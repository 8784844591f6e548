package dev.mil4j.frontend.pytorch.archive;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A TorchScript module object ({@code __torch__.Model}, {@code __torch__.torch.nn.modules.linear.Linear}) as a plain
 * record of its attributes: nested modules, tensors, numbers, strings. No Python class is ever built; the class is
 * only a name, matched with the class of the same name in the archive's code.
 */
public final class TorchObject {
    private final String className;
    private final Map<String, Object> attributes = new LinkedHashMap<>();

    TorchObject(String className) {
        this.className = requireNonNull(className, "className is null");
    }

    /** The qualified class name, e.g. {@code __torch__.torch.nn.modules.linear.___torch_mangle_4.Linear}. */
    public String className() {
        return className;
    }

    /** The attributes in pickle order (read-only). */
    public Map<String, Object> attributes() {
        return Collections.unmodifiableMap(attributes);
    }

    public Optional<Object> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    void setState(Map<?, ?> state) {
        for (Map.Entry<?, ?> e : state.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new PickleException("the state of a " + className + " object has a non-string key "
                        + e.getKey());
            }
            attributes.put(key, e.getValue());
        }
    }

    @Override
    public String toString() {
        return className + attributes.keySet();
    }
}
