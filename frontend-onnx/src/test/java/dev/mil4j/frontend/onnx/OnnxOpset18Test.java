package dev.mil4j.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.ir.Verifier;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opset 18 forms (axes of every reduction an input, {@code Split}'s {@code num_outputs} with a smaller last part),
 * which the onnx 1.12 of the fixture script cannot write: the model is built with our own proto classes.
 */
class OnnxOpset18Test {
    @TempDir
    Path dir;

    private static ValueInfoProto tensor(String name, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape)))
                .build();
    }

    @Test
    void reductionAxesInputAndUnevenSplit() throws Exception {
        GraphProto graph = GraphProto.newBuilder().setName("g")
                .addInput(tensor("s", 2, 6, 16))
                .addInitializer(TensorProto.newBuilder().setName("axes").setDataType(TensorProto.DataType.INT64_VALUE)
                        .addDims(1).addInt64Data(-1))
                .addNode(NodeProto.newBuilder().setOpType("ReduceMax").setName("rmax").addInput("s")
                        .addInput("axes").addOutput("rmax"))
                .addNode(NodeProto.newBuilder().setOpType("Split").setName("split").addInput("s")
                        .addOutput("p0").addOutput("p1").addOutput("p2")
                        .addAttribute(AttributeProto.newBuilder().setName("axis").setType(
                                AttributeProto.AttributeType.INT).setI(2))
                        .addAttribute(AttributeProto.newBuilder().setName("num_outputs").setType(
                                AttributeProto.AttributeType.INT).setI(3)))
                .addOutput(tensor("rmax", 2, 6, 1)).addOutput(tensor("p0")).addOutput(tensor("p1"))
                .addOutput(tensor("p2"))
                .build();
        ModelProto model = ModelProto.newBuilder().setIrVersion(8).setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(18)).build();
        Path file = dir.resolve("opset18.onnx");
        Files.write(file, model.toByteArray());
        Program program = Converter.builder().plugin(new OnnxFrontendPlugin()).build()
                .load(file, ConvertOptions.builder().build());
        assertThat(Verifier.verify(program)).isEmpty();
        assertThat(program.main().outputs()).extracting(Var::toString).containsExactly(
                "%rmax: fp32[2, 6, 1]", "%p0: fp32[2, 6, 6]", "%p1: fp32[2, 6, 6]", "%p2: fp32[2, 6, 4]");
    }
}
