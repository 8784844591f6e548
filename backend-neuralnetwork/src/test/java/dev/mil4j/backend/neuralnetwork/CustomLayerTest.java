package dev.mil4j.backend.neuralnetwork;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.backend.neuralnetwork.reader.NeuralNetworkReader;
import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.Binding;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.NnOps;
import dev.mil4j.spec.ModelFiles;
import dev.mil4j.spec.proto.CustomLayerParams;
import dev.mil4j.spec.proto.CustomLayerParams.CustomLayerParamValue;
import dev.mil4j.spec.proto.Model;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomLayerTest {
    private static final ConvertOptions OPTIONS = ConvertOptions.builder().target("neuralnetwork").build();
    private static final Binding BINDING = new Binding("MyCustomLayer", List.of("x"),
            List.of("flag", "count", "scale", "label"), List.of("table"), "a custom layer with every parameter kind");

    @TempDir
    Path dir;

    private static Program program(Binding binding, TensorValue scale, long count) {
        OpRegistry registry = TestPrograms.registry(new TestPrograms.MyCustomOp(binding));
        Program p = new Program();
        Builder b = TestPrograms.main(p, registry, Map.of("x", TensorType.of(DType.FP32, 2, 4)));
        Var x = b.function().inputs().get(0);
        Var h = NnOps.linear(b, x, b.constant(TestPrograms.weights(1, 4, 4)),
                Optional.of(b.constant(TestPrograms.weights(2, 4))));
        Var y = b.op("my_custom").name("custom_0").input("x", h)
                .input("flag", TensorValue.scalar(true))
                .input("count", TensorValue.fromLongs(DType.INT64, Shape.scalar(), count))
                .input("scale", scale)
                .input("label", TensorValue.scalar("top"))
                .input("table", TensorValue.ofFloats(Shape.of(3), 1.5f, -2f, 0.25f))
                .output();
        b.function().setOutputs(List.of(y));
        return p;
    }

    // the reader maps a custom layer back to the op bound to its class, parameters and weights as constants
    @Test
    void aCustomLayerReadsBackAsTheBoundOp() throws Exception {
        Path out = dir.resolve("custom.mlmodel");
        new NeuralNetworkBackend().write(program(BINDING, TensorValue.scalar(0.75f), 7), out, OPTIONS);
        OpRegistry registry = TestPrograms.registry(new TestPrograms.MyCustomOp(BINDING));
        Program read = NeuralNetworkReader.read(ModelFiles.readModel(out), registry, "custom.mlmodel");
        dev.mil4j.core.ir.Operation op = null;
        for (dev.mil4j.core.ir.Operation o : read.main().body().operations()) {
            op = o.type().equals("my_custom") ? o : op;
        }
        assertThat(op).isNotNull();
        var values = op.inferenceContext();
        assertThat(values.value("flag").orElseThrow().scalarBoolean()).isTrue();
        assertThat(values.value("count").orElseThrow().scalarLong()).isEqualTo(7);
        assertThat(values.value("scale").orElseThrow().scalarDouble()).isEqualTo(0.75);
        assertThat(values.value("label").orElseThrow().scalarString()).isEqualTo("top");
        assertThat(values.value("table").orElseThrow().toFloatArray()).containsExactly(1.5f, -2f, 0.25f);
        assertThat(op.output().name()).isEqualTo(read.main().outputs().get(0).name());

        assertThatThrownBy(() -> NeuralNetworkReader.read(ModelFiles.readModel(out), TestPrograms.registry(),
                "custom.mlmodel")).isInstanceOf(ConversionException.class)
                .hasMessageContaining("layer `custom_0` (custom) is a custom layer of class `MyCustomLayer`");
    }

    @Test
    void customOpBecomesCustomLayerWithExactParameterValues() throws Exception {
        Path out = dir.resolve("custom.mlmodel");
        new NeuralNetworkBackend().write(program(BINDING, TensorValue.scalar(0.75f), 7), out, OPTIONS);

        Model m = ModelFiles.readModel(out);
        assertThat(m.getSpecificationVersion()).isEqualTo(4);
        List<NeuralNetworkLayer> layers = m.getNeuralNetwork().getLayersList();
        assertThat(layers).extracting(l -> l.getLayerCase().name()).containsExactly("INNERPRODUCT", "CUSTOM");
        NeuralNetworkLayer custom = layers.get(1);
        assertThat(custom.getName()).isEqualTo("custom_0");
        assertThat(custom.getInputList()).containsExactly(layers.get(0).getOutput(0));
        CustomLayerParams c = custom.getCustom();
        assertThat(c.getClassName()).isEqualTo("MyCustomLayer");
        assertThat(c.getDescription()).isEqualTo("a custom layer with every parameter kind");
        assertThat(c.getParametersMap()).containsOnly(
                Map.entry("flag", CustomLayerParamValue.newBuilder().setBoolValue(true).build()),
                Map.entry("count", CustomLayerParamValue.newBuilder().setIntValue(7).build()),
                Map.entry("scale", CustomLayerParamValue.newBuilder().setDoubleValue(0.75).build()),
                Map.entry("label", CustomLayerParamValue.newBuilder().setStringValue("top").build()));
        assertThat(c.getWeightsList()).hasSize(1);
        assertThat(c.getWeights(0).getFloatValueList()).containsExactly(1.5f, -2f, 0.25f);
    }

    @Test
    void integerParameterBeyondInt32IsLongValueAndBlankClassNameIsTheOpName() {
        Binding unnamed = new Binding("", List.of("x"), List.of("count"), "");
        Model m = new NeuralNetworkBackend().toModel(program(unnamed, TensorValue.scalar(1f), 1L << 40), OPTIONS);
        CustomLayerParams c = m.getNeuralNetwork().getLayers(1).getCustom();
        assertThat(c.getClassName()).isEqualTo("my_custom");
        assertThat(c.getParametersMap().get("count")).isEqualTo(
                CustomLayerParamValue.newBuilder().setLongValue(1L << 40).build());
    }

    @Test
    void parameterOfAnotherTypeIsAnErrorNamingOpAndParameter() {
        Program p = program(BINDING, TensorValue.ofFloats(Shape.of(2), 1f, 2f), 7);
        List<Diagnostic> diags = new NeuralNetworkBackend().check(p, OPTIONS);
        assertThat(diags).hasSize(1);
        assertThat(diags.get(0).render())
                .contains("custom op `my_custom` parameter `scale` must be a scalar, got fp32[2]")
                .contains("custom_0");
    }

    @Test
    void emptyInputOrderIsAnError() throws Exception {
        Binding noInputs = new Binding("MyCustomLayer", List.of(), List.of(), "");
        Path out = dir.resolve("none.mlmodel");
        assertThatThrownBy(() -> new NeuralNetworkBackend().write(program(noInputs, TensorValue.scalar(1f), 1), out,
                OPTIONS))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("custom op `my_custom` has an empty input order in its binding");
        assertThat(Files.exists(out)).isFalse();
    }
}
