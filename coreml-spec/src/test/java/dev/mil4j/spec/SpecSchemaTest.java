package dev.mil4j.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import dev.mil4j.core.testing.TestData;
import dev.mil4j.spec.proto.ModelProto;
import dev.mil4j.spec.proto.NamedParametersProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our .proto declarations against the published Core ML schema facts in testdata/formats: every field and enum value
 * we declare must be there with the same number, label, type and oneof, and every declared message and enum must be
 * complete, so a parsed model has no unknown fields.
 */
class SpecSchemaTest {
    /** message -> field name -> "number label type oneof"; and the file of each message. */
    private static final Map<String, Map<String, String>> TABLE_FIELDS = new TreeMap<>();
    private static final Map<String, String> TABLE_FILES = new TreeMap<>();
    /** enum -> value name -> number. */
    private static final Map<String, Map<String, Integer>> TABLE_ENUMS = new TreeMap<>();

    private static final Map<String, Descriptor> MESSAGES = new TreeMap<>();
    private static final Map<String, EnumDescriptor> ENUMS = new TreeMap<>();
    private static final Set<String> FILES = new TreeSet<>();

    @BeforeAll
    static void load() throws IOException {
        Path formats = TestData.path("formats");
        for (String[] row : rows(formats.resolve("coreml-fields.tsv"), 7)) {
            TABLE_FIELDS.computeIfAbsent(row[1], k -> new LinkedHashMap<>())
                    .put(row[2], row[3] + " " + row[4] + " " + row[5] + " " + row[6]);
            TABLE_FILES.put(row[1], row[0]);
        }
        for (String[] row : rows(formats.resolve("coreml-enums.tsv"), 4)) {
            TABLE_ENUMS.computeIfAbsent(row[1], k -> new LinkedHashMap<>()).put(row[2], Integer.parseInt(row[3]));
            TABLE_FILES.put(row[1], row[0]);
        }
        Deque<FileDescriptor> todo = new ArrayDeque<>(List.of(ModelProto.getDescriptor(),
                NamedParametersProto.getDescriptor()));
        while (!todo.isEmpty()) {
            FileDescriptor file = todo.pop();
            if (FILES.add(file.getName())) {
                todo.addAll(file.getDependencies());
                file.getMessageTypes().forEach(SpecSchemaTest::addMessage);
                file.getEnumTypes().forEach(e -> ENUMS.put(e.getFullName(), e));
            }
        }
    }

    private static void addMessage(Descriptor message) {
        MESSAGES.put(message.getFullName(), message);
        message.getNestedTypes().forEach(SpecSchemaTest::addMessage);
        message.getEnumTypes().forEach(e -> ENUMS.put(e.getFullName(), e));
    }

    private static List<String[]> rows(Path tsv, int columns) throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(tsv)) {
            if (line.startsWith("#") || line.startsWith("file\t") || line.isBlank()) {
                continue;
            }
            String[] row = line.split("\t", -1);
            assertThat(row).as("row of %s: %s", tsv.getFileName(), line).hasSize(columns);
            rows.add(row);
        }
        return rows;
    }

    @Test
    void everyProtoFileIsCompiledAndReachable() throws IOException {
        try (Stream<Path> list = Files.list(Path.of("src/main/proto"))) {
            Set<String> sources = list.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
            assertThat(FILES).isEqualTo(sources);
        }
        assertThat(MESSAGES).hasSizeGreaterThan(300);
    }

    @Test
    void everyDeclaredFieldIsInThePublishedSchema() {
        List<String> problems = new ArrayList<>();
        for (Descriptor message : MESSAGES.values()) {
            Map<String, String> table = TABLE_FIELDS.getOrDefault(message.getFullName(), Map.of());
            for (FieldDescriptor field : message.getFields()) {
                String ours = describe(field);
                String theirs = table.get(field.getName());
                if (!ours.equals(theirs)) {
                    problems.add(message.getFullName() + "." + field.getName() + ": ours [" + ours + "], published ["
                            + theirs + "]");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyDeclaredMessageIsComplete() {
        List<String> missing = new ArrayList<>();
        for (Descriptor message : MESSAGES.values()) {
            for (String field : TABLE_FIELDS.getOrDefault(message.getFullName(), Map.of()).keySet()) {
                if (message.findFieldByName(field) == null) {
                    missing.add(message.getFullName() + "." + field);
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void everyPublishedMessageAndEnumIsDeclaredInItsFile() {
        Map<String, String> ours = new TreeMap<>();
        MESSAGES.forEach((name, d) -> ours.put(name, d.getFile().getName()));
        ENUMS.forEach((name, d) -> ours.put(name, d.getFile().getName()));
        assertThat(ours).containsAllEntriesOf(TABLE_FILES);
    }

    @Test
    void everyDeclaredEnumValueIsInThePublishedSchema() {
        List<String> problems = new ArrayList<>();
        for (EnumDescriptor e : ENUMS.values()) {
            Map<String, Integer> table = TABLE_ENUMS.getOrDefault(e.getFullName(), Map.of());
            for (EnumValueDescriptor value : e.getValues()) {
                if (!Integer.valueOf(value.getNumber()).equals(table.get(value.getName()))) {
                    problems.add(e.getFullName() + "." + value.getName() + " = " + value.getNumber() + ", published "
                            + table.get(value.getName()));
                }
            }
            for (String name : table.keySet()) {
                if (e.findValueByName(name) == null) {
                    problems.add(e.getFullName() + "." + name + " is not declared");
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(ENUMS.keySet()).containsAll(TABLE_ENUMS.keySet());
    }

    private static String describe(FieldDescriptor field) {
        String label = field.isMapField() ? "map" : field.isRepeated() ? "repeated" : "optional";
        String type = switch (field.getJavaType()) {
            case MESSAGE -> field.getMessageType().getFullName();
            case ENUM -> field.getEnumType().getFullName();
            default -> field.getType().name().toLowerCase(Locale.ROOT);
        };
        OneofDescriptor oneof = field.getRealContainingOneof();
        return field.getNumber() + " " + label + " " + type + " " + (oneof == null ? "" : oneof.getName());
    }
}
