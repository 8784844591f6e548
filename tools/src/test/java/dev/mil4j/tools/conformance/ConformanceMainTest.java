package dev.mil4j.tools.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.mil4j.frontend.onnx.proto.GraphProto;
import dev.mil4j.frontend.onnx.proto.ModelProto;
import dev.mil4j.frontend.onnx.proto.NodeProto;
import dev.mil4j.frontend.onnx.proto.OperatorSetIdProto;
import dev.mil4j.frontend.onnx.proto.TensorProto;
import dev.mil4j.frontend.onnx.proto.TensorShapeProto;
import dev.mil4j.frontend.onnx.proto.TypeProto;
import dev.mil4j.frontend.onnx.proto.ValueInfoProto;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conformance runner on node tests written here in the generator's layout. */
class ConformanceMainTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void reportsPassesDtypeMismatchesAndCausesByOp() throws IOException {
        float[] a = {1, 2, 3};
        float[] b = {10, 20, 30};
        writeTest("test_add", "Add", 1, a, b, new float[] {11, 22, 33});
        writeTest("test_add_wrong", "Add", 1, a, b, new float[] {11, 22, 34});
        writeTest("test_frobnicate", "Frobnicate", 1, a, b, new float[] {0, 0, 0});
        writeTest("test_add_double", "Add", 11, a, b, new float[] {11, 22, 33});
        int code = ConformanceMain.run(new String[] {dir.toString(), "--heading", "unit test"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(report + err).isZero();
        assertThat(report).contains("**2 of 4 pass (50.0%)**", "| no translation of the op | 1 |",
                "| an output has wrong values | 1 |",
                "| Add | 3 | 2 | 0 | add_wrong (wrong values) |",
                "| test_add_wrong | wrong values | output 0: element 2 is 33.0, expected 34.0 |",
                "| test_frobnicate | no translation |");
    }

    /** A one-node test {@code z = op(x, y)} of ONNX element type {@code type} (1 float, 11 double). */
    private void writeTest(String name, String op, int type, float[] x, float[] y, float[] z) throws IOException {
        Path t = dir.resolve("node").resolve(name);
        Files.createDirectories(t.resolve("test_data_set_0"));
        GraphProto g = GraphProto.newBuilder().setName(name)
                .addNode(NodeProto.newBuilder().setOpType(op).addInput("x").addInput("y").addOutput("z"))
                .addInput(info("x", type, x.length)).addInput(info("y", type, y.length))
                .addOutput(info("z", type, z.length)).build();
        ModelProto m = ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).build();
        Files.write(t.resolve("model.onnx"), m.toByteArray());
        Files.write(t.resolve("test_data_set_0/input_0.pb"), tensor("x", type, x).toByteArray());
        Files.write(t.resolve("test_data_set_0/input_1.pb"), tensor("y", type, y).toByteArray());
        Files.write(t.resolve("test_data_set_0/output_0.pb"), tensor("z", type, z).toByteArray());
    }

    private static ValueInfoProto info(String name, int type, int n) {
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(type).setShape(TensorShapeProto.newBuilder()
                        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(n))))).build();
    }

    private static TensorProto tensor(String name, int type, float[] v) {
        ByteBuffer buf = ByteBuffer.allocate(v.length * (type == 11 ? 8 : 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            if (type == 11) {
                buf.putDouble(f);
            } else {
                buf.putFloat(f);
            }
        }
        return TensorProto.newBuilder().setName(name).setDataType(type).addDims(v.length)
                .setRawData(ByteString.copyFrom(buf.array())).build();
    }
}
