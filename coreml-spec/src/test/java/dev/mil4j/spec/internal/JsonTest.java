package dev.mil4j.spec.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parsesAllValueKinds() throws Json.SyntaxException {
        Object value = Json.parse(" {\"a\": [1, -2.5e3, true, false, null], \"b\": \"x\\u00e9\\n\\/\", \"c\": {}} ");
        assertThat(value).isEqualTo(Map.of("a", List.of(new BigDecimal("1"), new BigDecimal("-2.5e3"), true, false,
                Json.NULL), "b", "x\u00e9\n/", "c", Map.of()));
    }

    @Test
    void rejectsInvalidJson() {
        assertThatThrownBy(() -> Json.parse("{\"a\": 1,}")).hasMessageContaining("at character 8");
        assertThatThrownBy(() -> Json.parse("{\"a\": 1, \"a\": 2}")).hasMessageContaining("duplicate member name");
        assertThatThrownBy(() -> Json.parse("[01]")).hasMessageContaining("expected ',' or ']'");
        assertThatThrownBy(() -> Json.parse("\"abc")).hasMessageContaining("unterminated string");
        assertThatThrownBy(() -> Json.parse("\"a\tb\"")).hasMessageContaining("control character");
        assertThatThrownBy(() -> Json.parse("{} x")).hasMessageContaining("unexpected text after");
        assertThatThrownBy(() -> Json.parse("tru")).hasMessageContaining("expected true");
        assertThatThrownBy(() -> Json.parse("[".repeat(100))).hasMessageContaining("nesting deeper than 64");
        assertThatThrownBy(() -> Json.parse("1.")).hasMessageContaining("digits expected after '.'");
    }

    /** Found by fuzzing Manifest.json: BigDecimal's own exception escaped for exponents beyond its range. */
    @Test
    void numbersBeyondTheRangeAreSyntaxErrors() {
        assertThatThrownBy(() -> Json.parse("[1e99999999999]")).isInstanceOf(Json.SyntaxException.class)
                .hasMessageContaining("number out of range").hasMessageContaining("at character 1");
        assertThatThrownBy(() -> Json.parse("{\"a\": 1e-2147483649}")).isInstanceOf(Json.SyntaxException.class)
                .hasMessageContaining("number out of range");
    }

    @Test
    void quotesStrings() {
        assertThat(Json.quote("a\"b\\c\n\u001f\u00e9")).isEqualTo("\"a\\\"b\\\\c\\n\\u001f\u00e9\"");
    }
}
