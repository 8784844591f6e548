package dev.mil4j.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.pass.PassManager;
import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.proto.ModelProto;
import dev.mil4j.frontend.onnx.proto.NodeProto;
import dev.mil4j.interpreter.Interpreter;
import dev.mil4j.interpreter.npy.Npy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ONNX {@code LSTM}, {@code GRU} and {@code RNN} ({@code testdata/onnx/recurrent}, made by its
 * {@code make_recurrent.py}): torch exports (several layers, bidirectional, batch-first, with and without initial
 * states) against PyTorch's recorded outputs, onnx.helper nodes with the attributes torch does not write against
 * ONNX Runtime (layout 1, which ONNX Runtime refuses, against ONNX's numpy reference recorded by the script), and
 * the diagnostics of what is refused.
 */
class OnnxRecurrentTest {
    private static final Converter CONVERTER = Converter.builder().plugin(new OnnxFrontendPlugin()).build();

    private static Path model(String name) {
        return TestData.path("onnx/recurrent/" + name + ".onnx");
    }

    @ParameterizedTest
    @ValueSource(strings = {"torch_lstm_bi2", "torch_lstm_bi2_state", "torch_gru_bf2", "torch_rnn_relu_bi_bf",
        "torch_gru_bi_nobias", "helper_lstm_layout1_peep", "helper_gru_lbr1_layout1"})
    void matchesRecordedOutputs(String name) throws IOException {
        Program program = CONVERTER.load(model(name), ConvertOptions.builder().build());
        PassManager.of(CONVERTER.plugins().passes(), CONVERTER.plugins().ops())
                .run(program, CONVERTER.plugins().passes().pipeline("default"));
        Map<String, TensorValue> feeds = new LinkedHashMap<>();
        List<Var> inputs = program.main().inputs();
        for (int i = 0; i < inputs.size(); i++) {
            feeds.put(inputs.get(i).name(), recorded(name, "input", i));
        }
        Map<String, TensorValue> out = new Interpreter(CONVERTER.plugins().kernels()).run(program, feeds);
        List<TensorValue> actual = new ArrayList<>();
        List<TensorValue> expected = new ArrayList<>();
        for (int j = 0; j < program.main().outputs().size(); j++) {
            actual.add(out.get(program.main().outputs().get(j).name()));
            expected.add(recorded(name, "output", j));
        }
        assertThat(expected).as("recorded outputs of %s", name).isNotEmpty();
        Numerics.assertClose("recorded/" + name, actual, expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"helper_lstm_reverse_forget_clip", "helper_lstm_bi_activations", "helper_gru_bi_lbr0",
        "helper_rnn_reverse_nobias",
        "helper_rnn_weights_as_inputs", "helper_gru_weights_as_inputs"})
    void attributeVariantMatchesOnnxRuntime(String name) {
        OrtParityTest.assertMatchesOnnxRuntime("recurrent/" + name, model(name));
    }

    @Test
    void raggedSequenceLengthsAreRefusedNamingTheNode(@TempDir Path dir) throws IOException {
        ModelProto m = read(model("helper_lstm_reverse_forget_clip"));
        ModelProto.Builder b = m.toBuilder();
        var lens = b.getGraphBuilder().getInitializerBuilderList().stream()
                .filter(t -> t.getName().equals("sequence_lens")).findFirst().orElseThrow();
        lens.setRawData(com.google.protobuf.ByteString.copyFrom(new byte[] {3, 0, 0, 0, 2, 0, 0, 0}));
        Path ragged = write(dir.resolve("ragged.onnx"), b.build());
        assertThatThrownBy(() -> CONVERTER.load(ragged, ConvertOptions.builder().build()))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("helper_lstm_reverse_forget_clip")
                .hasMessageContaining("sequence_lens [3, 2]")
                .hasMessageContaining("ragged batches are not supported");
    }

    @Test
    void unknownActivationIsRefusedListingTheSupportedOnes(@TempDir Path dir) throws IOException {
        ModelProto.Builder b = read(model("helper_rnn_reverse_nobias")).toBuilder();
        NodeProto.Builder node = b.getGraphBuilder().getNodeBuilder(0);
        for (var a : node.getAttributeBuilderList()) {
            if (a.getName().equals("activations")) {
                a.setStrings(0, com.google.protobuf.ByteString.copyFromUtf8("Gelu"));
            }
        }
        Path bad = write(dir.resolve("gelu.onnx"), b.build());
        assertThatThrownBy(() -> CONVERTER.load(bad, ConvertOptions.builder().build()))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("uses the activation `Gelu`")
                .hasMessageContaining("hardsigmoid");
    }

    private static TensorValue recorded(String name, String kind, int i) throws IOException {
        return Npy.read(TestData.path("onnx/recurrent/" + name + "." + kind + i + ".npy"));
    }

    private static ModelProto read(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return ModelProto.parseFrom(in);
        }
    }

    private static Path write(Path p, ModelProto m) throws IOException {
        try (OutputStream out = Files.newOutputStream(p)) {
            m.writeTo(out);
        }
        return p;
    }

    @AfterAll
    static void printMeasured() {
        System.out.print(Numerics.report());
    }
}
