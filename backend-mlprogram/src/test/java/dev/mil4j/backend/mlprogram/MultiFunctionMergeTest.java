package dev.mil4j.backend.mlprogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.converter.Converter;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.StandardOps;
import dev.mil4j.spec.MlPackage;
import dev.mil4j.spec.proto.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MlPackageCodec#merge}: coremltools' two source packages (one shared {@code Linear(64, 64)}, a relu head
 * and a sigmoid head) merged by mil4j give the package {@code ct.utils.save_multifunction} wrote.
 */
class MultiFunctionMergeTest {
    private static final Path FEATURES = TestData.path("coremltools-features");
    private static final Path RELU = FEATURES.resolve("multifunction_src_relu.mlpackage");
    private static final Path SIGMOID = FEATURES.resolve("multifunction_src_sigmoid.mlpackage");
    private static final String WEIGHTS = "Data/com.apple.CoreML/weights/weight.bin";

    @TempDir
    Path dir;

    private final MlPackageCodec codec = new MlPackageCodec();

    private MergedPackage mergeFixtures(Path out) {
        return codec.merge(MultiFunctionDescriptor.builder().add(RELU, "main", "relu_head")
                .add(SIGMOID, "main", "sigmoid_head").defaultFunction("relu_head").build(), out);
    }

    @Test
    void matchesCoremltoolsSaveMultifunction() throws Exception {
        Path out = dir.resolve("merged.mlpackage");
        MergedPackage merged = mergeFixtures(out);

        assertThat(merged.functions()).isEqualTo(2);
        assertThat(merged.weights()).isEqualTo(4);
        assertThat(merged.blobsWritten()).isEqualTo(2);
        Model ours = MlPackage.read(out).model();
        Model theirs = MlPackage.read(FEATURES.resolve("multifunction.mlpackage")).model();
        assertThat(ours.getSpecificationVersion()).isEqualTo(theirs.getSpecificationVersion()).isEqualTo(9);
        assertThat(ours.getDescription()).isEqualTo(theirs.getDescription());
        assertThat(ours.getMlProgram().getFunctionsMap()).isEqualTo(theirs.getMlProgram().getFunctionsMap());
        // the shared weight and bias are stored once: the file is byte for byte coremltools' (and one source's)
        assertThat(Files.readAllBytes(out.resolve(WEIGHTS)))
                .isEqualTo(Files.readAllBytes(FEATURES.resolve("multifunction.mlpackage").resolve(WEIGHTS)))
                .isEqualTo(Files.readAllBytes(RELU.resolve(WEIGHTS)));
    }

    @Test
    void bothFunctionsRunLikeTheirSources() {
        Path out = dir.resolve("merged.mlpackage");
        mergeFixtures(out);
        Converter converter = Converter.builder().plugin(new MlProgramBackendPlugin()).build();
        Program program = codec.read(out, StandardOps.newRegistry());
        assertThat(program.main().name()).isEqualTo("relu_head");
        float[] x = new float[64];
        IntStream.range(0, 64).forEach(i -> x[i] = (i - 32) / 16f);
        Map<String, TensorValue> in = Map.of("x", TensorValue.ofFloats(Shape.of(1, 64), x));

        for (String[] pair : new String[][] {{"relu_head", RELU.toString()}, {"sigmoid_head", SIGMOID.toString()}}) {
            Program merged = codec.read(out, StandardOps.newRegistry());
            merged.setDefaultFunction(pair[0]);
            float[] got = converter.run(merged, in).get("var_6").toFloatArray();
            float[] want = converter.run(codec.read(Path.of(pair[1]), StandardOps.newRegistry()), in).get("var_6")
                    .toFloatArray();
            assertThat(got).as(pair[0]).containsExactly(want);
        }
        float[] byDefault = converter.run(program, in).get("var_6").toFloatArray();
        float[] relu = converter.run(codec.read(RELU, StandardOps.newRegistry()), in).get("var_6").toFloatArray();
        float[] sigmoid = converter.run(codec.read(SIGMOID, StandardOps.newRegistry()), in).get("var_6")
                .toFloatArray();
        assertThat(byDefault).containsExactly(relu);
        assertThat(relu).isNotEqualTo(sigmoid);
    }

    @Test
    void oneSourceMayGiveSeveralFunctionsAndDistinctWeightsAreKept() throws Exception {
        Path first = dir.resolve("first.mlpackage");
        mergeFixtures(first);
        Path out = dir.resolve("again.mlpackage");
        MergedPackage merged = codec.merge(MultiFunctionDescriptor.builder().add(first, "sigmoid_head", "s")
                .add(first, "relu_head", "r").add(FEATURES.resolve("mlp256_ios18.mlpackage"), "main", "mlp")
                .build(), out);

        assertThat(merged.functions()).isEqualTo(3);
        assertThat(merged.blobsWritten()).isEqualTo(2 + 6);
        Model model = MlPackage.read(out).model();
        assertThat(model.getDescription().getDefaultFunctionName()).isEqualTo("s");
        assertThat(model.getDescription().getFunctionsList()).extracting(f -> f.getName())
                .containsExactly("s", "r", "mlp");
        assertThat(codec.read(out, StandardOps.newRegistry()).functions()).hasSize(3);
    }

    @Test
    void aProgramOfSeveralFunctionsWritesSharedWeightsOnce() throws Exception {
        Path merged = dir.resolve("merged.mlpackage");
        mergeFixtures(merged);
        Program program = codec.read(merged, StandardOps.newRegistry());
        Path again = dir.resolve("again.mlpackage");
        codec.write(program, again, MlProgramOptions.defaults());
        assertThat(Files.readAllBytes(again.resolve(WEIGHTS))).isEqualTo(Files.readAllBytes(merged.resolve(WEIGHTS)));
        assertThat(MlPackage.read(again).model().getDescription().getDefaultFunctionName()).isEqualTo("relu_head");
    }

    @Test
    void aMissingFunctionIsNamedWithTheOnesThereAre() {
        assertThatThrownBy(() -> codec.merge(MultiFunctionDescriptor.builder().add(RELU, "head", "a").build(),
                dir.resolve("x.mlpackage")))
                .isInstanceOf(ConversionException.class).hasMessageContaining("has no function `head`")
                .hasMessageContaining("[main]");
        assertThat(dir.resolve("x.mlpackage")).doesNotExist();
    }

    @Test
    void theDescriptorRejectsDuplicateNamesAndAnUnknownDefault() {
        assertThatThrownBy(() -> MultiFunctionDescriptor.builder().add(RELU, "main", "a").add(SIGMOID, "main", "a")
                .build()).hasMessageContaining("'a' is given twice");
        assertThatThrownBy(() -> MultiFunctionDescriptor.builder().add(RELU, "main", "a").defaultFunction("b")
                .build()).hasMessageContaining("default function 'b' is not one of");
        assertThatThrownBy(() -> MultiFunctionDescriptor.builder().add(RELU, "main", "1a").build())
                .hasMessageContaining("not an identifier");
    }
}
