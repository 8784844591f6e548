package dev.mil4j.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.proto.AttributeProto;
import dev.mil4j.frontend.onnx.proto.GraphProto;
import dev.mil4j.frontend.onnx.proto.ModelProto;
import dev.mil4j.frontend.onnx.proto.NodeProto;
import dev.mil4j.frontend.onnx.proto.OperatorSetIdProto;
import dev.mil4j.frontend.onnx.proto.TensorProto;
import dev.mil4j.frontend.onnx.proto.TensorShapeProto;
import dev.mil4j.frontend.onnx.proto.TypeProto;
import dev.mil4j.frontend.onnx.proto.ValueInfoProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Quantized ONNX graphs (the models of {@code testdata/onnx/wild} made by {@code make_quantized.py}) against ONNX
 * Runtime: constant 8-bit weights stay 8-bit as MIL constexpr ops on ML Programs of iOS16 and later, and fold into
 * float constants elsewhere; the integer ops give ONNX Runtime's integers exactly.
 */
class OnnxQuantizedTest {
    private static ConvertOptions target(String backend, Opset opset) {
        return ConvertOptions.builder().target(backend).minimumDeploymentTarget(opset).build();
    }

    /** "type dtype[shape]" of the data of each constexpr op. */
    private static List<String> constexprs(Program program) {
        List<String> out = new ArrayList<>();
        for (Operation op : program.main().body().operations()) {
            if (op.def().isConstexpr()) {
                String data = op.type().equals("constexpr_affine_dequantize") ? "quantized_data" : "data";
                out.add(op.type() + " " + op.requireInput(data).type());
            }
        }
        return out;
    }

    /**
     * PyTorch's quantized exports give a zero point as a {@code Constant} node, whose tensor holds its type (uint8):
     * the quantization range is that type's, as for an initializer.
     */
    @Test
    void aZeroPointFromAConstantNodeHasTheConstantsType(@TempDir Path dir) throws Exception {
        TensorProto zero = TensorProto.newBuilder().setDataType(TensorProto.DataType.UINT8_VALUE)
                .setRawData(ByteString.copyFrom(new byte[] {10})).build();
        TensorProto scale = TensorProto.newBuilder().setDataType(TensorProto.DataType.FLOAT_VALUE).addFloatData(0.1f)
                .setName("scale").build();
        GraphProto graph = GraphProto.newBuilder().setName("g")
                .addInput(ValueInfoProto.newBuilder().setName("x").setType(TypeProto.newBuilder().setTensorType(
                        TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE)
                                .setShape(TensorShapeProto.newBuilder().addDim(
                                        TensorShapeProto.Dimension.newBuilder().setDimValue(5))))))
                .addInitializer(scale)
                .addNode(NodeProto.newBuilder().setOpType("Constant").setName("zp").addOutput("zero")
                        .addAttribute(AttributeProto.newBuilder().setName("value")
                                .setType(AttributeProto.AttributeType.TENSOR).setT(zero)))
                .addNode(NodeProto.newBuilder().setOpType("QuantizeLinear").setName("q").addInput("x")
                        .addInput("scale").addInput("zero").addOutput("q"))
                .addNode(NodeProto.newBuilder().setOpType("DequantizeLinear").setName("dq").addInput("q")
                        .addInput("scale").addInput("zero").addOutput("y"))
                .addOutput(ValueInfoProto.newBuilder().setName("y")).build();
        Path file = dir.resolve("qdq.onnx");
        Files.write(file, ModelProto.newBuilder().setIrVersion(8).setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).build().toByteArray());
        Converter converter = Converter.builder().discoverPlugins().build();
        Program program = converter.load(file, ConvertOptions.builder().build());
        // round(x / 0.1) + 10 clipped to uint8's [0, 255], then (q - 10) * 0.1
        TensorValue y = converter.run(program, Map.of("x", TensorValue.ofFloats(Shape.of(5), 0.1f, 0.26f, -0.5f,
                -3f, 30f))).get("y");
        assertThat(y.toDoubleArray()).usingComparatorWithPrecision(1e-6)
                .containsExactly(0.1, 0.3, -0.5, -1.0, 24.5);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mlprogram | IOS15 | ''",
        "neuralnetwork | IOS16 | ''",
        "mlprogram | IOS16 | constexpr_affine_dequantize int8[4, 3, 3, 3];constexpr_affine_dequantize uint8[256, 10]",
        "mlprogram | IOS18 | constexpr_blockwise_shift_scale int8[4, 3, 3, 3];"
                + "constexpr_blockwise_shift_scale uint8[256, 10]"})
    void qdqWeightsStayEightBitWhereTheTargetAllows(String backend, Opset opset, String expected) {
        Program program = OrtParityTest.assertMatchesOnnxRuntime("wild/qdq_cnn " + opset,
                OnnxWildTest.wild("qdq_cnn"), Map.of(), target(backend, opset));
        assertThat(constexprs(program)).containsExactlyElementsOf(
                expected.isEmpty() ? List.of() : List.of(expected.split(";")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"IOS16 | ''", "IOS18 | constexpr_blockwise_shift_scale int8[8, 6]"})
    void blockedWeightsStayEightBitFromIos18AndFoldBefore(Opset opset, String expected) {
        Program program = OrtParityTest.assertMatchesOnnxRuntime("wild/qdq_blocked " + opset,
                OnnxWildTest.wild("qdq_blocked"), Map.of(), target("mlprogram", opset));
        assertThat(constexprs(program)).containsExactlyElementsOf(
                expected.isEmpty() ? List.of() : List.of(expected));
    }

    @ParameterizedTest
    @EnumSource(value = Opset.class, names = {"IOS15", "IOS18"})
    void blockedDequantizationOfRunTimeDataExpandsTheScale(Opset opset) {
        TensorValue q = TensorValue.ofInts(Shape.of(2, 4), -128, -3, 0, 5, 17, 100, 127, -64);
        OrtParityTest.assertMatchesOnnxRuntime("wild/opset21_blocked " + opset, OnnxWildTest.wild("opset21_blocked"),
                Map.of("q", q), target("mlprogram", opset));
    }

    @ParameterizedTest
    @EnumSource(value = Opset.class, names = {"IOS15", "IOS17"})
    void integerOpsGiveOnnxRuntimesIntegers(Opset opset) {
        OrtParityTest.assertMatchesOnnxRuntime("wild/integer_ops " + opset, OnnxWildTest.wild("integer_ops"),
                Map.of(), target("mlprogram", opset));
    }

    @AfterAll
    static void printMeasured() {
        System.out.print(Numerics.report());
    }
}
