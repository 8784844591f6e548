package dev.mil4j.converter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import dev.mil4j.converter.spi.Contributions;
import dev.mil4j.converter.spi.Mil4jPlugin;
import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.op.Opset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Plugins read without Guice when they only contribute, with it when they use it; tables built on first use. */
class LazyPluginsTest {
    private static Mil4jPlugin frontendWithTable(AtomicInteger builds, List<TranslationContribution> table) {
        return TestPlugins.plugin("fake-frontend", b -> {
            Contributions.frontend(b, new TestPlugins.FakeFrontend("fake"));
            Contributions.translations(b, "fake", () -> {
                builds.incrementAndGet();
                return table;
            });
        });
    }

    @Test
    void aTranslationTableIsBuiltOnceWhenItsFrontendsTranslationsAreFirstAskedFor() {
        AtomicInteger builds = new AtomicInteger();
        Converter converter = Converter.builder().plugin(frontendWithTable(builds, List.of(
                TranslationContribution.of("fake", "Relu", "relu"), TranslationContribution.of("fake", "Add", "add"))))
                .build();
        assertThat(builds).hasValue(0);
        assertThat(converter.plugins().translations(new TestPlugins.FakeFrontend("fake")).lookup("Relu"))
                .contains("relu");
        assertThat(converter.plugins().translations("fake").sourceOps()).containsExactly("Add", "Relu");
        assertThat(converter.plugins().plugins().get(1).contributions())
                .containsExactly("frontend fake", "fake translation Add", "fake translation Relu");
        assertThat(builds).hasValue(1);
    }

    @Test
    void aSingleTranslationComesAfterTheTablesOfThePluginsBeforeItAndItsConflictsShowOnLoading() {
        AtomicInteger builds = new AtomicInteger();
        Mil4jPlugin frontend = frontendWithTable(builds, List.of(TranslationContribution.of("fake", "TopK", "own")));
        Mil4jPlugin override = TestPlugins.plugin("override", b -> Contributions.translation(b,
                TranslationContribution.overriding("fake", "TopK", "mine")));
        Converter converter = Converter.builder().plugin(frontend).plugin(override).build();
        assertThat(builds).hasValue(1);
        assertThat(converter.plugins().translations(new TestPlugins.FakeFrontend("fake")).lookup("TopK"))
                .contains("mine");
        Mil4jPlugin clash = TestPlugins.plugin("clash", b -> Contributions.translation(b,
                TranslationContribution.of("fake", "TopK", "theirs")));
        assertThatThrownBy(() -> Converter.builder().plugin(frontendWithTable(builds, List.of(
                TranslationContribution.of("fake", "TopK", "own")))).plugin(clash).build())
                .isInstanceOf(PluginException.class)
                .hasMessage("fake translation `TopK` is registered by both 'fake-frontend' and 'clash'; to replace "
                        + "the first, register the second as an explicit override");
    }

    @Test
    void aTableIsCheckedAgainstTheInstalledFrontendsOnLoadingAndItsElementsWhenBuilt() {
        Mil4jPlugin orphan = TestPlugins.plugin("orphan", b -> Contributions.translations(b, "tensorflow",
                List::of));
        assertThatThrownBy(() -> Converter.builder().plugin(orphan).build())
                .hasMessage("plugin 'orphan' contributes a table of translations for frontend 'tensorflow', which "
                        + "is not installed; installed frontends: mil");
        Converter mixed = Converter.builder().plugin(frontendWithTable(new AtomicInteger(), List.of(
                TranslationContribution.of("mil", "Relu", "relu")))).build();
        assertThatThrownBy(() -> mixed.plugins().translations("fake"))
                .isInstanceOf(PluginException.class)
                .hasMessage("plugin 'fake-frontend' gives a translation of Relu for frontend 'mil' in its table of "
                        + "'fake' translations; contribute it in a table of its own frontend");
    }

    /** A module using Guice beyond Contributions: its own binding and a provider method. */
    static final class GuiceModule extends AbstractModule {
        @Override
        protected void configure() {
            bind(String.class).toInstance("custom_relu");
            Contributions.op(binder(), new ConverterTest.CustomReluOp());
        }

        @Provides
        Integer answer() {
            return 42;
        }
    }

    @Test
    void aModuleThatUsesGuiceStillContributesThroughAnInjector() {
        Converter bound = Converter.builder().plugin(TestPlugins.plugin("guice", new GuiceModule())).build();
        assertThat(bound.plugins().ops().lookup("custom_relu", Opset.IOS18)).isPresent();
        assertThat(bound.plugins().plugins().get(1).contributions()).containsExactly("custom op custom_relu");
        Converter installing = Converter.builder().plugin(TestPlugins.plugin("installing",
                b -> b.install(c -> Contributions.op(c, new ConverterTest.CustomReluOp())))).build();
        assertThat(installing.plugins().ops().registration("custom_relu", Opset.IOS15).orElseThrow().registrant())
                .isEqualTo("installing");
    }

    @Test
    void aFailingModuleNamesItsPlugin() {
        assertThatThrownBy(() -> Converter.builder().plugin(TestPlugins.plugin("broken", b -> {
            throw new IllegalStateException("no configuration");
        })).build()).isInstanceOf(PluginException.class)
                .hasMessage("plugin 'broken' (given) failed to start: no configuration");
    }
}
