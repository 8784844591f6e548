package dev.mil4j.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import com.google.inject.Module;
import dev.mil4j.converter.spi.Contributions;
import dev.mil4j.converter.spi.InputType;
import dev.mil4j.converter.spi.Mil4jPlugin;
import dev.mil4j.converter.spi.SourceNames;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.Interpreter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Forms of ONNX files from the wild and from newer exporters (the models of {@code testdata/onnx/wild}). */
class OnnxWildTest {
    private static final Converter CONVERTER = Converter.builder().plugin(new OnnxFrontendPlugin()).build();

    static Path wild(String name) {
        return TestData.path("onnx/wild/" + name + ".onnx");
    }

    @Test
    void nodesOutOfOrderAreSortedSubgraphsIncluded() {
        // ONNX Runtime does not sort subgraphs: the same graph listed in order is the reference
        Map<String, TensorValue> positive = Map.of("x", TensorValue.ofFloats(Shape.of(2, 3), 1, -2, 3, -4, 5, -6));
        Map<String, TensorValue> negative = Map.of("x", TensorValue.ofFloats(Shape.of(2, 3), -1, -2, -3, -4, -5, -6));
        for (Map<String, TensorValue> x : List.of(positive, negative)) { // both branches of the If
            Map<String, TensorValue> milFeeds = Map.of("x", x.get("x"));
            TensorValue y = new Interpreter(CONVERTER.plugins().kernels())
                    .run(CONVERTER.load(wild("unsorted"), ConvertOptions.builder().build()), milFeeds).get("y");
            Numerics.assertClose("wild/unsorted", List.of(y), OrtRunner.run(wild("unsorted_reference"), x));
        }
    }

    @Test
    void aCycleIsRefusedNamingItsNodes() {
        assertThatThrownBy(() -> CONVERTER.load(wild("cycle"), ConvertOptions.builder().build()))
                .hasMessage("""
                        error: ONNX node Add add of model cycle.onnx depends on its own output through a cycle: 3 \
                        nodes wait for each other (`Add add`, `Relu relu2`, `Neg neg`)
                          at onnx node `Add add` (cycle.onnx)
                          hint: an ONNX graph must be acyclic (loops are Loop nodes); check the exporter""");
    }

    @Test
    void scalarInputsHaveShapeOneAtTheInterfaceAndAreScalarsInside() {
        Program program = CONVERTER.load(wild("scalar_input"), ConvertOptions.builder().build());
        assertThat(program.main().inputs()).extracting(Var::toString)
                .containsExactly("%x: fp32[2, 3]", "%s: fp32[1]", "%n: int32[1]");
        assertThat(Verifier.verify(program)).isEmpty();
        TensorValue x = TensorValue.ofFloats(Shape.of(2, 3), 1, -2, 3, -4, 5, -6);
        Map<String, TensorValue> milFeeds = Map.of("x", x, "s", TensorValue.ofFloats(Shape.of(1), 2.5f),
                "n", TensorValue.ofInts(Shape.of(1), 3));
        TensorValue y = new Interpreter(CONVERTER.plugins().kernels()).run(program, milFeeds).get("y");
        Map<String, TensorValue> ortFeeds = Map.of("x", x, "s", TensorValue.scalar(2.5f), "n", TensorValue.scalar(3L));
        Numerics.assertClose("wild/scalar_input", List.of(y), OrtRunner.run(wild("scalar_input"), ortFeeds));
    }

    @Test
    void opset21AndIrVersion10WhereOnlyTypesChanged() {
        OrtParityTest.assertMatchesOnnxRuntime("wild/opset21", wild("opset21"), Map.of());
    }

    /**
     * A plugin giving one translation of {@code DFT} since {@code version}, {@code overriding} the built-in one of that
     * version or not.
     */
    private static Mil4jPlugin dftPlugin(int version, boolean overriding, OnnxTranslation translation) {
        return new Mil4jPlugin() {
            @Override
            public String id() {
                return "dft-" + version;
            }

            @Override
            public String version() {
                return "1.0";
            }

            @Override
            public int apiVersion() {
                return API_VERSION;
            }

            @Override
            public Module module() {
                return binder -> Contributions.translation(binder, overriding
                        ? OnnxTranslations.overriding("", "DFT", version, translation)
                        : OnnxTranslations.contribution("", "DFT", version, translation));
            }
        };
    }

