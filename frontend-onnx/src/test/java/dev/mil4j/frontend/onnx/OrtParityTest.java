package dev.mil4j.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.pass.PassManager;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.Interpreter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Numerical parity of converted models with ONNX Runtime: each model is translated by the frontend, optimized by
 * the {@code default} pipeline, run in mil4j's reference interpreter on seeded random inputs, and compared with what
 * ONNX Runtime computes from the ONNX file on the same inputs (fp32 tolerance, integers exactly, worst element per
 * output reported). The public fixtures and this module's own test models are covered.
 */
class OrtParityTest {
    private static final Converter CONVERTER = Converter.builder().plugin(new OnnxFrontendPlugin()).build();

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "small_cnn", "topk_head", "attention_block", "elementwise_zoo"})
    void publicFixtureMatchesOnnxRuntime(String name) {
        assertMatchesOnnxRuntime("fixture/" + name, Fixtures.onnx(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ops_opset11", "ops_opset13", "ops_opset17", "external_data", "index_ops"})
    void testModelMatchesOnnxRuntime(String name) {
        assertMatchesOnnxRuntime("model/" + name, Fixtures.model(name + ".onnx"));
    }

    /** Converts with the default pipeline, runs both on the same seeded inputs, compares every output. */
    static void assertMatchesOnnxRuntime(String id, Path model) {
        assertMatchesOnnxRuntime(id, model, Map.of());
    }

    /**
     * Like {@link #assertMatchesOnnxRuntime(String, Path)}, with some inputs (by ONNX name) given instead of random,
     * and {@code id} seeding the others.
     */
    static Program assertMatchesOnnxRuntime(String id, Path model, Map<String, TensorValue> given) {
        return assertMatchesOnnxRuntime(id, model, given, ConvertOptions.builder().build());
    }

    /** Like {@link #assertMatchesOnnxRuntime(String, Path, Map)}, converting with {@code options}. */
    static Program assertMatchesOnnxRuntime(String id, Path model, Map<String, TensorValue> given,
            ConvertOptions options) {
        Program program = CONVERTER.load(model, options);
        PassManager.of(CONVERTER.plugins().passes(), CONVERTER.plugins().ops())
                .run(program, CONVERTER.plugins().passes().pipeline("default"));
        Random random = new Random(id.hashCode());
        Map<String, TensorValue> milFeeds = new LinkedHashMap<>();
        Map<String, TensorValue> ortFeeds = new LinkedHashMap<>();
        List<String> ortNames = OrtRunner.inputNames(model);
        List<Var> inputs = program.main().inputs();
        assertThat(inputs).as("%s: inputs of the converted program", id).hasSameSizeAs(ortNames);
        for (int i = 0; i < inputs.size(); i++) {
            TensorValue v = given.containsKey(ortNames.get(i)) ? given.get(ortNames.get(i))
                    : Numerics.random((TensorType) inputs.get(i).type(), random);
            TensorType milType = (TensorType) inputs.get(i).type();
            // a scalar ONNX input has shape [1] in MIL
            TensorValue mil = v.shape().rank() == 0 && milType.rank() == 1 ? v.reshape(milType.shape()) : v;
            milFeeds.put(inputs.get(i).name(), mil.dtype() == milType.dtype() ? mil : mil.cast(milType.dtype()));
            ortFeeds.put(ortNames.get(i), v);
        }
        // by output var: two graph outputs may be one var (the interpreter's map has it once)
        Map<String, TensorValue> byName = new Interpreter(CONVERTER.plugins().kernels()).run(program, milFeeds);
        List<TensorValue> mil = new ArrayList<>();
        for (Var out : program.main().outputs()) {
            mil.add(byName.get(out.name()));
        }
        Numerics.assertClose(id, mil, OrtRunner.run(model, ortFeeds));
        return program;
    }

    @AfterAll
    static void printMeasured() {
        System.out.print(Numerics.report());
    }
}
