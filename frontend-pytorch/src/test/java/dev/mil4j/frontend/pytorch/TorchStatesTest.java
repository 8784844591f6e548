package dev.mil4j.frontend.pytorch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.InputType;
import dev.mil4j.converter.spi.Precision;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.pass.PassManager;
import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.text.MilPrinter;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.npy.Npy;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Registered buffers written in {@code forward} become Core ML states ({@code ConvertOptions.state}, iOS18): the
 * accumulator run for three steps gives PyTorch's three calls, and the GPT block's cached decoding (its key/value
 * cache in two states) gives the uncached block's outputs ({@code testdata/torch-states}).
 */
class TorchStatesTest {
    private static final Path DIR = TestData.path("torch-states");
    private static final Converter CONVERTER = Converter.builder().plugin(new TorchFrontendPlugin()).build();

    private static Program convert(String model, Precision precision, List<InputType> inputs, String... states) {
        ConvertOptions.Builder b = ConvertOptions.builder().minimumDeploymentTarget(Opset.IOS18)
                .computePrecision(precision);
        inputs.forEach(b::input);
        for (String s : states) {
            b.state(InputType.parse(s));
        }
        ConvertOptions options = b.build();
        Program program = CONVERTER.load(DIR.resolve(model), options);
        var plugins = CONVERTER.plugins();
        PassManager.of(plugins.passes(), plugins.ops()).run(program, plugins.passes()
                .pipeline(precision == Precision.FP16 ? "default_fp16" : "default"));
        return program;
    }

    /** Step {@code i} of values stacked along the first axis. */
    private static TensorValue step(TensorValue stacked, int i) {
        int n = (int) stacked.shape().dim(0).size();
        int bytes = (int) (stacked.byteSize() / n);
        ByteBuffer all = stacked.buffer();
        return TensorValue.wrap(stacked.dtype(), stacked.shape().slice(1, stacked.shape().rank()),
                all.slice(i * bytes, bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN));
    }

    @Test
    void theAccumulatorOverThreeStepsGivesPyTorchsThreeCalls() throws Exception {
        TensorValue xs = Npy.read(DIR.resolve("accumulator.steps_x.npy"));
        TensorValue want = Npy.read(DIR.resolve("accumulator.steps_out.npy"));
        Program program = convert("accumulator.pt", Precision.FP32, List.of(InputType.of("x", Shape.of(1, 4))),
                "acc");
        assertThat(MilPrinter.print(program)).contains("%acc: state<fp32[1, 4]>", "read_state", "coreml_update_state");
        List<Map<String, TensorValue>> steps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            steps.add(Map.of("x", step(xs, i)));
        }
        List<Map<String, TensorValue>> out = CONVERTER.runSteps(program, steps);
        for (int i = 0; i < 3; i++) {
            assertThat(out.get(i).values().iterator().next().toFloatArray()).as("step %d", i)
                    .containsExactly(step(want, i).toFloatArray(), org.assertj.core.api.Assertions.within(1e-6f));
        }
    }

    @Test
    void underFp16TheStateIsFp16AsCoremltoolsWritesIt() {
        Program program = convert("accumulator.pt", Precision.FP16, List.of(InputType.of("x", Shape.of(1, 4))),
                "acc");
        assertThat(MilPrinter.print(program)).contains("%acc: state<fp16[1, 4]>");
    }

    @Test
    void cachedDecodingOfTheGptBlockMatchesTheUncachedBlock() throws Exception {
        TensorValue xs = Npy.read(DIR.resolve("gpt_kv.steps_x.npy"));
        TensorValue pos = Npy.read(DIR.resolve("gpt_kv.steps_pos.npy")).cast(DType.INT32);
        TensorValue uncached = Npy.read(DIR.resolve("gpt_kv.uncached.npy"));
        Program program = convert("gpt_kv.pt", Precision.FP32, List.of(InputType.of("x", Shape.of(1, 1, 32)),
                InputType.parse("pos:1:int32")), "k_cache", "v_cache");
        String text = MilPrinter.print(program);
        assertThat(text).contains("%k_cache: state<fp32[8, 32]>", "%v_cache: state<fp32[8, 32]>");
        List<Map<String, TensorValue>> steps = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            steps.add(Map.of("x", step(xs, i), "pos", step(pos, i)));
        }
        List<Map<String, TensorValue>> out = CONVERTER.runSteps(program, steps);
        for (int i = 0; i < 5; i++) {
            float[] got = out.get(i).values().iterator().next().toFloatArray();
            assertThat(got).as("step %d", i).containsExactly(step(uncached, i).toFloatArray(),
                    org.assertj.core.api.Assertions.within(1e-4f));
        }
    }

    @Test
    void anUnknownBufferOrATargetBelowIos18IsNamed() {
        List<InputType> x = List.of(InputType.of("x", Shape.of(1, 4)));
        assertThatThrownBy(() -> convert("accumulator.pt", Precision.FP32, x, "cache"))
                .isInstanceOf(ConversionException.class).hasMessageContaining("no buffer of that name")
                .hasMessageContaining("acc");
        ConvertOptions ios17 = ConvertOptions.builder().minimumDeploymentTarget(Opset.IOS17)
                .input(x.get(0)).state(InputType.parse("acc")).build();
        assertThatThrownBy(() -> CONVERTER.load(DIR.resolve("accumulator.pt"), ios17))
                .hasMessageContaining("need iOS18");
    }
}
