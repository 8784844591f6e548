package dev.mil4j.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.PluginException;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.testing.Golden;
import dev.mil4j.core.text.MilPrinter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Plugins extending the ONNX frontend: a custom-domain op to a custom MIL op, overriding and clashing translations. */
class OnnxPluginTest {
    private static final ConvertOptions OPTIONS = ConvertOptions.builder().build();

    @Test
    void customDomainOpBecomesACustomMilOpWithItsBinding() {
        Converter converter = Converter.builder().plugin(new OnnxFrontendPlugin())
                .plugin(ExamplePlugins.customDomain()).build();
        Program program = converter.load(Fixtures.model("custom_domain.onnx"), OPTIONS);
        assertThat(Verifier.verify(program)).isEmpty();
        Golden.assertMatches(getClass(), "/golden/mil/custom_domain.mil", MilPrinter.print(program));
        Operation custom = program.main().body().operationList().stream()
                .filter(op -> op.type().equals("my_layer")).findFirst().orElseThrow();
        assertThat(custom.def().isCustom()).isTrue();
        assertThat(custom.def().binding().orElseThrow().className()).isEqualTo("MyLayer");
        assertThat(custom.location().node()).isEqualTo("com.example::MyOp my_op");
    }

    @Test
    void withoutThePluginTheCustomDomainOpIsReportedAsUnsupported() {
        Converter converter = Converter.builder().plugin(new OnnxFrontendPlugin()).build();
        assertThatThrownBy(() -> converter.load(Fixtures.model("custom_domain.onnx"), OPTIONS))
                .hasMessage("""
                        error: ONNX model custom_domain.onnx uses 1 op without a translation: `MyOp` (domain \
                        com.example, opset 1)
                          hint: a plugin can contribute translations (OnnxTranslations.contribution(domain, op, \
                        sinceVersion, translation)); `mil4j plugins` lists the installed ones
                          note: `MyOp` (domain com.example, opset 1): 1 node, `my_op`""");
    }

    @Test
    void anOverridingPluginReplacesTheBuiltInTranslation() {
        Converter converter = Converter.builder().plugin(new OnnxFrontendPlugin())
                .plugin(ExamplePlugins.reluAsRelu6(true)).build();
        Program program = converter.load(Fixtures.onnx("topk_head"), OPTIONS);
        List<String> types = program.main().body().operationList().stream().map(Operation::type).toList();
        assertThat(types).contains("relu6").doesNotContain("relu");
        assertThat(converter.plugins().translations("onnx").registration("Relu", 6).orElseThrow().registrant())
                .isEqualTo("relu6-override");
    }

    @Test
    void aClashWithoutTheOverrideFlagNamesBothPlugins() {
        assertThatThrownBy(() -> Converter.builder().plugin(new OnnxFrontendPlugin())
                .plugin(ExamplePlugins.reluAsRelu6(false)).build())
                .isInstanceOf(PluginException.class)
                .hasMessage("onnx translation `Relu` (since version 6) is registered by both 'mil4j-frontend-onnx' "
                        + "and 'relu6-clash'; to replace the first, register the second as an explicit override");
    }

    @Test
    void thePluginIsFoundByTheServiceLoader() {
        Converter converter = Converter.builder().discoverPlugins().build();
        assertThat(converter.plugins().frontend("onnx")).isPresent();
        assertThat(converter.plugins().translations("onnx").sourceOps()).contains("Conv", "Gemm",
                "com.microsoft::Gelu");
    }
}
