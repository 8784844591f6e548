package dev.mil4j.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.mil4j.spec.proto.CustomLayerParams;
import dev.mil4j.spec.proto.Model;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every .mlmodel coremltools made parses completely (no unknown field anywhere) and serializes back identically. */
class FixtureModelsTest {
    static Stream<Path> modelFiles() {
        List<Path> files = Fixtures.allModelFiles();
        assertThat(files).hasSizeGreaterThanOrEqualTo(12);
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("modelFiles")
    void parsesWithoutUnknownFieldsAndRoundTripsByteForByte(Path file) throws IOException {
        Model model = ModelFiles.readModel(file);

        List<String> unknown = new ArrayList<>();
        collectUnknownFields(model, "Model", unknown);
        assertThat(unknown).as("unknown fields in %s", file).isEmpty();
        assertThat(model.toByteArray()).as("re-serialized %s", file).isEqualTo(Files.readAllBytes(file));

        boolean inPackage = file.getFileName().toString().equals("model.mlmodel");
        assertThat(model.getTypeCase()).isEqualTo(inPackage ? Model.TypeCase.MLPROGRAM : Model.TypeCase.NEURALNETWORK);
        assertThat(model.getDescription().getInputCount()).isPositive();
        assertThat(model.getDescription().getOutputCount()).isPositive();
    }

    /** Walks every message of the tree, including repeated and map fields, and lists where unknown fields are. */
    static void collectUnknownFields(Message message, String path, List<String> out) {
        if (!message.getUnknownFields().asMap().isEmpty()) {
            out.add(path + " " + message.getDescriptorForType().getFullName() + " has unknown fields "
                    + message.getUnknownFields().asMap().keySet());
        }
        for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
            if (field.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            String name = path + "." + field.getKey().getName();
            if (field.getKey().isRepeated()) {
                List<?> values = (List<?>) field.getValue();
                for (int i = 0; i < values.size(); i++) {
                    collectUnknownFields((Message) values.get(i), name + "[" + i + "]", out);
                }
            } else {
                collectUnknownFields((Message) field.getValue(), name, out);
            }
        }
    }

    @Test
    void unknownFieldsAreFound() throws IOException {
        Model model = ModelFiles.readModel(Fixtures.coremltools().resolve("mlp.mlmodel"));
        Model withExtra = model.toBuilder().setUnknownFields(com.google.protobuf.UnknownFieldSet.newBuilder()
                .addField(9999, com.google.protobuf.UnknownFieldSet.Field.newBuilder().addVarint(1).build()).build())
                .build();
        List<String> unknown = new ArrayList<>();
        collectUnknownFields(withExtra, "Model", unknown);
        assertThat(unknown).singleElement().asString().contains("9999");
    }

    @Test
    void customLayerOfTheCustomTopKModel() throws IOException {
        Model model = ModelFiles.readModel(Fixtures.coremltools().resolve("topk_head_custom_topk.mlmodel"));

        assertThat(model.getSpecificationVersion()).isEqualTo(4);
        List<NeuralNetworkLayer> layers = model.getNeuralNetwork().getLayersList();
        assertThat(layers).extracting(NeuralNetworkLayer::getLayerCase).containsExactly(
                NeuralNetworkLayer.LayerCase.INNERPRODUCT, NeuralNetworkLayer.LayerCase.ACTIVATION,
                NeuralNetworkLayer.LayerCase.CUSTOM);
        CustomLayerParams custom = layers.get(2).getCustom();
        assertThat(custom.getClassName()).isEqualTo("CustomTopK");
        assertThat(custom.getDescription()).isEqualTo("Top K Custom layer");
        assertThat(custom.getParametersMap().get("k").getIntValue()).isEqualTo(5);
        assertThat(custom.getParametersMap().get("axis").getIntValue()).isEqualTo(-1);
        assertThat(custom.getParametersMap().get("sorted").getBoolValue()).isTrue();
    }

    @Test
    void mlProgramsTargetIos15() throws IOException {
        for (Path pkg : Fixtures.allPackages()) {
            Model model = MlPackage.read(pkg).model();
            assertThat(model.getSpecificationVersion()).as("%s", pkg).isEqualTo(6);
            assertThat(model.getMlProgram().getFunctionsMap()).as("%s", pkg).containsKey("main");
        }
    }
}
