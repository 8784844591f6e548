package dev.mil4j.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.ir.Block;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.pass.common.Blocks;
import dev.mil4j.core.testing.Golden;
import dev.mil4j.core.text.MilPrinter;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.proto.GraphProto;
import dev.mil4j.frontend.onnx.proto.ModelProto;
import dev.mil4j.frontend.onnx.proto.NodeProto;
import dev.mil4j.frontend.onnx.proto.OperatorSetIdProto;
import dev.mil4j.frontend.onnx.proto.TensorProto;
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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code If} and {@code Loop} with nested graphs (made by make_control_flow_models.py: TorchScript exports with
 * data-dependent control flow, and onnx.helper models with scan outputs and a trip count input) become MIL
 * {@code cond} and {@code while_loop}: golden MIL text of the translation, and parity with ONNX Runtime after the
 * default pipeline.
 */
class OnnxControlFlowTest {
    private static final Converter CONVERTER = Converter.builder().plugin(new OnnxFrontendPlugin()).build();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"torch_if", "torch_loop", "loop_scan", "loop_while"})
    void translatesToVerifiedMil(String name) {
        Program program = CONVERTER.load(Fixtures.model(name + ".onnx"), ConvertOptions.builder().build());
        assertThat(Verifier.verify(program)).isEmpty();
        Golden.assertMatches(getClass(), "/golden/mil/" + name + ".mil", MilPrinter.eliding(16).format(program));
    }

    @Test
    void ifTakesEitherBranchLikeOnnxRuntime() {
        TensorValue x = TensorValue.ofFloats(Shape.of(2, 4), 0.5f, -1, 2, 0.25f, 1, -0.5f, 0.75f, 3);
        TensorValue minusX = TensorValue.ofFloats(Shape.of(2, 4), -0.5f, 1, -2, -0.25f, -1, 0.5f, -0.75f, -3);
        Program program = OrtParityTest.assertMatchesOnnxRuntime("control/torch_if positive",
                Fixtures.model("torch_if.onnx"), Map.of("input0", x));
        OrtParityTest.assertMatchesOnnxRuntime("control/torch_if negative", Fixtures.model("torch_if.onnx"),
                Map.of("input0", minusX));
        assertThat(opTypes(program)).contains("cond");
    }

    @Test
    void torchLoopsMatchOnnxRuntime() {
        Program program = OrtParityTest.assertMatchesOnnxRuntime("control/torch_loop",
                Fixtures.model("torch_loop.onnx"), Map.of());
        assertThat(opTypes(program)).filteredOn("while_loop"::equals).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 5})
    void loopWithScanOutputsMatchesOnnxRuntime(int trips) {
        Program program = OrtParityTest.assertMatchesOnnxRuntime("control/loop_scan n=" + trips,
                Fixtures.model("loop_scan.onnx"), Map.of("n", TensorValue.ofLongs(Shape.scalar(), trips)));
        assertThat(opTypes(program)).contains("while_loop", "cond", "list_write", "list_gather");
    }

    /**
     * The same loop with the body's output shapes erased: the scan outputs' element types come from a trial
     * translation of the body (dropped again) instead of the declarations.
     */
    @Test
    void scanOutputTypesComeFromTheBodyWhenItDeclaresNone() throws Exception {
        ModelProto model = OnnxFrontend.read(Fixtures.model("loop_scan.onnx"));
        ModelProto.Builder b = model.toBuilder();
        NodeProto.Builder loop = b.getGraphBuilder().getNodeBuilderList().stream()
                .filter(n -> n.getOpType().equals("Loop")).findFirst().orElseThrow();
        GraphProto.Builder body = loop.getAttributeBuilderList().stream().filter(a -> a.getName().equals("body"))
                .findFirst().orElseThrow().getGBuilder();
        for (ValueInfoProto.Builder out : body.getOutputBuilderList()) {
            out.getTypeBuilder().getTensorTypeBuilder().clearShape();
        }
        Path file = dir.resolve("loop_scan_undeclared.onnx");
        Files.write(file, b.build().toByteArray());
        Program program = OrtParityTest.assertMatchesOnnxRuntime("control/loop_scan undeclared n=3", file,
                Map.of("n", TensorValue.ofLongs(Shape.scalar(), 3)));
        assertThat(Verifier.verify(program)).isEmpty();
        // the trial body left nothing behind: one body's worth of ops
        assertThat(opTypes(program)).filteredOn("relu"::equals).hasSize(1);
    }

    @Test
    void ifBranchesOfDifferentShapesGiveTheTakenBranchsShape() throws Exception {
        GraphProto then = GraphProto.newBuilder().setName("then")
                .addNode(OnnxFunctionTest.node("Relu", "x", "r", "relu"))
                .addOutput(ValueInfoProto.newBuilder().setName("r")).build();
        GraphProto otherwise = GraphProto.newBuilder().setName("else")
                .addNode(OnnxFunctionTest.node("Transpose", "x", "t", "transpose"))
                .addOutput(ValueInfoProto.newBuilder().setName("t")).build();
        GraphProto graph = GraphProto.newBuilder().setName("g")
                .addInput(OnnxFunctionTest.input("x"))
                .addInput(OnnxFunctionTest.input("flag", TensorProto.DataType.BOOL))
                .addNode(NodeProto.newBuilder().setOpType("If").setName("branch").addInput("flag").addOutput("y")
                        .addAttribute(OnnxFunctionTest.graphAttribute("then_branch", then))
                        .addAttribute(OnnxFunctionTest.graphAttribute("else_branch", otherwise)))
                .addOutput(ValueInfoProto.newBuilder().setName("y")).build();
        Path file = dir.resolve("if_shapes.onnx");
        Files.write(file, ModelProto.newBuilder().setIrVersion(8).setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).build().toByteArray());
        Program program = CONVERTER.load(file, ConvertOptions.builder().build());
        assertThat(program.main().outputs().get(0).tensorType().shape().isStatic()).isFalse();
        TensorValue x = TensorValue.ofFloats(Shape.of(2, 3), -1, 2, -3, 4, -5, 6);
        TensorValue relu = CONVERTER.run(program, Map.of("x", x, "flag", TensorValue.ofBools(Shape.of(1), true))).get("y");
        TensorValue transposed = CONVERTER.run(program, Map.of("x", x, "flag", TensorValue.ofBools(Shape.of(1), false))).get("y");
        assertThat(relu.shape()).isEqualTo(Shape.of(2, 3));
        assertThat(relu.toDoubleArray()).containsExactly(0, 2, 0, 4, 0, 6);
        assertThat(transposed.shape()).isEqualTo(Shape.of(3, 2));
        assertThat(transposed.toDoubleArray()).containsExactly(-1, 4, 2, -5, -3, 6);
    }

    /** A loop-carried value growing by a row per iteration (no trip count): its block input gets a symbolic dim. */
    @Test
    void loopCarriedValueThatChangesShapeMatchesOnnxRuntime() {
        Program program = OrtParityTest.assertMatchesOnnxRuntime("control/loop_while", Fixtures.model(
                "loop_while.onnx"), Map.of());
        assertThat(Verifier.verify(program)).isEmpty();
        assertThat(program.main().outputs().get(0).tensorType().shape().dim(0).isKnown()).isFalse();
    }

    @Test
    void loopCarriedValueThatChangesRankIsRefusedWithTheReason() throws Exception {
        TensorProto axes = TensorProto.newBuilder().setName("axes").setDataType(TensorProto.DataType.INT64.getNumber())
                .addDims(1).addInt64Data(0).build();
        TensorProto trips = TensorProto.newBuilder().setName("trips")
                .setDataType(TensorProto.DataType.INT64.getNumber()).addInt64Data(2).build();
        GraphProto body = GraphProto.newBuilder().setName("body")
                .addInput(ValueInfoProto.newBuilder().setName("iter"))
                .addInput(ValueInfoProto.newBuilder().setName("cond_in"))
                .addInput(ValueInfoProto.newBuilder().setName("y"))
                .addInitializer(axes)
                .addNode(NodeProto.newBuilder().setOpType("Unsqueeze").setName("grow_rank").addInput("y")
                        .addInput("axes").addOutput("y2"))
                .addNode(OnnxFunctionTest.node("Identity", "cond_in", "cond_out", "keep_going"))
                .addOutput(ValueInfoProto.newBuilder().setName("cond_out"))
                .addOutput(ValueInfoProto.newBuilder().setName("y2")).build();
        GraphProto graph = GraphProto.newBuilder().setName("g")
                .addInput(OnnxFunctionTest.input("x"))
                .addInitializer(trips)
                .addNode(NodeProto.newBuilder().setOpType("Loop").setName("loop").addInput("trips").addInput("")
                        .addInput("x").addOutput("y")
                        .addAttribute(OnnxFunctionTest.graphAttribute("body", body)))
                .addOutput(ValueInfoProto.newBuilder().setName("y")).build();
        Path file = dir.resolve("loop_rank.onnx");
        Files.write(file, ModelProto.newBuilder().setIrVersion(8).setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).build().toByteArray());
        assertThatThrownBy(() -> CONVERTER.load(file, ConvertOptions.builder().build()))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("error: ONNX node Loop `loop`: loop-carried value `y` enters the body as "
                        + "fp32[2, 3] but leaves it as fp32[1, 2, 3]: MIL's while_loop needs every loop-carried "
                        + "value to keep its dtype and rank across iterations")
                .hasMessageContaining("at onnx node `Loop loop` (loop_rank.onnx)");
    }

    /** Every op type of a program, nested blocks included. */
    static List<String> opTypes(Program program) {
        List<String> out = new ArrayList<>();
        for (Block b : Blocks.all(program)) {
            for (Operation op : b.operations()) {
                out.add(op.type());
            }
        }
        return out;
    }

    @AfterAll
    static void printMeasured() {
        System.out.print(Numerics.report());
    }
}
