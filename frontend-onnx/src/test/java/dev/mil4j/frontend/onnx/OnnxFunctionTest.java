package dev.mil4j.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.testing.Golden;
import dev.mil4j.core.text.MilPrinter;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.proto.AttributeProto;
import dev.mil4j.frontend.onnx.proto.FunctionProto;
import dev.mil4j.frontend.onnx.proto.GraphProto;
import dev.mil4j.frontend.onnx.proto.ModelProto;
import dev.mil4j.frontend.onnx.proto.NodeProto;
import dev.mil4j.frontend.onnx.proto.OperatorSetIdProto;
import dev.mil4j.frontend.onnx.proto.TensorProto;
import dev.mil4j.frontend.onnx.proto.TensorShapeProto;
import dev.mil4j.frontend.onnx.proto.TypeProto;
import dev.mil4j.frontend.onnx.proto.ValueInfoProto;
import dev.mil4j.interpreter.Interpreter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model-local functions ({@code ModelProto.functions}) are inlined at their call sites with their attribute
 * references resolved; unsupported ops anywhere (subgraphs and function bodies included) are listed in one error.
 */
class OnnxFunctionTest {
    private static final Converter CONVERTER = Converter.builder().plugin(new OnnxFrontendPlugin()).build();

    @TempDir
    Path dir;

    @Test
    void localFunctionsAreInlinedWithTheirCallersAttributes() {
        Program program = CONVERTER.load(Fixtures.model("function_local.onnx"), ConvertOptions.builder().build());
        assertThat(Verifier.verify(program)).isEmpty();
        Golden.assertMatches(getClass(), "/golden/mil/function_local.mil", MilPrinter.eliding(16).format(program));
        // Scale once directly and once per Block: three mul/add pairs; Block's Relu and Tanh twice
        assertThat(OnnxControlFlowTest.opTypes(program)).filteredOn("mul"::equals).hasSize(3);
        assertThat(OnnxControlFlowTest.opTypes(program)).filteredOn("tanh"::equals).hasSize(2);
    }

    @Test
    void localFunctionsMatchOnnxRuntime() {
        OrtParityTest.assertMatchesOnnxRuntime("function/function_local", Fixtures.model("function_local.onnx"),
                Map.of());
    }

    @Test
    void attributeDefaultsOfAFunctionApplyWhereTheCallOmitsThem() {
        // `scale` defaults to 3 (IR 9's attribute_proto); `slope` has no default, so LeakyRelu's 0.01 applies
        TensorValue x = TensorValue.ofFloats(Shape.of(2, 6), -2, -1, -0.5f, 0, 0.5f, 1, 2, 3, -3, 4, -4, 0.25f);
        Program program = OrtParityTest.assertMatchesOnnxRuntime("function/function_defaults",
                Fixtures.model("function_defaults.onnx"), Map.of("x", x));
        Map<String, TensorValue> out = new Interpreter(CONVERTER.plugins().kernels()).run(program,
                Map.of(program.main().inputs().get(0).name(), x));
        assertThat(Arrays.copyOf(out.get("defaults").toFloatArray(), 6))
                .containsExactly(new float[] {-0.06f, -0.03f, -0.015f, 0f, 1.5f, 3f}, within(1e-6f));
        assertThat(Arrays.copyOf(out.get("given").toFloatArray(), 6))
                .containsExactly(new float[] {-0.2f, -0.1f, -0.05f, 0f, 0.25f, 0.5f}, within(1e-6f));
    }

    @Test
    void unsupportedOpsInSubgraphsAndFunctionBodiesAreListedInOneError() throws Exception {
        GraphProto then = GraphProto.newBuilder().setName("then")
                .addNode(node("Unique", "x", "h", "unique_in_then"))
                .addOutput(ValueInfoProto.newBuilder().setName("h")).build();
        GraphProto otherwise = GraphProto.newBuilder().setName("else")
                .addNode(node("Relu", "x", "r", "relu_in_else"))
                .addOutput(ValueInfoProto.newBuilder().setName("r")).build();
        FunctionProto f = FunctionProto.newBuilder().setName("Odd").setDomain("local.fn").addInput("X")
                .addOutput("Y").addNode(node("ConcatFromSequence", "X", "Y", "concat_in_function"))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).build();
        GraphProto graph = GraphProto.newBuilder().setName("g")
                .addInput(input("x"))
                .addInput(input("flag", TensorProto.DataType.BOOL))
                .addNode(NodeProto.newBuilder().setOpType("If").setName("branch").addInput("flag").addOutput("y")
                        .addAttribute(graphAttribute("then_branch", then))
                        .addAttribute(graphAttribute("else_branch", otherwise)))
                .addNode(NodeProto.newBuilder().setOpType("Odd").setDomain("local.fn").setName("odd")
                        .addInput("y").addOutput("z"))
                .addOutput(ValueInfoProto.newBuilder().setName("z")).build();
        ModelProto model = ModelProto.newBuilder().setIrVersion(8).setGraph(graph).addFunctions(f)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("local.fn").setVersion(1)).build();
        Path file = dir.resolve("nested_unsupported.onnx");
        Files.write(file, model.toByteArray());
        assertThatThrownBy(() -> CONVERTER.load(file, ConvertOptions.builder().build()))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("uses 2 ops without a translation: `ConcatFromSequence` (domain ai.onnx, opset "
                        + "13), `Unique` (domain ai.onnx, opset 13)")
                .hasMessageContaining("`ConcatFromSequence` (domain ai.onnx, opset 13): 1 node, "
                        + "`odd/Odd/concat_in_function`")
                .hasMessageContaining("`Unique` (domain ai.onnx, opset 13): 1 node, "
                        + "`branch/then_branch/unique_in_then`");
    }

    @Test
    void aFunctionCallingItselfIsRefused() throws Exception {
        FunctionProto f = FunctionProto.newBuilder().setName("Again").setDomain("local.fn").addInput("X")
                .addOutput("Y").addNode(NodeProto.newBuilder().setOpType("Again").setDomain("local.fn")
                        .addInput("X").addOutput("Y"))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("local.fn").setVersion(1)).build();
        GraphProto graph = GraphProto.newBuilder().setName("g").addInput(input("x"))
                .addNode(NodeProto.newBuilder().setOpType("Again").setDomain("local.fn").setName("call")
                        .addInput("x").addOutput("y"))
                .addOutput(ValueInfoProto.newBuilder().setName("y")).build();
        ModelProto model = ModelProto.newBuilder().setIrVersion(8).setGraph(graph).addFunctions(f)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("local.fn").setVersion(1)).build();
        Path file = dir.resolve("recursive.onnx");
        Files.write(file, model.toByteArray());
        assertThatThrownBy(() -> CONVERTER.load(file, ConvertOptions.builder().build()))
                .hasMessageContaining("error: local function `local.fn::Again` of ONNX model recursive.onnx calls "
                        + "itself (local.fn::Again -> local.fn::Again), which cannot be inlined");
    }

    static NodeProto node(String op, String in, String out, String name) {
        return NodeProto.newBuilder().setOpType(op).setName(name).addInput(in).addOutput(out).build();
    }

    static AttributeProto graphAttribute(String name, GraphProto g) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.GRAPH).setG(g).build();
    }

    static ValueInfoProto input(String name) {
        return input(name, TensorProto.DataType.FLOAT);
    }

    static ValueInfoProto input(String name, TensorProto.DataType type) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        if (type == TensorProto.DataType.FLOAT) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(2))
                    .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(3));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape))).build();
    }

    @AfterAll
    static void printMeasured() {
        System.out.print(Numerics.report());
    }
}
