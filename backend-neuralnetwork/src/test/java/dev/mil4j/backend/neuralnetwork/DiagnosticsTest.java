package dev.mil4j.backend.neuralnetwork;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.PluginInfo;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.diag.Location;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.ActivationOps;
import dev.mil4j.ops.NnOps;
import dev.mil4j.ops.TensorOps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiagnosticsTest {
    private static final ConvertOptions OPTIONS = ConvertOptions.builder().target("neuralnetwork").build();

    @TempDir
    Path dir;

    private static Map<String, dev.mil4j.core.types.ValueType> inputs(String n1, TensorType t1, String n2,
            TensorType t2) {
        Map<String, dev.mil4j.core.types.ValueType> m = new java.util.LinkedHashMap<>();
        m.put(n1, t1);
        m.put(n2, t2);
        return m;
    }

    @Test
    void everyUnsupportedOpIsNamedInOneDiagnosticWithLocations() {
        Program p = new Program();
        Builder b = TestPrograms.main(p, TestPrograms.registry(), inputs(
                "x", TensorType.of(DType.FP32, 1, 2, 3, 4), "y", TensorType.of(DType.FP32, 1, 4, 3, 5)));
        Var x = b.function().inputs().get(0);
        Var y = b.function().inputs().get(1);
        Var e1 = NnOps.einsum(b.at(Location.of("onnx", "Einsum attn/e1")), "nchw,nwhu->nchu", x, y);
        Var e2 = NnOps.einsum(b.at(Location.of("onnx", "Einsum attn/e2")), "nchw,nwhu->nchu", x, y);
        Var list = b.at(Location.of("torch", "prim::ListConstruct seq")).op("make_list")
                .input("init_length", TensorValue.scalar(2)).inputs("elem_shape", List.of(b.constant(TensorValue.scalar(2))))
                .input("dtype", TensorValue.scalar("fp32")).output();
        Var n = b.at(Location.of("torch", "aten::len seq")).op("list_length").input("ls", list).output();
        Var s = MathOps.add(b.at(Location.UNKNOWN), e1, e2);
        b.function().setOutputs(List.of(s, n));

        List<Diagnostic> diags = new NeuralNetworkBackend().check(p, OPTIONS);
        assertThat(diags).hasSize(1);
        String text = diags.get(0).render();
        assertThat(text)
                .contains("the NeuralNetwork format cannot express 2 ops of this program: `list_length`, "
                        + "`make_list`")
                .contains("prim::ListConstruct seq").contains("aten::len seq")
                .doesNotContain("Einsum attn/e1")
                .contains("convert to the ML Program target");
    }

    /** einsum "nchw,nwhu->nchu" is swap(batchedMatMul(swap(x), swap(y))) with swap = transpose [0, 2, 1, 3]. */
    @Test
    void einsumBecomesTransposesAroundABatchedMatMul() {
        Program p = new Program();
        Builder b = TestPrograms.main(p, TestPrograms.registry(), inputs(
                "x", TensorType.of(DType.FP32, 1, 2, 3, 4), "y", TensorType.of(DType.FP32, 1, 4, 3, 5)));
        Var e = NnOps.einsum(b, "nchw,nwhu->nchu", b.function().inputs().get(0), b.function().inputs().get(1));
        b.function().setOutputs(List.of(e));
        var model = new NeuralNetworkBackend().toModel(p, OPTIONS);
        var layers = model.getNeuralNetwork().getLayersList();
        assertThat(layers).extracting(l -> l.getLayerCase().name())
                .containsExactly("TRANSPOSE", "TRANSPOSE", "BATCHEDMATMUL", "TRANSPOSE");
        assertThat(layers.get(0).getTranspose().getAxesList()).containsExactly(0L, 2L, 1L, 3L);
        assertThat(layers.get(2).getInputList()).containsExactly(layers.get(0).getOutput(0),
                layers.get(1).getOutput(0));
        assertThat(layers.get(3).getInput(0)).isEqualTo(layers.get(2).getOutput(0));
        assertThat(layers.get(3).getOutput(0)).isEqualTo(model.getDescription().getOutput(0).getName());
    }

    @Test
    void nonConstInputWhereALayerNeedsOneIsReportedAtTheOpAndNothingIsWritten() {
        Program p = new Program();
        var f = p.addFunction("main", dev.mil4j.core.op.Opset.IOS17, inputs(
                "x", TensorType.of(DType.FP32, 1, 2, 4, 4), "w", TensorType.of(DType.FP32, 2, 3, 2, 2)));
        Builder b = Builder.atEnd(f.body(), TestPrograms.registry());
        Var y = NnOps.convTranspose(b.at(Location.of("torch", "aten::conv_transpose2d up")), f.inputs().get(0),
                f.inputs().get(1), java.util.Optional.empty(), new int[] {2, 2}, new int[] {0, 0, 0, 0},
                new int[] {1, 1}, 1);
        f.setOutputs(List.of(y));
        Path out = dir.resolve("bad.mlmodel");
        assertThatThrownBy(() -> new NeuralNetworkBackend().write(p, out, OPTIONS))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("`conv_transpose` input `weight` must be const for the NeuralNetwork target")
                .hasMessageContaining("aten::conv_transpose2d up");
        assertThat(Files.exists(out)).isFalse();
    }

    @Test
    void featureNamesAreSanitizedAndReturnedInputsAreCopied() {
        Program p = new Program();
        Builder b = TestPrograms.main(p, TestPrograms.registry(), Map.of("input:0", TensorType.of(DType.FP32, 2, 4)));
        Var x = b.function().inputs().get(0);
        Var r = ActivationOps.relu(b, x);
        r.rename("out/relu");
        b.function().setOutputs(List.of(r, x));
        var m = new NeuralNetworkBackend().toModel(p, OPTIONS);
        assertThat(m.getDescription().getInput(0).getName()).isEqualTo("input_0");
        assertThat(m.getDescription().getOutputList()).extracting(o -> o.getName())
                .containsExactly("out_relu", "input_0_out");
        assertThat(m.getNeuralNetwork().getLayers(0).getInput(0)).isEqualTo("input_0");
        assertThat(m.getNeuralNetwork().getLayersList()).extracting(l -> l.getLayerCase().name())
                .containsExactly("ACTIVATION", "COPY");
    }

    @Test
    void iOS14LayersRaiseTheSpecificationVersion() {
        Program p = new Program();
        Builder b = TestPrograms.main(p, TestPrograms.registry(), Map.of("x", TensorType.of(DType.FP32, 2, 4)));
        b.function().setOutputs(List.of(TensorOps.cumsum(b, b.function().inputs().get(0), 1, false, false)));
        assertThat(new NeuralNetworkBackend().toModel(p, OPTIONS).getSpecificationVersion()).isEqualTo(5);
    }

    @Test
    void pluginContributesTheBackend() {
        Converter converter = Converter.builder().plugin(new NeuralNetworkBackendPlugin()).build();
        assertThat(converter.plugins().plugins()).extracting(PluginInfo::id).contains("mil4j-backend-neuralnetwork");
        assertThat(converter.plugins().backend("neuralnetwork")).containsInstanceOf(NeuralNetworkBackend.class);
        Converter discovered = Converter.builder().discoverPlugins().build();
        assertThat(discovered.plugins().backend("neuralnetwork")).containsInstanceOf(NeuralNetworkBackend.class);
    }
}
