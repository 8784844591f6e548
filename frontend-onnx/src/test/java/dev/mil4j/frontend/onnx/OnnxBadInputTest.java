package dev.mil4j.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.InputType;
import dev.mil4j.core.diag.ConversionException;
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
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken or unsupported models: each stops with one clear error naming the place and the fix. */
class OnnxBadInputTest {
    private static final Converter CONVERTER = Converter.builder().plugin(new OnnxFrontendPlugin()).build();
    private static final ConvertOptions OPTIONS = ConvertOptions.builder().build();

    @TempDir
    Path dir;

    @Test
    void truncatedProtobuf() throws Exception {
        byte[] full = Files.readAllBytes(Fixtures.onnx("mlp"));
        Path cut = dir.resolve("mlp.onnx");
        Files.write(cut, Arrays.copyOf(full, 1000));
        assertThatThrownBy(() -> CONVERTER.load(cut, OPTIONS))
                .isInstanceOf(ConversionException.class)
                .hasMessage("""
                        error: ONNX model mlp.onnx is not a valid ONNX protobuf message (1000 bytes): While parsing \
                        a protocol message, the input ended unexpectedly in the middle of a field.  This could mean \
                        either that the input has been truncated or that an embedded message misreported its own \
                        length.
                          hint: the file is truncated or corrupt: export or download it again""");
    }

    @Test
    void emptyFileHasNoGraph() throws Exception {
        Path empty = dir.resolve("empty.onnx");
        Files.write(empty, new byte[0]);
        assertThatThrownBy(() -> CONVERTER.load(empty, OPTIONS))
                .hasMessage("""
                        error: ONNX model empty.onnx has no graph
                          hint: is it an ONNX model? an empty or foreign protobuf file parses as a model without a \
                        graph""");
    }

    @Test
    void nodeInputThatIsNeverProduced() {
        assertThatThrownBy(() -> CONVERTER.load(Fixtures.model("dangling.onnx"), OPTIONS))
                .hasMessage("""
                        error: input `missing` of ONNX node Add `add` is never produced: it is not a graph input, an \
                        initializer or an output of an earlier node
                          at onnx node `Add add` (dangling.onnx)
                          hint: the graph is incomplete; check the exporter""");
    }

    @Test
    void externalDataPathEscapingTheModelFolder() {
        assertThatThrownBy(() -> CONVERTER.load(Fixtures.model("external_escape.onnx"), OPTIONS))
                .hasMessage("""
                        error: initializer `w` points outside the model's folder: external data location \
                        `../outside.bin`
                          at onnx node `initializer w` (external_escape.onnx)
                          hint: external data files must be in the folder of external_escape.onnx or below it""");
    }

    @Test
    void externalDataOffsetBeyondTheFile() {
        assertThatThrownBy(() -> CONVERTER.load(Fixtures.model("external_bad_offset.onnx"), OPTIONS))
                .hasMessage("""
                        error: initializer `w` reads bytes [40, 88) of `external_data.bin`, but the file has 64 bytes
                          at onnx node `initializer w` (external_bad_offset.onnx)
                          hint: the external data file does not match the model""");
    }

    @Test
    void opsetNewerThanSupported() {
        assertThatThrownBy(() -> CONVERTER.load(Fixtures.model("opset22.onnx"), OPTIONS))
                .hasMessage("""
                        error: ONNX model opset22.onnx uses opset 22 of the default domain ai.onnx, newer than the \
                        newest supported, 21
                          hint: export the model with opset_version=21 or lower (for example \
                        torch.onnx.export(..., opset_version=21)), or convert it with onnx.version_converter""");
    }

    @Test
    void everyUnsupportedOpInOneError() {
        assertThatThrownBy(() -> CONVERTER.load(Fixtures.model("unsupported.onnx"), OPTIONS))
                .hasMessage("""
                        error: ONNX model unsupported.onnx uses 3 ops without a translation: `ConcatFromSequence` \
                        (domain ai.onnx, opset 13), `MyOp` (domain com.example, opset 1), `Unique` (domain ai.onnx, \
                        opset 13)
                          hint: a plugin can contribute translations (OnnxTranslations.contribution(domain, op, \
                        sinceVersion, translation)); `mil4j plugins` lists the installed ones
                          note: `ConcatFromSequence` (domain ai.onnx, opset 13): 2 nodes, `concat1`, `concat2`
                          note: `MyOp` (domain com.example, opset 1): 1 node, `my_op`
                          note: `Unique` (domain ai.onnx, opset 13): 1 node, `unique`""");
    }

    @Test
    void unknownUserInputName() {
        ConvertOptions opts = ConvertOptions.builder().input(InputType.parse("image:1x3")).build();
        assertThatThrownBy(() -> CONVERTER.load(Fixtures.onnx("mlp"), opts))
                .hasMessage("""
                        error: ONNX model mlp.onnx has no graph input named `image`
                          hint: its inputs are `input0`""");
    }

    @Test
    void unknownOutputName() {
        ConvertOptions opts = ConvertOptions.builder().output("logits").build();
        assertThatThrownBy(() -> CONVERTER.load(Fixtures.onnx("mlp"), opts))
                .hasMessage("""
                        error: ONNX model mlp.onnx has no value named `logits` to output
                          hint: its graph outputs are `output0`""");
    }

    /** Found by the fuzzing campaign: the frontend's type hints read {@code Cast.to} before the node's own check. */
    @Test
    void castWhoseToAttributeIsAGraph() throws Exception {
        TypeProto floats = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(TensorShapeProto.newBuilder()
                        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(2)))).build();
        ModelProto model = ModelProto.newBuilder().setIrVersion(7)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(13))
                .setGraph(GraphProto.newBuilder().setName("g")
                        .addInput(ValueInfoProto.newBuilder().setName("x").setType(floats))
                        .addOutput(ValueInfoProto.newBuilder().setName("y").setType(floats))
                        .addNode(NodeProto.newBuilder().setOpType("Cast").setName("cast").addInput("x").addOutput("y")
                                .addAttribute(AttributeProto.newBuilder().setName("to")
                                        .setType(AttributeProto.AttributeType.GRAPHS))))
                .build();
        Path file = dir.resolve("cast.onnx");
        Files.write(file, model.toByteArray());
        assertThatThrownBy(() -> CONVERTER.load(file, OPTIONS)).isInstanceOf(ConversionException.class)
                .hasMessageContaining("attribute `to` of ONNX node Cast `cast` is GRAPHS, expected INT")
                .hasMessageContaining("at onnx node `Cast cast` (cast.onnx)");
    }
}
