package dev.mil4j.frontend.pytorch;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.converter.Converter;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.testing.TestData;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small models of {@code testdata/torch-wide} (made by its {@code make_wide.py} with PyTorch 1.13: pieces of the
 * torchvision architectures beyond the zoo, RAFT's grid sampling, Swin V2's cosine attention, MViT's and MaxViT's token
 * handling) converted from TorchScript in fp32, written, and run in the reference interpreter: every output matches
 * what PyTorch computed within {@code |a - e| <= 1e-4 + 1e-4 |e|}, on the ML Program target and, where the
 * NeuralNetwork format has the ops, on that target too.
 */
class TorchWideParityTest {
    private static final Converter CONVERTER = Converter.builder().discoverPlugins().build();
    /**
     * Models whose ops only the ML Program has (grid sampling is MIL's iOS15 {@code resample}; RoI align samples
     * with {@code crop_resize}'s {@code UNALIGN_CORNERS}, which the NeuralNetwork crop-resize layer lacks).
     */
    private static final Set<String> ML_PROGRAM_ONLY = Set.of("flow_warp", "roi_heads");

    @TempDir
    Path dir;

    static List<TorchFixture> fixtures() {
        return TorchFixture.all(TestData.path("torch-wide"));
    }

    @TestFactory
    Stream<DynamicTest> mlProgramMatchesPyTorch() {
        return fixtures().stream().map(f -> DynamicTest.dynamicTest(f.name(),
                () -> f.assertMlProgramMatches(CONVERTER, dir)));
    }

    @TestFactory
    Stream<DynamicTest> neuralNetworkMatchesPyTorch() {
        return fixtures().stream().filter(f -> !ML_PROGRAM_ONLY.contains(f.name()))
                .map(f -> DynamicTest.dynamicTest(f.name(), () -> f.assertNeuralNetworkMatches(CONVERTER, dir)));
    }

    @Test
    void gridSamplingOnTheNeuralNetworkTargetIsADiagnosticNamingResample() {
        TorchFixture f = TorchFixture.read(TestData.path("torch-wide/flow_warp.pt"));
        assertThatThrownBy(() -> CONVERTER.convert(f.model(), f.fp32Options("neuralnetwork")).save(
                dir.resolve("flow_warp.mlmodel")))
                .isInstanceOf(ConversionException.class).hasMessageContaining("resample");
    }
}
