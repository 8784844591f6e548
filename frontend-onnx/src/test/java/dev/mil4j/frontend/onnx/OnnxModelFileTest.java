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
import com.google.protobuf.UnknownFieldSet;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a model file: the main graph's large initializers are views of the file's mapping (no copy), equal to what
 * was written, and the parsed structure holds none of their bytes; small ones and files the scan does not take are
 * read whole; a cut or forged file is still a clear error or read as protobuf reads it.
 */
class OnnxModelFileTest {
    private static final Converter CONVERTER = Converter.builder().plugin(new OnnxFrontendPlugin()).build();
    /** Enough floats for a view ({@link OnnxWeightScan#MIN_VIEWED} bytes and more). */
    private static final int LARGE = 3000;
    /** Enough floats for a model file that is mapped ({@link OnnxModelFile#MAP_FROM} bytes and more). */
    private static final int MAPPED = 300_000;

    @TempDir
    Path dir;

    @Test
    void largeRawDataIsAReadOnlyLittleEndianViewOfTheMappedFile() throws Exception {
        float[] weights = floats(LARGE);
        Path file = write(model(weights).toByteArray());
        OnnxModelFile read = OnnxModelFile.read(file, true, 0);
        TensorProto w = read.proto().getGraph().getInitializer(0);

        ByteBuffer raw = read.rawData(w);

        assertThat(w.getRawData().size()).as("the parsed structure holds no weight bytes").isZero();
        assertThat(raw.isDirect()).as("a view of the file's mapping").isTrue();
        assertThat(raw.isReadOnly()).isTrue();
        assertThat(raw.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        assertThat(floatsOf(raw)).isEqualTo(weights);
    }

    @Test
    void aConvertedInitializerIsTheFileView() throws Exception {
        float[] weights = floats(MAPPED);
        Program program = CONVERTER.load(write(model(weights).toByteArray()), ConvertOptions.builder().build());

        TensorValue value = StreamSupport.stream(program.main().body().operations().spliterator(), false)
                .filter(op -> op.type().equals("const")).map(OnnxModelFileTest::constValue)
                .filter(v -> v.elementCount() == weights.length).findFirst().orElseThrow();

        assertThat(value.buffer().isDirect()).isTrue();
        assertThat(value.toFloatArray()).isEqualTo(weights);
    }

    @Test
    void smallRawDataIsCopiedWithTheStructure() throws Exception {
        float[] weights = {1.5f, -2f, 0.25f};
        OnnxModelFile read = OnnxModelFile.read(write(model(weights).toByteArray()), true, 0);
        TensorProto w = read.proto().getGraph().getInitializer(0);

        ByteBuffer raw = read.rawData(w);

        assertThat(raw.isDirect()).isFalse();
        assertThat(floatsOf(raw)).isEqualTo(weights);
    }

    @Test
    void aFileUnderTheMappingSizeIsReadIntoTheHeapWhole() throws Exception {
        float[] weights = floats(LARGE);
        OnnxModelFile read = OnnxModelFile.read(write(model(weights).toByteArray()));
        TensorProto w = read.proto().getGraph().getInitializer(0);

        ByteBuffer raw = read.rawData(w);

        assertThat(w.getRawData().size()).isEqualTo(4 * LARGE);
        assertThat(raw.isDirect()).isFalse();
        assertThat(floatsOf(raw)).isEqualTo(weights);
    }

    @Test
    void theWholeFileParsedHasEveryFieldAsWrittenWithViewsOfTheFile() throws Exception {
        float[] weights = floats(LARGE);
        ModelProto model = model(weights);
        OnnxModelFile read = OnnxModelFile.read(write(model.toByteArray()), false, 0);

        assertThat(read.proto()).isEqualTo(model);
        ByteBuffer raw = read.bytes(read.proto().getGraph().getInitializer(0).getRawData());
        assertThat(raw.isDirect()).isTrue();
        assertThat(floatsOf(raw)).isEqualTo(weights);
    }

    @Test
    void aTensorWithTwoRawDataFieldsIsReadAsProtobufReadsIt() throws Exception {
        float[] first = floats(LARGE);
        float[] last = new float[LARGE];
        Arrays.fill(last, 7f);
        ModelProto model = model(first);
        // raw_data again at the end of the initializer: the last one counts
        byte[] bytes = withExtraTensorField(model, 9, rawBytes(last));

        OnnxModelFile read = OnnxModelFile.read(write(bytes), true, 0);

        assertThat(floatsOf(read.rawData(read.proto().getGraph().getInitializer(0)))).isEqualTo(last);
    }

    @Test
    void aMarkWrittenInTheFileIsNotTakenForOne() throws Exception {
        float[] weights = floats(LARGE);
        ModelProto model = model(weights);
        // a forged mark naming the first 4 * LARGE bytes of the file: the scan gives up, the raw data counts
        ByteArrayOutputStream mark = new ByteArrayOutputStream();
        mark.write(new byte[8], 0, 8);
        mark.write(0);
        mark.write(new byte[] {(byte) 0xE0, (byte) 0x5D}, 0, 2);
        byte[] bytes = withExtraTensorField(model, OnnxWeightScan.MARK, mark.toByteArray());

        OnnxModelFile read = OnnxModelFile.read(write(bytes), true, 0);
        TensorProto w = read.proto().getGraph().getInitializer(0);

        assertThat(w.getUnknownFields().hasField(OnnxWeightScan.MARK)).isTrue();
        assertThat(floatsOf(read.rawData(w))).isEqualTo(weights);
    }

    @Test
    void aMarkOfAnotherScanIsRefused() {
        ByteBuffer ours = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 42L);
        ours.put(8, (byte) 3).put(9, (byte) 4);
        assertThat(OnnxWeightScan.range(ours, 43L, 100)).as("another nonce").isNull();
        assertThat(OnnxWeightScan.range(ours, 42L, 100)).containsExactly(3, 4);
        assertThat(OnnxWeightScan.range(ours, 42L, 6)).as("beyond the file").isNull();
    }

