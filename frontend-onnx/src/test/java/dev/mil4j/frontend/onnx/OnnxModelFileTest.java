package dev.mil4j.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.proto.GraphProto;
import dev.mil4j.frontend.onnx.proto.ModelProto;
import dev.mil4j.frontend.onnx.proto.NodeProto;
import dev.mil4j.frontend.onnx.proto.OperatorSetIdProto;
import dev.mil4j.frontend.onnx.proto.TensorProto;
import dev.mil4j.frontend.onnx.proto.TensorShapeProto;
import dev.mil4j.frontend.onnx.proto.TypeProto;
import dev.mil4j.frontend.onnx.proto.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a model file: the initializers' raw data are views of the file's mapping (no copy), equal to what was
 * written; bytes that were not parsed from the file are their own; a cut file is still a clear error.
 */
class OnnxModelFileTest {
    private static final Converter CONVERTER = Converter.builder().plugin(new OnnxFrontendPlugin()).build();

    @TempDir
    Path dir;

    @Test
    void rawDataIsAReadOnlyLittleEndianViewOfTheMappedFile() throws Exception {
        float[] weights = {1.5f, -2f, 0.25f, 3f, 1e-3f, -7f};
        Path file = write(model(weights));
        OnnxModelFile read = OnnxModelFile.read(file);
        TensorProto w = read.proto().getGraph().getInitializer(0);

        ByteBuffer raw = read.bytes(w.getRawData());

        assertThat(raw.isDirect()).as("a view of the file's mapping").isTrue();
        assertThat(raw.isReadOnly()).isTrue();
        assertThat(raw.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        assertThat(raw.remaining()).isEqualTo(4 * weights.length);
        float[] back = new float[weights.length];
        raw.asFloatBuffer().get(back);
        assertThat(back).containsExactly(weights);
        // the view is the file's bytes at the field's place
        byte[] bytes = Files.readAllBytes(file);
        byte[] viewed = new byte[raw.remaining()];
        raw.duplicate().get(viewed);
        assertThat(indexOf(bytes, viewed)).isPositive();
    }

    @Test
    void aConvertedInitializerIsTheFileView() throws Exception {
        float[] weights = {1.5f, -2f, 0.25f, 3f, 1e-3f, -7f};
        Program program = CONVERTER.load(write(model(weights)), ConvertOptions.builder().build());

        TensorValue value = StreamSupport.stream(program.main().body().operations().spliterator(), false)
                .filter(op -> op.type().equals("const")).map(OnnxModelFileTest::constValue)
                .filter(v -> v.elementCount() == weights.length).findFirst().orElseThrow();

        assertThat(value.buffer().isDirect()).isTrue();
        assertThat(value.toFloatArray()).containsExactly(weights);
    }

    @Test
    void bytesNotParsedFromTheFileAreTheirOwn() throws Exception {
        OnnxModelFile read = OnnxModelFile.read(write(model(new float[] {1f, 2f})));
        ByteString own = ByteString.copyFrom(new byte[] {1, 2, 3, 4});
        ByteString rope = own.concat(ByteString.copyFrom(new byte[] {5, 6, 7, 8}));

        ByteBuffer b = read.bytes(own);
        ByteBuffer r = read.bytes(rope);

        assertThat(b.isDirect()).isFalse();
        assertThat(b.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(0)).isEqualTo(0x04030201);
        assertThat(r.remaining()).isEqualTo(8);
        assertThat(r.getInt(4)).isEqualTo(0x08070605);
    }

    @Test
    void aFileCutInsideTheWeightsIsAClearError() throws Exception {
        float[] weights = new float[1000];
        Arrays.fill(weights, 0.5f);
        Path file = write(model(weights));
        byte[] full = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(full, full.length - 100));

        assertThatThrownBy(() -> OnnxModelFile.read(file))
                .isInstanceOf(ConversionException.class)
                .hasMessageStartingWith("error: ONNX model model.onnx is not a valid ONNX protobuf message ("
                        + (full.length - 100) + " bytes): While parsing a protocol message, the input ended "
                        + "unexpectedly in the middle of a field.")
                .hasMessageContaining("hint: the file is truncated or corrupt: export or download it again");
    }

    @Test
    void aMissingFileIsAClearError() {
        assertThatThrownBy(() -> OnnxModelFile.read(dir.resolve("absent.onnx")))
                .isInstanceOf(ConversionException.class)
                .hasMessageStartingWith("error: cannot read ONNX model absent.onnx: ")
                .hasMessageContaining("NoSuchFileException");
    }

    private Path write(ModelProto model) throws Exception {
        Path file = dir.resolve("model.onnx");
        Files.write(file, model.toByteArray());
        return file;
    }

    /** y = x + w, with w an fp32 initializer in raw_data. */
    private static ModelProto model(float[] weights) {
        ByteBuffer raw = ByteBuffer.allocate(4 * weights.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(weights);
        TensorProto w = TensorProto.newBuilder().setName("w").setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addDims(weights.length).setRawData(ByteString.copyFrom(raw)).build();
        GraphProto graph = GraphProto.newBuilder().setName("g")
                .addInput(vector("x", weights.length)).addOutput(vector("y", weights.length))
                .addInitializer(w)
                .addNode(NodeProto.newBuilder().setOpType("Add").setName("add").addInput("x").addInput("w")
                        .addOutput("y"))
                .build();
        return ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(graph).build();
    }

    private static ValueInfoProto vector(String name, int n) {
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(
                        TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(n)))))
                .build();
    }

    private static TensorValue constValue(Operation op) {
        return op.attribute("val").orElseThrow();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}
