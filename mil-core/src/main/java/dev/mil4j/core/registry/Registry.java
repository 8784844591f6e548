package dev.mil4j.core.registry;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one registration mechanism behind every registry of mil4j (ops, passes, translations, plugins): a key maps to
 * one value; a second registration of a key is an error naming both registrants unless it is declared an explicit
 * override, in which case it replaces the first. The outcome does not depend on the order of registration: a plain
 * registration arriving after an override of the same key is shadowed by the override, and two overrides of one key
 * by different registrants are a conflict. Every registration is logged. Safe for concurrent readers; registration
 * is synchronized.
 *
 * @param <K> the key, e.g. an op name and opset, or a source op name
 * @param <V> the registered value
 */
public final class Registry<K, V> {
    private static final Logger LOG = LoggerFactory.getLogger(Registry.class);

    private final String kind;
    private volatile Map<K, Registration<K, V>> entries = Map.of();

    /** {@code kind} names what is registered, for messages: "op", "pass", "TensorFlow translation". */
    public Registry(String kind) {
        this.kind = requireNonNull(kind, "kind is null");
    }

    public String kind() {
        return kind;
    }

    /**
     * Registers {@code value} under {@code key}.
     *
     * @throws RegistrationConflictException when the key is taken and this is not an override, or when two
     *     registrants both override it
     */
    public synchronized void register(K key, V value, String registrant, boolean override) {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
        requireNonNull(registrant, "registrant is null");
        Registration<K, V> existing = entries.get(key);
        Registration<K, V> next;
        if (existing == null) {
            next = new Registration<>(key, value, registrant, override, Optional.empty());
            LOG.debug("registered {} {} from {}{}", kind, key, registrant, override ? " (override)" : "");
        } else if (override && !existing.override()) {
            next = new Registration<>(key, value, registrant, true, Optional.of(existing.registrant()));
            LOG.info("{} {} from {} overrides the one from {}", kind, key, registrant, existing.registrant());
        } else if (!override && existing.override()) {
            LOG.info("{} {} from {} is overridden by the one from {}", kind, key, registrant, existing.registrant());
            next = new Registration<>(key, existing.value(), existing.registrant(), true, Optional.of(registrant));
        } else if (override) {
            throw new RegistrationConflictException(kind + " " + key + " is overridden twice: by '"
                    + existing.registrant() + "' and by '" + registrant + "'; remove one of the two plugins",
                    existing.registrant(), registrant);
        } else {
            throw new RegistrationConflictException(kind + " " + key + " is registered by both '"
                    + existing.registrant() + "' and '" + registrant + "'; to replace the first, register the second"
                    + " as an explicit override", existing.registrant(), registrant);
        }
        Map<K, Registration<K, V>> copy = new LinkedHashMap<>(entries);
        copy.put(key, next);
        entries = copy;
    }

    public Optional<Registration<K, V>> get(K key) {
        return Optional.ofNullable(entries.get(key));
    }

    public Optional<V> value(K key) {
        Registration<K, V> r = entries.get(key);
        return r == null ? Optional.empty() : Optional.of(r.value());
    }

    public boolean contains(K key) {
        return entries.containsKey(key);
    }

    /** All registrations, in the order their keys were first registered. */
    public List<Registration<K, V>> registrations() {
        return List.copyOf(entries.values());
    }

    public List<K> keys() {
        return new ArrayList<>(entries.keySet());
    }

    public int size() {
        return entries.size();
    }
}
