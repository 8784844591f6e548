package dev.mil4j.spec;

import static java.util.Objects.requireNonNull;

import dev.mil4j.spec.internal.Json;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The {@code Manifest.json} of an {@code .mlpackage}: the items of the package (the model specification, the
 * weights directory), each under an identifier, and which item is the root model.
 *
 * <p>JSON is read with a small strict parser of our own rather than a JSON library, to keep this module's only
 * dependency protobuf; members other than the ones below are ignored. {@link #toJson()} writes the layout coremltools
 * writes (keys sorted, four-space indentation), so a manifest read from a coremltools package is written back
 * byte for byte.
 *
 * @param fileFormatVersion the manifest format version, {@value #FILE_FORMAT_VERSION} for all known packages
 * @param itemInfoEntries the items by identifier, sorted by identifier
 * @param rootModelIdentifier the identifier of the root model item; a key of {@code itemInfoEntries}
 */
public record Manifest(String fileFormatVersion, SortedMap<String, ItemInfo> itemInfoEntries,
                       String rootModelIdentifier) {
    /** The only manifest version known. */
    public static final String FILE_FORMAT_VERSION = "1.0.0";
    /** The author of the items Core ML tools write. */
    public static final String CORE_ML_AUTHOR = "com.apple.CoreML";
    /** The description of the model specification item. */
    public static final String MODEL_DESCRIPTION = "CoreML Model Specification";
    /** The description of the weights directory item. */
    public static final String WEIGHTS_DESCRIPTION = "CoreML Model Weights";
    /** Where the model specification lives, relative to the package's {@code Data} directory. */
    public static final String MODEL_PATH = "com.apple.CoreML/model.mlmodel";
    /** Where the weights directory lives, relative to the package's {@code Data} directory. */
    public static final String WEIGHTS_PATH = "com.apple.CoreML/weights";

    /** Largest {@code Manifest.json} accepted: real ones are well under a kilobyte. */
    static final int MAX_BYTES = 1 << 20;

    /**
     * One item of a package.
     *
     * @param author who wrote the item, such as {@value #CORE_ML_AUTHOR}
     * @param description what the item is, such as {@value #MODEL_DESCRIPTION}
     * @param name the item's file or directory name
     * @param path where the item lives, relative to the package's {@code Data} directory, with {@code /}
     */
    public record ItemInfo(String author, String description, String name, String path) {
        /** Checks no component is null. */
        public ItemInfo {
            requireNonNull(author, "author is null");
            requireNonNull(description, "description is null");
            requireNonNull(name, "name is null");
            requireNonNull(path, "path is null");
        }
    }

    /** Checks the root model identifier names an item, and copies the items. */
    public Manifest {
        requireNonNull(fileFormatVersion, "fileFormatVersion is null");
        requireNonNull(itemInfoEntries, "itemInfoEntries is null");
        requireNonNull(rootModelIdentifier, "rootModelIdentifier is null");
        itemInfoEntries = Collections.unmodifiableSortedMap(new TreeMap<>(itemInfoEntries));
        if (!itemInfoEntries.containsKey(rootModelIdentifier)) {
            throw new IllegalArgumentException("rootModelIdentifier " + rootModelIdentifier
                    + " is not among the item identifiers " + itemInfoEntries.keySet());
        }
    }

    /**
     * A manifest for a package with a model specification and a weights directory, at the standard paths, under
     * new random identifiers (lower-case UUIDs, as coremltools writes them).
     *
     * @return the manifest
     */
    public static Manifest createDefault() {
        return withIdentifiers(UUID.randomUUID().toString(), UUID.randomUUID().toString());
    }

    /**
     * A manifest like {@link #createDefault()}, but with identifiers derived from the model's bytes (name-based
     * UUIDs), so that converting the same model twice gives byte-identical packages (reproducible builds).
     *
     * @param modelBytes the serialized root model
     * @return the manifest
     */
    public static Manifest derivedFrom(byte[] modelBytes) {
        byte[] tagged = new byte[modelBytes.length + 1];
        System.arraycopy(modelBytes, 0, tagged, 1, modelBytes.length);
        tagged[0] = 'm';
        String model = UUID.nameUUIDFromBytes(tagged).toString();
        tagged[0] = 'w';
        String weights = UUID.nameUUIDFromBytes(tagged).toString();
        return withIdentifiers(model, weights);
    }

    private static Manifest withIdentifiers(String model, String weights) {
        SortedMap<String, ItemInfo> items = new TreeMap<>();
        items.put(model, new ItemInfo(CORE_ML_AUTHOR, MODEL_DESCRIPTION, "model.mlmodel", MODEL_PATH));
        items.put(weights, new ItemInfo(CORE_ML_AUTHOR, WEIGHTS_DESCRIPTION, "weights", WEIGHTS_PATH));
        return new Manifest(FILE_FORMAT_VERSION, items, model);
    }

    /** @return the root model item */
    public ItemInfo rootModel() {
        return itemInfoEntries.get(rootModelIdentifier);
    }

    /**
     * @param description an item description, such as {@value #WEIGHTS_DESCRIPTION}
     * @return the first item (by identifier) with that description
     */
    public Optional<ItemInfo> itemWithDescription(String description) {
        requireNonNull(description, "description is null");
        return itemInfoEntries.values().stream().filter(i -> i.description().equals(description)).findFirst();
    }

    /**
     * Reads a {@code Manifest.json} file.
     *
     * @param file the file
     * @return the manifest
     * @throws ModelFormatException if the file is too large, not UTF-8 or not a valid manifest
     * @throws IOException if the file cannot be read
     */
    public static Manifest read(Path file) throws IOException {
        requireNonNull(file, "file is null");
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new ModelFormatException(file, "is not a regular file; a package manifest is a JSON file");
        }
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new ModelFormatException(file, "is " + size + " bytes, more than the " + MAX_BYTES
                    + " bytes accepted for a package manifest; it is not a Core ML Manifest.json");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new ModelFormatException(file, -1, "is not valid UTF-8 text", e);
        }
        return parse(text, file);
    }

    /**
     * Parses the text of a {@code Manifest.json}.
     *
     * @param json the JSON text
     * @param source the file the text came from, named in error messages
     * @return the manifest
     * @throws ModelFormatException if the text is not a valid manifest
     */
    public static Manifest parse(String json, Path source) throws ModelFormatException {
        requireNonNull(json, "json is null");
        requireNonNull(source, "source is null");
        Object root;
        try {
            root = Json.parse(json);
        } catch (Json.SyntaxException e) {
            throw new ModelFormatException(source, -1, "is not valid JSON: " + e.getMessage(), e);
        }
        Map<String, Object> top = object(root, "the manifest", source);
        String version = string(top, "fileFormatVersion", "the manifest", source);
        String rootId = string(top, "rootModelIdentifier", "the manifest", source);
        Map<String, Object> entries = object(member(top, "itemInfoEntries", "the manifest", source),
                "itemInfoEntries", source);
        SortedMap<String, ItemInfo> items = new TreeMap<>();
        for (Map.Entry<String, Object> entry : entries.entrySet()) {
            String where = "item " + entry.getKey();
            Map<String, Object> item = object(entry.getValue(), where, source);
            items.put(entry.getKey(), new ItemInfo(string(item, "author", where, source),
                    string(item, "description", where, source), string(item, "name", where, source),
                    string(item, "path", where, source)));
        }
        if (!items.containsKey(rootId)) {
            throw new ModelFormatException(source, "rootModelIdentifier \"" + rootId
                    + "\" names no entry of itemInfoEntries " + items.keySet());
        }
        return new Manifest(version, items, rootId);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String where, Path source) throws ModelFormatException {
        if (!(value instanceof Map)) {
            throw new ModelFormatException(source, where + " must be a JSON object, found " + describe(value));
        }
        return (Map<String, Object>) value;
    }

    private static Object member(Map<String, Object> object, String name, String where, Path source)
            throws ModelFormatException {
        Object value = object.get(name);
        if (value == null) {
            throw new ModelFormatException(source, where + " has no \"" + name + "\" member");
        }
        return value;
    }

    private static String string(Map<String, Object> object, String name, String where, Path source)
            throws ModelFormatException {
        Object value = member(object, name, where, source);
        if (!(value instanceof String)) {
            throw new ModelFormatException(source, "\"" + name + "\" of " + where + " must be a string, found "
                    + describe(value));
        }
        return (String) value;
    }

    private static String describe(Object value) {
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof java.util.List) {
            return "an array";
        }
        return value instanceof String ? "a string" : String.valueOf(value);
    }

    /**
     * @return the manifest as JSON text: keys sorted, four-space indentation, a final newline
     */
    public String toJson() {
        StringBuilder sb = new StringBuilder();
        sb.append("{\n");
        sb.append("    \"fileFormatVersion\": ").append(Json.quote(fileFormatVersion)).append(",\n");
        sb.append("    \"itemInfoEntries\": {");
        String separator = "\n";
        for (Map.Entry<String, ItemInfo> entry : itemInfoEntries.entrySet()) {
            ItemInfo item = entry.getValue();
            sb.append(separator).append("        ").append(Json.quote(entry.getKey())).append(": {\n");
            sb.append("            \"author\": ").append(Json.quote(item.author())).append(",\n");
            sb.append("            \"description\": ").append(Json.quote(item.description())).append(",\n");
            sb.append("            \"name\": ").append(Json.quote(item.name())).append(",\n");
            sb.append("            \"path\": ").append(Json.quote(item.path())).append('\n');
            sb.append("        }");
            separator = ",\n";
        }
        sb.append(itemInfoEntries.isEmpty() ? "},\n" : "\n    },\n");
        sb.append("    \"rootModelIdentifier\": ").append(Json.quote(rootModelIdentifier)).append('\n');
        sb.append("}\n");
        return sb.toString();
    }
}
