package dev.mil4j.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.spi.ColorLayout;
import dev.mil4j.core.types.DType;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

class InterfaceParametersTest {
    @Test
    void parametersBecomeConvertOptions() throws Exception {
        InterfaceParameters p = new InterfaceParameters(List.of("image:scale=0.5:bias=1:layout=BGR"), null,
                List.of("image:1x3x32x32,1x3x64x64"), List.of("logits:fp16"), "cat,dog", "animal", List.of("conv"),
                InterfaceParameters.metadata("me", "MIT", null, "1.0", List.of("seed=0"), List.of("image=A photo.")));
        ConvertOptions.Builder b = ConvertOptions.builder();
        p.applyTo(b);
        ConvertOptions o = b.build();
        assertThat(o.imageInputs()).singleElement().satisfies(i -> {
            assertThat(i.layout()).isEqualTo(ColorLayout.BGR);
            assertThat(i.scale()).isEqualTo(0.5f);
        });
        assertThat(o.enumeratedShapes()).singleElement().satisfies(e -> assertThat(e.shapes()).hasSize(2));
        assertThat(o.outputs()).containsExactly("logits");
        assertThat(o.outputDtypes()).containsEntry("logits", DType.FP16);
        assertThat(o.classifier().orElseThrow().labels()).containsExactly("cat", "dog");
        assertThat(o.classifier().orElseThrow().predictedFeature()).isEqualTo("animal");
        assertThat(o.metadata().author()).isEqualTo("me");
        assertThat(o.metadata().userDefined()).containsEntry("seed", "0");
        assertThat(o.metadata().descriptions()).containsEntry("image", "A photo.");
        assertThat(o.pipelineEdits()).hasSize(1);
    }

    @Test
    void badParametersFailNamingTheParameter() {
        InterfaceParameters p = new InterfaceParameters(List.of("image:layout=CMYK"), null, null, null, null, null,
                null, dev.mil4j.converter.spi.ModelMetadata.NONE);
        assertThatThrownBy(() -> p.applyTo(ConvertOptions.builder())).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("bad layout 'CMYK' in --image 'image:layout=CMYK'");
        assertThatThrownBy(() -> InterfaceParameters.metadata(null, null, null, null, List.of("novalue"), null))
                .isInstanceOf(MojoFailureException.class).hasMessageContaining("bad <meta> 'novalue'");
    }
}
