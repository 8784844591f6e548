package dev.mil4j.converter.spi;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.registry.Registration;
import dev.mil4j.core.registry.Registry;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.TreeSet;

/**
 * The translations of one frontend, keyed by source op name (aliases registered as further keys) and the first
 * source opset version they apply to. Built by the converter from every plugin's {@link TranslationContribution}s;
 * a second translation of a key is an error naming both plugins unless it is an explicit override.
 */
public final class TranslationRegistry {
    /** The key of one translation. */
    public record Key(String sourceOp, int sinceVersion) {
        @Override
        public String toString() {
            return sinceVersion == 1 ? "`" + sourceOp + "`" : "`" + sourceOp + "` (since version " + sinceVersion + ")";
        }
    }

    private final String frontend;
    private final Registry<Key, Object> registry;
    private final Map<String, NavigableMap<Integer, Key>> versions = new ConcurrentHashMap<>();

    public TranslationRegistry(String frontend) {
        this.frontend = requireNonNull(frontend, "frontend is null");
        this.registry = new Registry<>(frontend + " translation");
    }

    public String frontend() {
        return frontend;
    }

    /** Registers a contribution under its op name and each alias. */
    public void register(TranslationContribution c, String registrant) {
        if (!c.frontend().equals(frontend)) {
            throw new IllegalArgumentException("translation of " + c.sourceOp() + " is for frontend '"
                    + c.frontend() + "', not '" + frontend + "'");
        }
        registerKey(new Key(c.sourceOp(), c.sinceVersion()), c, registrant);
        for (String alias : c.aliases()) {
            registerKey(new Key(alias, c.sinceVersion()), c, registrant);
        }
    }

    private void registerKey(Key key, TranslationContribution c, String registrant) {
        registry.register(key, c.translation(), registrant, c.override());
        versions.computeIfAbsent(key.sourceOp(), k -> new ConcurrentSkipListMap<>()).put(key.sinceVersion(), key);
    }

    /**
     * The translation of {@code sourceOp} for source opset {@code version} (the newest one not above it), as the
     * frontend's translation type.
     *
     * @throws IllegalStateException when a plugin registered an object of another type
     */
    public <T> Optional<T> lookup(String sourceOp, int version, Class<T> type) {
        NavigableMap<Integer, Key> byVersion = versions.get(sourceOp);
        Map.Entry<Integer, Key> entry = byVersion == null ? null : byVersion.floorEntry(version);
        if (entry == null) {
            return Optional.empty();
        }
        Registration<Key, Object> best = registry.get(entry.getValue()).orElseThrow();
        if (!type.isInstance(best.value())) {
            throw new IllegalStateException("plugin '" + best.registrant() + "' registered a "
                    + best.value().getClass().getName() + " as the " + frontend + " translation of " + sourceOp
                    + ", but the " + frontend + " frontend needs a " + type.getName());
        }
        return Optional.of(type.cast(best.value()));
    }

    /** The translation for frameworks without op versions. */
    public <T> Optional<T> lookup(String sourceOp, Class<T> type) {
        return lookup(sourceOp, Integer.MAX_VALUE, type);
    }

    /** Who registered the translation of a key (for listings and messages). */
    public Optional<Registration<Key, Object>> registration(String sourceOp, int sinceVersion) {
        return registry.get(new Key(sourceOp, sinceVersion));
    }

    public List<Registration<Key, Object>> registrations() {
        return registry.registrations();
    }

    /** The source op names that have a translation, sorted. */
    public List<String> sourceOps() {
        TreeSet<String> ops = new TreeSet<>();
        for (Registration<Key, Object> r : registry.registrations()) {
            ops.add(r.key().sourceOp());
        }
        return List.copyOf(ops);
    }
}
