package dev.mil4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The overrides of the terminal detection; what the detection itself says depends on how the test runs. */
class StderrTerminalTest {
    private final List<String> warnings = new ArrayList<>();

    @Test
    void mil4jProgressAlwaysAndNeverOverrideTheDetection() {
        assertThat(StderrTerminal.detect(Map.of("MIL4J_PROGRESS", "always", "COLUMNS", "132"), warnings::add))
                .isEqualTo(new StderrTerminal(true, 132));
        assertThat(StderrTerminal.detect(Map.of("MIL4J_PROGRESS", "NEVER", "COLUMNS", "132"), warnings::add))
                .isEqualTo(StderrTerminal.NONE);
        assertThat(warnings).isEmpty();
    }

    @Test
    void aDumbTerminalIsNeverRedrawnAndAnUnknownValueIsReported() {
        assertThat(StderrTerminal.detect(Map.of("TERM", "dumb"), warnings::add).interactive()).isFalse();
        assertThat(StderrTerminal.detect(Map.of("MIL4J_PROGRESS", "yes", "TERM", "dumb"), warnings::add)
                .interactive()).isFalse();
        assertThat(warnings).containsExactly("warning: MIL4J_PROGRESS=yes is not always, never or auto; taken as auto");
    }

    @Test
    void aBadColumnsValueFallsBackAndAWidthMustBePositive() {
        StderrTerminal t = StderrTerminal.detect(Map.of("MIL4J_PROGRESS", "always", "COLUMNS", "wide"),
                warnings::add);
        assertThat(t.interactive()).isTrue();
        assertThat(t.width()).isPositive();
        assertThatThrownBy(() -> new StderrTerminal(true, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("width must be positive, got 0");
    }
}
