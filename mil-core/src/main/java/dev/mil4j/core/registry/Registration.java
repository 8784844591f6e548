package dev.mil4j.core.registry;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One entry of a {@link Registry}: the value, who registered it, whether it was registered as an explicit override,
 * and, when it replaced an earlier entry, who registered that one.
 */
public record Registration<K, V>(K key, V value, String registrant, boolean override, Optional<String> replaced) {
    public Registration {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
        requireNonNull(registrant, "registrant is null");
        requireNonNull(replaced, "replaced is null");
    }
}
