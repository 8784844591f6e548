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
 * source opset version they apply to, typed with the frontend's translation interface ({@code T}, such as the
 * TensorFlow frontend's {@code TfTranslation}). Built by the converter from every plugin's
 * {@link TranslationContribution}s: a contribution that is not a {@code T} is refused when it is registered, and a
 * second translation of a key is an error naming both plugins unless it is an explicit override.
 *
 * @param <T> the frontend's translation type ({@link Frontend#translationType()})
 */
public final class TranslationRegistry<T> {
    /** The key of one translation. */
    public record Key(String sourceOp, int sinceVersion) {
        @Override
        public String toString() {
            return sinceVersion == 1 ? "`" + sourceOp + "`" : "`" + sourceOp + "` (since version " + sinceVersion + ")";
        }
    }

    private final String frontend;
    private final Class<T> type;
    private final Registry<Key, T> registry;
    private final Map<String, NavigableMap<Integer, Key>> versions = new ConcurrentHashMap<>();

    /** An empty registry of the translations of {@code frontend}, each of which must be a {@code type}. */
    public TranslationRegistry(String frontend, Class<T> type) {
        this.frontend = requireNonNull(frontend, "frontend is null");
        this.type = requireNonNull(type, "type is null");
        this.registry = new Registry<>(frontend + " translation");
    }

    public String frontend() {
        return frontend;
    }

    /** The type every translation of this registry has. */
    public Class<T> type() {
        return type;
    }

    /**
     * Registers a contribution under its op name and each alias.
     *
     * @throws IllegalArgumentException when the contribution is for another frontend or its translation is not a
     *     {@code T}
     * @throws dev.mil4j.core.registry.RegistrationConflictException when a key has a translation already and the
     *     contribution is not an override
     */
    public void register(TranslationContribution c, String registrant) {
        if (!c.frontend().equals(frontend)) {
            throw new IllegalArgumentException("translation of " + c.sourceOp() + " is for frontend '"
                    + c.frontend() + "', not '" + frontend + "'");
        }
        if (!type.isInstance(c.translation())) {
            throw new IllegalArgumentException("plugin '" + registrant + "' contributes a "
                    + c.translation().getClass().getName() + " as the " + frontend + " translation of "
                    + c.sourceOp() + ", but the " + frontend + " frontend takes a " + type.getName());
        }
        T translation = type.cast(c.translation());
        registerKey(new Key(c.sourceOp(), c.sinceVersion()), translation, c.override(), registrant);
        for (String alias : c.aliases()) {
            registerKey(new Key(alias, c.sinceVersion()), translation, c.override(), registrant);
        }
    }

    private void registerKey(Key key, T translation, boolean override, String registrant) {
        registry.register(key, translation, registrant, override);
        versions.computeIfAbsent(key.sourceOp(), k -> new ConcurrentSkipListMap<>()).put(key.sinceVersion(), key);
    }

    /** The translation of {@code sourceOp} for source opset {@code version}: the newest one not above it. */
    public Optional<T> lookup(String sourceOp, int version) {
        NavigableMap<Integer, Key> byVersion = versions.get(sourceOp);
        Map.Entry<Integer, Key> entry = byVersion == null ? null : byVersion.floorEntry(version);
        return entry == null ? Optional.empty() : registry.value(entry.getValue());
    }

    /** The translation for frameworks without op versions. */
    public Optional<T> lookup(String sourceOp) {
        return lookup(sourceOp, Integer.MAX_VALUE);
    }

    /** Who registered the translation of a key (for listings and messages). */
    public Optional<Registration<Key, T>> registration(String sourceOp, int sinceVersion) {
        return registry.get(new Key(sourceOp, sinceVersion));
    }

    public List<Registration<Key, T>> registrations() {
        return registry.registrations();
    }

    /** The source op names that have a translation, sorted. */
    public List<String> sourceOps() {
        TreeSet<String> ops = new TreeSet<>();
        for (Registration<Key, T> r : registry.registrations()) {
            ops.add(r.key().sourceOp());
        }
        return List.copyOf(ops);
    }
}
