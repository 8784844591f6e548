package dev.mil4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.converter.Converter;
import dev.mil4j.converter.PluginSet;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Verifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

/** Checks what the benchmarks measure (not how fast): the programs are valid and the pass list is current. */
class BenchmarkSetupTest {
    private static final PluginSet PLUGINS = Converter.builder().build().plugins();

    @Test
    void passBenchmarkListsEveryPassOfTheDefaultPipeline() throws NoSuchFieldException {
        List<String> listed = new ArrayList<>(List.of(
                PassBenchmark.class.getField("pass").getAnnotation(Param.class).value()));
        assertThat(listed).contains(PassBenchmark.WHOLE_PIPELINE);
        listed.remove(PassBenchmark.WHOLE_PIPELINE);
        Set<String> pipeline = new LinkedHashSet<>(PLUGINS.passes().pipeline("default").passIds());
        assertThat(listed)
                .as("PassBenchmark's @Param pass must list the distinct passes of the default pipeline; update it")
                .containsExactlyInAnyOrderElementsOf(pipeline);
    }

    @Test
    void syntheticProgramsAreValidAndAtLeastTheRequestedSize() {
        for (SyntheticPrograms.Kind kind : SyntheticPrograms.Kind.values()) {
            Program p = SyntheticPrograms.build(kind, 1000, PLUGINS.ops());
            assertThat(p.main().body().size()).as(kind.name()).isBetween(1000, 1100);
            assertThat(Verifier.verify(p)).as(kind.name()).isEmpty();
        }
    }

    @Test
    void generatedModelsAreValidWithTheirDocumentedWeights() {
        Program mlp = GeneratedModels.build(GeneratedModels.Model.MLP200, PLUGINS.ops());
        assertThat(Verifier.verify(mlp)).isEmpty();
        assertThat(GeneratedModels.weightBytes(mlp)).isEqualTo(200L * (128 * 128 + 128) * 4);
        Program resnet = GeneratedModels.build(GeneratedModels.Model.RESNET, PLUGINS.ops());
        assertThat(Verifier.verify(resnet)).isEmpty();
        assertThat(GeneratedModels.weightBytes(resnet)).isBetween(900_000L, 910_000L);
    }
}
