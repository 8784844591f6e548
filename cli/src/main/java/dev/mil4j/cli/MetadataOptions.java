package dev.mil4j.cli;

import dev.mil4j.converter.spi.ModelMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --author}, {@code --license}, {@code --short-description}, {@code --version-string}, {@code --meta KEY=VALUE}
 * and {@code --describe NAME=TEXT}: the model's metadata and its features' descriptions, of {@code convert} and
 * {@code edit}.
 */
final class MetadataOptions {
    @Option(names = "--author", paramLabel = "TEXT", description = "the model's author (metadata)")
    String author;

    @Option(names = "--license", paramLabel = "TEXT", description = "the model's license (metadata)")
    String license;

    @Option(names = "--short-description", paramLabel = "TEXT", description = "what the model does (metadata)")
    String shortDescription;

    @Option(names = "--version-string", paramLabel = "TEXT", description = "the model's version (metadata)")
    String version;

    @Option(names = "--meta", paramLabel = "KEY=VALUE", description = "a user-defined metadata entry (repeatable)")
    List<String> meta = new ArrayList<>();

    @Option(names = "--describe", paramLabel = "NAME=TEXT", description = "the description of an input or output "
            + "(repeatable)")
    List<String> describe = new ArrayList<>();

    /** The metadata the options give. */
    ModelMetadata metadata() {
        ModelMetadata m = ModelMetadata.NONE;
        if (author != null) {
            m = m.withAuthor(author);
        }
        if (license != null) {
            m = m.withLicense(license);
        }
        if (shortDescription != null) {
            m = m.withShortDescription(shortDescription);
        }
        if (version != null) {
            m = m.withVersion(version);
        }
        try {
            for (String kv : meta) {
                Map.Entry<String, String> e = ModelMetadata.keyValue(kv, "--meta");
                m = m.withUserDefined(e.getKey(), e.getValue());
            }
            for (String kv : describe) {
                Map.Entry<String, String> e = ModelMetadata.keyValue(kv, "--describe");
                m = m.withDescription(e.getKey(), e.getValue());
            }
        } catch (IllegalArgumentException e) {
            throw new Mil4j.UsageException(e.getMessage());
        }
        return m;
    }
}