    @Test
    void anOpWhoseMeaningChangedIsRefusedWithAnOlderTranslation() {
        // the built-in DFT is opset 17's (axis an attribute): it must not serve opset 20 (axis an input)
        Converter builtIn = Converter.builder().plugin(new OnnxFrontendPlugin()).build();
        assertThatThrownBy(() -> builtIn.load(wild("opset20_dft"), ConvertOptions.builder().build()))
                .hasMessageContaining("`DFT` changed meaning in opset 20");
        // nor may a plugin's translation replacing the built-in one of opset 17
        OnnxTranslation axisAttribute = (node, ctx) -> List.of(ctx.input(0));
        assertThatThrownBy(() -> Converter.builder().plugin(new OnnxFrontendPlugin())
                .plugin(dftPlugin(17, false, axisAttribute)).build())
                .hasMessageContaining("DFT");
        Mil4jPlugin plugin = dftPlugin(17, true, axisAttribute);
        Converter converter = Converter.builder().plugin(new OnnxFrontendPlugin()).plugin(plugin).build();
        assertThatThrownBy(() -> converter.load(wild("opset20_dft"), ConvertOptions.builder().build()))
                .hasMessage("""
                        error: ONNX node DFT `dft` uses opset 20, but `DFT` changed meaning in opset 20: the axis is \
                        an input (it was an attribute) and may not be the last; its translation is for older opsets
                          at onnx node `DFT dft` (opset20_dft.onnx)
                          hint: export the model with an older opset, or register a translation of the new version \
                        (OnnxTranslations.contribution("", "DFT", version, ...))""");
        OnnxTranslation axisInput = (node, ctx) -> List.of(ctx.input(0));
        Mil4jPlugin newer = dftPlugin(20, false, axisInput);
        Converter accepted = Converter.builder().plugin(new OnnxFrontendPlugin()).plugin(plugin).plugin(newer).build();
        assertThat(accepted.load(wild("opset20_dft"), ConvertOptions.builder().build()).main().outputs())
                .hasSize(1);
        // GroupNormalization changed in opset 21 too; the frontend translates both versions
        assertThat(converter.load(wild("opset21_groupnorm"), ConvertOptions.builder().build()).main().outputs())
                .hasSize(1);
    }

    @Test
    void ifsOnShapesFoldNestedOnesTooAndIfsOnDataStayConds() {
        // what torch.onnx exports for a scripted module: three Ifs test shapes (one nested), one tests data
        Path model = wild("shape_if");
        for (float sign : new float[] {1, -1}) {
            float[] values = new float[2 * 4 * 6];
            for (int i = 0; i < values.length; i++) {
                values[i] = sign * (i % 7 + 2);
            }
            TensorValue x = TensorValue.ofFloats(Shape.of(2, 4, 6), values);
            Program program = OrtParityTest.assertMatchesOnnxRuntime("wild/shape_if " + sign, model,
                    Map.of("x.1", x));
            List<String> ops = new java.util.ArrayList<>();
            program.main().body().operations().forEach(op -> ops.add(op.type()));
            assertThat(ops).containsOnlyOnce("cond").doesNotContain("shape", "gather");
        }
    }

    @Test
    void sourceNamesAreKeptBesideTheirCoreMlForms() {
        Program program = CONVERTER.load(wild("shape_if"), ConvertOptions.builder().build());
        assertThat(program.main().inputs()).extracting(Var::name).containsExactly("x_1");
        assertThat(SourceNames.inputs(program)).contains(List.of("x.1"));
        assertThat(SourceNames.outputs(program)).contains(List.of("out.0"));
        assertThat(CONVERTER.load(wild("scalar_input"), ConvertOptions.builder().build()).attributes())
                .doesNotContainKeys(SourceNames.INPUTS, SourceNames.OUTPUTS);
    }

    @ParameterizedTest
    @CsvSource({"16000, 512", "8000, 256"})
    void sileroVoiceActivityDetectorMatchesOnnxRuntime(long rate, int samples) {
        // a production model (torch 2.3 export, opset 15): a scalar int64 sample rate choosing between two
        // subgraphs at run time, Ifs on shapes inside them, an LSTM decomposed by the exporter
        Random random = new Random(rate);
        float[] audio = new float[samples];
        for (int i = 0; i < samples; i++) {
            audio[i] = (float) (0.1 * random.nextGaussian());
        }
        float[] state = new float[2 * 128];
        for (int i = 0; i < state.length; i++) {
            state[i] = (float) (0.1 * random.nextGaussian());
        }
        ConvertOptions options = ConvertOptions.builder().input(InputType.of("input", Shape.of(1, samples)))
                .input(InputType.of("state", Shape.of(2, 1, 128))).build();
        OrtParityTest.assertMatchesOnnxRuntime("wild/silero_vad " + rate, wild("silero_vad_16k_op15"),
                Map.of("input", TensorValue.ofFloats(Shape.of(1, samples), audio),
                        "state", TensorValue.ofFloats(Shape.of(2, 1, 128), state), "sr", TensorValue.scalar(rate)),
                options);
    }

    @AfterAll
    static void printMeasured() {
        System.out.print(Numerics.report());
    }
}
