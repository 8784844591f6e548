package dev.mil4j.core.op;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.registry.Registration;
import dev.mil4j.core.registry.Registry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * All known op definitions, keyed by op name and opset version. Lookup returns the newest version not above the
 * requested opset. Registering a name and version twice is an error naming both registrants unless the second is an
 * explicit override (see {@link Registry}). Safe for concurrent lookups.
 */
public final class OpRegistry {
    private static final Opset[] OPSETS = Opset.values();

    /** The registrant name of the ops that belong to the IR itself ({@code const}). */
    public static final String CORE_REGISTRANT = "mil4j-core";

    private final Registry<OpKey, OpDef> registry = new Registry<>("op");

    /** An empty registry apart from the IR's own {@code const} op. */
    public OpRegistry() {
        register(ConstOp.INSTANCE, CORE_REGISTRANT);
    }

    /** The key of one op definition. */
    public record OpKey(String name, Opset since) {
        public OpKey {
            requireNonNull(name, "name is null");
            requireNonNull(since, "since is null");
        }

        @Override
        public String toString() {
            return "`" + name + "` (" + since + ")";
        }
    }

    public void register(OpDef def, String registrant) {
        register(def, registrant, false);
    }

    /** Registers {@code def}; with {@code override} it replaces an existing definition of the same name and version. */
    public void register(OpDef def, String registrant, boolean override) {
        registry.register(new OpKey(def.name(), def.since()), def, registrant, override);
    }

    /** The definition of {@code name} that applies at {@code opset}: the newest one not above it. */
    public Optional<OpDef> lookup(String name, Opset opset) {
        for (int i = opset.ordinal(); i >= 0; i--) {
            Optional<OpDef> d = registry.value(new OpKey(name, OPSETS[i]));
            if (d.isPresent()) {
                return d;
            }
        }
        return Optional.empty();
    }

    /** True when some version of {@code name} is registered (perhaps only for a newer opset). */
    public boolean knows(String name) {
        for (Opset o : OPSETS) {
            if (registry.contains(new OpKey(name, o))) {
                return true;
            }
        }
        return false;
    }

    /** The registration (with its registrant) of an exact name and version. */
    public Optional<Registration<OpKey, OpDef>> registration(String name, Opset since) {
        return registry.get(new OpKey(name, since));
    }

    /** Every registration, sorted by name and version. */
    public List<Registration<OpKey, OpDef>> registrations() {
        List<Registration<OpKey, OpDef>> all = new ArrayList<>(registry.registrations());
        all.sort(Comparator.comparing((Registration<OpKey, OpDef> r) -> r.key().name())
                .thenComparing(r -> r.key().since()));
        return all;
    }

    /** The custom ops (definitions with a binding), sorted by name and version. */
    public List<OpDef> customOps() {
        return registrations().stream().map(Registration::value).filter(OpDef::isCustom).toList();
    }

    /** The distinct op names, sorted. */
    public List<String> names() {
        TreeSet<String> names = new TreeSet<>();
        for (Registration<OpKey, OpDef> r : registry.registrations()) {
            names.add(r.key().name());
        }
        return List.copyOf(names);
    }
}
