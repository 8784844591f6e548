package dev.mil4j.frontend.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Module;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.PluginException;
import dev.mil4j.converter.spi.Contributions;
import dev.mil4j.converter.spi.Mil4jPlugin;
import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.value.TensorValue;
import org.junit.jupiter.api.Test;

/** A plugin replacing the built-in {@code TopKV2} translation, with and without the override flag. */
class TfOverrideTest {
    /** Sorted top-k in ascending order of the negated input: a visibly different translation. */
    static final TfTranslation SMALLEST_OF_NEGATED = (n, c) -> {
        var b = c.builder();
        var neg = b.op("mul").input("x", c.input(0)).input("y", TensorValue.scalar(-1f)).output();
        return b.op("topk").input("x", neg).input("k", TensorValue.scalar((int) c.constInput(1, "k").scalarLong()))
                .input("ascending", TensorValue.scalar(true)).name("plugin_topk").outputs();
    };

    static Mil4jPlugin plugin(TranslationContribution contribution) {
        return new Mil4jPlugin() {
            @Override
            public String id() {
                return "test-topk";
            }

            @Override
            public String version() {
                return "1";
            }

            @Override
            public int apiVersion() {
                return API_VERSION;
            }

            @Override
            public Module module() {
                return binder -> Contributions.translation(binder, contribution);
            }
        };
    }

    @Test
    void anOverridingPluginReplacesTopKV2AndItsAlias() {
        Converter converter = Converter.builder()
                .plugin(new TensorFlowFrontendPlugin())
                .plugin(plugin(TfTranslations.overriding("TopKV2", SMALLEST_OF_NEGATED, "TopK"))).build();
        Program program = converter.load(Fixtures.graph("topk_head.pb"), Fixtures.OPTIONS);
        Operation topk = program.main().body().operationList().stream().filter(op -> op.type().equals("topk"))
                .findFirst().orElseThrow();
        assertThat(topk.name()).isEqualTo("plugin_topk");
        assertThat(topk.attribute("ascending")).isEmpty();
        assertThat(topk.input("ascending").flatMap(v -> v.value()).orElseThrow().scalarBoolean()).isTrue();
        var translations = converter.plugins().translations(TfTranslations.FRONTEND);
        assertThat(translations.registration("TopKV2", 1).orElseThrow().registrant()).isEqualTo("test-topk");
        assertThat(translations.registration("TopK", 1).orElseThrow().registrant()).isEqualTo("test-topk");
    }

    @Test
    void withoutTheOverrideFlagTheCollisionNamesBothPlugins() {
        assertThatThrownBy(() -> Converter.builder().plugin(new TensorFlowFrontendPlugin())
                .plugin(plugin(TfTranslations.of("TopKV2", SMALLEST_OF_NEGATED))).build())
                .isInstanceOf(PluginException.class)
                .hasMessage("tensorflow translation `TopKV2` is registered by both 'mil4j-frontend-tensorflow' and "
                        + "'test-topk'; to replace the first, register the second as an explicit override");
    }

    @Test
    void builtInAliasesShareOneTranslation() {
        var translations = Fixtures.converter().plugins().translations(new TensorFlowFrontend());
        assertThat(translations.lookup("TopK"))
                .containsSame(translations.lookup("TopKV2").orElseThrow());
        assertThat(translations.registration("TopK", 1).orElseThrow().registrant())
                .isEqualTo(TensorFlowFrontendPlugin.ID);
    }
}
