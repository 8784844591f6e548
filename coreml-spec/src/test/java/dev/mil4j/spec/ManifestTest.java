package dev.mil4j.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ManifestTest {
    private static final Path SOURCE = Path.of("Manifest.json");

    @Test
    void fixtureManifestsRoundTripByteForByte() throws IOException {
        for (Path pkg : Fixtures.allPackages()) {
            Path file = pkg.resolve("Manifest.json");
            Manifest manifest = Manifest.read(file);
            assertThat(manifest.fileFormatVersion()).isEqualTo("1.0.0");
            assertThat(manifest.rootModel()).isEqualTo(new Manifest.ItemInfo("com.apple.CoreML",
                    "CoreML Model Specification", "model.mlmodel", "com.apple.CoreML/model.mlmodel"));
            assertThat(manifest.itemWithDescription("CoreML Model Weights")).contains(new Manifest.ItemInfo(
                    "com.apple.CoreML", "CoreML Model Weights", "weights", "com.apple.CoreML/weights"));
            assertThat(manifest.toJson()).isEqualTo(Files.readString(file));
            assertThat(Manifest.parse(manifest.toJson(), SOURCE)).isEqualTo(manifest);
        }
    }

    @Test
    void defaultManifestHasFreshLowerCaseIdentifiers() throws IOException {
        Manifest a = Manifest.createDefault();
        Manifest b = Manifest.createDefault();
        assertThat(a.rootModelIdentifier()).isNotEqualTo(b.rootModelIdentifier())
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(Manifest.parse(a.toJson(), SOURCE)).isEqualTo(a);
    }

    @Test
    void escapesAndUnescapesStrings() throws IOException {
        var items = new TreeMap<String, Manifest.ItemInfo>();
        items.put("id", new Manifest.ItemInfo("me \"quoted\"", "tab\there\\", "naïve \u0001", "a/b"));
        Manifest manifest = new Manifest("1.0.0", items, "id");
        assertThat(manifest.toJson()).contains("\"me \\\"quoted\\\"\"", "\"tab\\there\\\\\"", "naïve \\u0001");
        assertThat(Manifest.parse(manifest.toJson(), SOURCE)).isEqualTo(manifest);
    }

    @Test
    void reportsWhatIsWrong() {
        assertThatThrownBy(() -> Manifest.parse("{", SOURCE)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("Manifest.json").hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> Manifest.parse("[]", SOURCE)).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> Manifest.parse("{\"fileFormatVersion\": \"1.0.0\"}", SOURCE))
                .hasMessageContaining("no \"rootModelIdentifier\"");
        assertThatThrownBy(() -> Manifest.parse("{\"fileFormatVersion\": \"1.0.0\", \"rootModelIdentifier\": \"x\","
                + " \"itemInfoEntries\": {}}", SOURCE)).hasMessageContaining("names no entry");
        assertThatThrownBy(() -> Manifest.parse("{\"fileFormatVersion\": 1, \"rootModelIdentifier\": \"x\","
                + " \"itemInfoEntries\": {}}", SOURCE)).hasMessageContaining("must be a string, found 1");
        assertThatThrownBy(() -> Manifest.parse("{\"fileFormatVersion\": \"1.0.0\", \"rootModelIdentifier\": \"x\","
                + " \"itemInfoEntries\": {\"x\": {\"author\": null}}}", SOURCE))
                .hasMessageContaining("\"author\" of item x must be a string, found null");
    }
}
