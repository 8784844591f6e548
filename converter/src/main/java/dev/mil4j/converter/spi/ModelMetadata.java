package dev.mil4j.converter.spi;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a model says about itself, as coremltools' {@code MLModel.author}, {@code license}, {@code short_description},
 * {@code version}, {@code user_defined_metadata} and {@code input_description}/{@code output_description} set it:
 * the fields of Core ML's {@code Metadata} and each feature's {@code shortDescription}. An empty string is a field
 * not set.
 *
 * @param author {@code Metadata.author}
 * @param license {@code Metadata.license}
 * @param shortDescription {@code Metadata.shortDescription}
 * @param version {@code Metadata.versionString}
 * @param userDefined entries of {@code Metadata.userDefined}, in order
 * @param descriptions the descriptions of inputs and outputs, by feature name
 */
public record ModelMetadata(String author, String license, String shortDescription, String version,
        Map<String, String> userDefined, Map<String, String> descriptions) {
    /** No metadata. */
    public static final ModelMetadata NONE = new ModelMetadata("", "", "", "", Map.of(), Map.of());

    public ModelMetadata {
        requireNonNull(author, "author is null");
        requireNonNull(license, "license is null");
        requireNonNull(shortDescription, "shortDescription is null");
        requireNonNull(version, "version is null");
        userDefined = Collections.unmodifiableMap(new LinkedHashMap<>(userDefined));
        descriptions = Collections.unmodifiableMap(new LinkedHashMap<>(descriptions));
    }

    /** Whether nothing is set. */
    public boolean isEmpty() {
        return equals(NONE);
    }

    public ModelMetadata withAuthor(String value) {
        return new ModelMetadata(value, license, shortDescription, version, userDefined, descriptions);
    }

    public ModelMetadata withLicense(String value) {
        return new ModelMetadata(author, value, shortDescription, version, userDefined, descriptions);
    }

    public ModelMetadata withShortDescription(String value) {
        return new ModelMetadata(author, license, value, version, userDefined, descriptions);
    }

    public ModelMetadata withVersion(String value) {
        return new ModelMetadata(author, license, shortDescription, value, userDefined, descriptions);
    }

    /** With one more {@code userDefined} entry (replacing the key's value). */
    public ModelMetadata withUserDefined(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(userDefined);
        m.put(requireNonNull(key, "key is null"), requireNonNull(value, "value is null"));
        return new ModelMetadata(author, license, shortDescription, version, m, descriptions);
    }

    /** With the description of one input or output (replacing one it had). */
    public ModelMetadata withDescription(String feature, String text) {
        Map<String, String> m = new LinkedHashMap<>(descriptions);
        m.put(requireNonNull(feature, "feature is null"), requireNonNull(text, "text is null"));
        return new ModelMetadata(author, license, shortDescription, version, userDefined, m);
    }

    /**
     * Splits the command-line form {@code KEY=VALUE} (of {@code --meta} and {@code --describe}).
     *
     * @param option the option's name, for the message
     * @throws IllegalArgumentException when there is no {@code =} or the key is empty
     */
    public static Map.Entry<String, String> keyValue(String text, String option) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("bad " + option + " '" + text + "': expected KEY=VALUE, e.g. "
                    + option + " dataset=imagenet");
        }
        return Map.entry(text.substring(0, eq), text.substring(eq + 1));
    }
}
