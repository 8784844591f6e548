package dev.mil4j.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.mil4j.core.testing.TestData;
import dev.mil4j.frontend.onnx.proto.OnnxProtos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Our onnx.proto against the published ONNX 1.12 schema facts in testdata/formats: every message, field (number,
 * label, type, oneof) and enum value we declare is in the tables exactly, and (since we declare the whole schema)
 * every one of the tables is declared.
 */
class OnnxSchemaTest {
    private static List<String[]> rows(String file, int columns) throws IOException {
        Path p = TestData.path("formats").resolve(file);
        List<String[]> out = new ArrayList<>();
        boolean header = true;
        for (String line : Files.readAllLines(p)) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            if (header) {
                header = false;
                continue;
            }
            String[] cols = line.split("\t", -1);
            assertThat(cols).as(line).hasSizeGreaterThanOrEqualTo(columns);
            out.add(cols);
        }
        return out;
    }

    private static void collect(Descriptor d, Map<String, String> fields, Map<String, String> enums) {
        for (FieldDescriptor f : d.getFields()) {
            String type = switch (f.getType()) {
                case MESSAGE, GROUP -> f.getMessageType().getFullName();
                case ENUM -> f.getEnumType().getFullName();
                default -> f.getType().name().toLowerCase(Locale.ROOT);
            };
            String label = f.isMapField() ? "map" : f.isRepeated() ? "repeated" : "optional";
            String oneof = f.getRealContainingOneof() == null ? "" : f.getRealContainingOneof().getName();
            fields.put(d.getFullName() + " " + f.getName(), f.getNumber() + " " + label + " " + type + " " + oneof);
        }
        for (EnumDescriptor e : d.getEnumTypes()) {
            collect(e, enums);
        }
        for (Descriptor nested : d.getNestedTypes()) {
            collect(nested, fields, enums);
        }
    }

    private static void collect(EnumDescriptor e, Map<String, String> enums) {
        for (EnumValueDescriptor v : e.getValues()) {
            enums.put(e.getFullName() + " " + v.getName(), Integer.toString(v.getNumber()));
        }
    }

    @Test
    void everyDeclaredFieldAndEnumValueMatchesThePublishedSchema() throws IOException {
        Map<String, String> tableFields = new TreeMap<>();
        for (String[] r : rows("onnx-fields.tsv", 7)) {
            tableFields.put(r[1] + " " + r[2], r[3] + " " + r[4] + " " + r[5] + " " + r[6]);
        }
        Map<String, String> tableEnums = new TreeMap<>();
        for (String[] r : rows("onnx-enums.tsv", 4)) {
            tableEnums.put(r[1] + " " + r[2], r[3]);
        }
        Map<String, String> ours = new TreeMap<>();
        Map<String, String> ourEnums = new TreeMap<>();
        for (Descriptor d : OnnxProtos.getDescriptor().getMessageTypes()) {
            collect(d, ours, ourEnums);
        }
        for (EnumDescriptor e : OnnxProtos.getDescriptor().getEnumTypes()) {
            collect(e, ourEnums);
        }
        assertThat(OnnxProtos.getDescriptor().getPackage()).isEqualTo("onnx");
        assertThat(tableFields).hasSize(106);
        // nothing declared differently, nothing missing
        assertThat(ours).isEqualTo(tableFields);
        assertThat(ourEnums).isEqualTo(tableEnums);
    }
}
