package dev.mil4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletionScriptTest {
    @Test
    void theScriptCompletesEveryCommandAndItsOptions(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sub/mil4j_completion");
        CompletionScript.main(new String[] {file.toString()});
        String script = Files.readString(file);
        assertThat(script).contains("complete -F _complete_mil4j", "convert", "inspect", "run", "optimize",
                "custom-layer-stub", "--precision", "--plugin");
    }
}
