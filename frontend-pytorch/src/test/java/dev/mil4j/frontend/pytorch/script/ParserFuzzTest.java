package dev.mil4j.frontend.pytorch.script;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mil4j.core.testing.FuzzInputs;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the TorchScript code lexer and parser ({@link Parser#parse}): any text parses or is refused with a
 * {@link ScriptSyntaxException}. Corpus: {@code ParserFuzzTestInputs/parse}, seeded with the code files of the
 * repository's TorchScript models.
 */
class ParserFuzzTest {
    @Timeout(30)
    @FuzzTest(maxDuration = "10m")
    void parse(byte[] code) {
        String source = new String(code, StandardCharsets.UTF_8);
        FuzzInputs.check(() -> Parser.parse("code/__torch__/model.py", source), ScriptSyntaxException.class);
    }
}