    @Test
    void everyCutOfAFileIsAClearErrorOrAModel() throws Exception {
        byte[] full = model(floats(LARGE)).toByteArray();
        // at every byte of the structure before and after the initializer's raw data, in steps through the raw data
        for (int cut = 0; cut < full.length; cut += cut < 120 || cut > full.length - 160 ? 1 : 401) {
            Path file = write(Arrays.copyOf(full, cut), "cut" + cut + ".onnx");
            try {
                OnnxModelFile read = OnnxModelFile.read(file, true, 0);
                assertThat(read.proto().hasGraph()).isTrue();
            } catch (ConversionException e) {
                assertThat(e.getMessage()).as("cut at %d", cut).containsAnyOf(
                        "is not a valid ONNX protobuf message (" + cut + " bytes)", "has no graph");
            }
        }
    }

    /**
     * A length whose ten-byte varint has the top bit set is negative as a {@code long}; the scan once took it as a
     * length and stepped back to the field's tag, reading it again forever. Here at each level of the scan's path:
     * a field of the model, of the graph and of an initializer whose length steps back over its own tag.
     */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a regression hangs; fail it instead
    void aNegativeLengthIsAClearErrorNotAnEndlessScan() throws Exception {
        byte[][] files = {
                concat(new byte[] {0x0a}, negativeVarint(11)), // model field 1 (ir_version's neighbour), LEN
                concat(new byte[] {0x3a, 0x0d, 0x12}, negativeVarint(11), new byte[] {0x00, 0x00}), // graph field 2
                concat(new byte[] {0x3a, 0x0f, 0x2a, 0x0d, 0x4a}, negativeVarint(11), new byte[] {0x00, 0x00}),
        };
        for (int i = 0; i < files.length; i++) {
            Path file = write(files[i], "negative" + i + ".onnx");
            assertThatThrownBy(() -> OnnxModelFile.read(file)).as("file %d", i)
                    .isInstanceOf(ConversionException.class)
                    .hasMessageContaining("is not a valid ONNX protobuf message");
        }
    }

    /** The ten-byte varint of {@code -back}: as a length, it points {@code back} bytes before its end. */
    private static byte[] negativeVarint(long back) {
        long v = -back;
        byte[] out = new byte[10];
        for (int i = 0; i < 10; i++) {
            out[i] = (byte) ((v & 0x7f) | (i < 9 ? 0x80 : 0));
            v >>>= 7;
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Test
    void aFileCutInsideTheWeightsIsAClearError() throws Exception {
        byte[] full = model(floats(LARGE)).toByteArray();
        Path file = write(Arrays.copyOf(full, full.length - 100));

        assertThatThrownBy(() -> OnnxModelFile.read(file, true, 0))
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

    @Test
    void bytesNotParsedFromTheFileAreTheirOwn() throws Exception {
        OnnxModelFile read = OnnxModelFile.read(write(model(floats(LARGE)).toByteArray()), false, 0);
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

    private Path write(byte[] bytes) throws Exception {
        return write(bytes, "model.onnx");
    }

    private Path write(byte[] bytes, String name) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    /** The model with one more length-delimited field at the end of its (only) initializer. */
    private static byte[] withExtraTensorField(ModelProto model, int field, byte[] value) {
        TensorProto w = model.getGraph().getInitializer(0);
        UnknownFieldSet extra = UnknownFieldSet.newBuilder().addField(field,
                UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFrom(value)).build()).build();
        TensorProto changed = w.toBuilder().setUnknownFields(extra).build();
        return model.toBuilder().setGraph(model.getGraph().toBuilder().setInitializer(0, changed)).build()
                .toByteArray();
    }

    private static float[] floats(int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (i % 17 - 8) * 0.125f;
        }
        return f;
    }

    private static byte[] rawBytes(float[] weights) {
        ByteBuffer raw = ByteBuffer.allocate(4 * weights.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(weights);
        return raw.array();
    }

    private static float[] floatsOf(ByteBuffer raw) {
        float[] back = new float[raw.remaining() / 4];
        raw.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(back);
        return back;
    }

    /** y = x + w, with w an fp32 initializer in raw_data. */
    private static ModelProto model(float[] weights) {
        TensorProto w = TensorProto.newBuilder().setName("w").setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addDims(weights.length).setRawData(ByteString.copyFrom(rawBytes(weights))).build();
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
}
