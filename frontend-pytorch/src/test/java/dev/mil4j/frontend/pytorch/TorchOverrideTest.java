package dev.mil4j.frontend.pytorch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Module;
import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.InputType;
import dev.mil4j.converter.PluginException;
import dev.mil4j.converter.spi.Contributions;
import dev.mil4j.converter.spi.Mil4jPlugin;
import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.text.MilPrinter;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import org.junit.jupiter.api.Test;

class TorchOverrideTest {
    /** A topk that always sorts ascending, under a recognizable op name. */
    static final TorchTranslation ASCENDING_TOPK = (node, c) -> c.builder().op("topk")
            .input("x", c.tensor(0, "self")).input("k", TensorValue.scalar((int) c.intValue(1, "k")))
            .input("ascending", TensorValue.scalar(true)).name("plugin_topk").outputs();

    static Mil4jPlugin plugin(String id, Module module) {
        return new Mil4jPlugin() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String version() {
                return "test";
            }

            @Override
            public int apiVersion() {
                return API_VERSION;
            }

            @Override
            public Module module() {
                return module;
            }
        };
    }

    private static final ConvertOptions OPTIONS = ConvertOptions.builder()
            .input(InputType.of("x", Shape.parse("2x16"))).output("values").output("indices").build();

    @Test
    void aPluginOverridesTheTopkTranslation() {
        Converter converter = Converter.builder().plugin(new TorchFrontendPlugin())
                .plugin(plugin("test-topk", binder -> Contributions.translation(binder,
                        TranslationContribution.overriding("pytorch", "aten::topk", ASCENDING_TOPK))))
                .build();
        String text = MilPrinter.print(converter.load(Fixtures.torch("topk_head"), OPTIONS));
        assertThat(text).contains("%values: fp32[2, 5], %indices: int32[2, 5] = topk(x = %relu_0, k = %topk_k, "
                + "ascending = %topk_ascending) [name = \"plugin_topk\"]");
        assertThat(converter.plugins().translations("pytorch").registration("aten::topk", 1).orElseThrow()
                .registrant()).isEqualTo("test-topk");
    }

    @Test
    void withoutTheOverrideFlagTheCollisionNamesBothPlugins() {
        Converter.Builder builder = Converter.builder().plugin(new TorchFrontendPlugin())
                .plugin(plugin("test-topk", binder -> Contributions.translation(binder,
                        TranslationContribution.of("pytorch", "aten::topk", ASCENDING_TOPK))));
        assertThatThrownBy(builder::build).isInstanceOf(PluginException.class)
                .hasMessage("pytorch translation `aten::topk` is registered by both 'mil4j-frontend-pytorch' and "
                        + "'test-topk'; to replace the first, register the second as an explicit override");
    }

    @Test
    void isFoundByServiceLoaderAndRegistersInPlaceAliases() {
        Converter converter = Converter.builder().discoverPlugins().build();
        List<String> ops = converter.plugins().translations("pytorch").sourceOps();
        assertThat(ops).contains("aten::relu", "aten::relu_", "aten::add_", "aten::topk", "prim::NumToTensor");
        assertThat(converter.plugins().frontend("pytorch")).isPresent();
    }
}
