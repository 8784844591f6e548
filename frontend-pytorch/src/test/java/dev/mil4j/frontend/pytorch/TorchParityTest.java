package dev.mil4j.frontend.pytorch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.converter.Converter;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.pass.PassManager;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.pytorch.archive.TorchArchive;
import dev.mil4j.frontend.pytorch.archive.TorchTensor;
import dev.mil4j.frontend.pytorch.graph.TorchScriptLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Parity with real PyTorch, run through DJL (libtorch 2.7.1) on every TorchScript fixture: the shared ones
 * ({@code testdata/torch}) and this module's ({@code src/test/resources/fixtures}, made by
 * {@code src/test/fixtures/make_torch_fixtures.py} with PyTorch 1.13).
 * <ol>
 *   <li>the parameters our archive reader extracts are PyTorch's: same names in the same order, same values bit
 *       for bit;</li>
 *   <li>DJL reproduces the outputs PyTorch 1.13 recorded for the recorded inputs (this validates the reference);</li>
 *   <li>the converted MIL (the frontend, then the {@code default} pipeline, run in the reference interpreter)
 *       matches DJL on fresh seeded random inputs, and on the recorded ones.</li>
 * </ol>
 * Tolerance fp32: |a - e| <= 1e-4 |e| + 1e-5 per element (integers exactly); the worst element of every output is
 * measured and printed after the run.
 */
class TorchParityTest {
    private static final Converter CONVERTER = Converter.builder().plugin(new TorchFrontendPlugin()).build();
    private static final int RANDOM_RUNS = 3;
    /** fixture/check/output -> the worst element measured. */
    private static final Map<String, String> MEASURED = new ConcurrentSkipListMap<>();

    @AfterAll
    static void printMeasurements() {
        StringBuilder sb = new StringBuilder("DJL PyTorch engine start: ")
                .append(TorchReference.engineNanos() / 1_000_000).append(" ms\n");
        MEASURED.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        System.out.print(sb);
    }

    @TestFactory
    Stream<DynamicTest> extractedParametersAreDjls() {
        return TorchFixture.all().stream().map(f -> DynamicTest.dynamicTest(f.name(), () -> {
            Map<String, TorchTensor> ours;
            try (TorchArchive archive = TorchArchive.open(f.model())) {
                ours = TorchScriptLoader.parameters(archive);
            }
            Map<String, TensorValue> theirs;
            try (TorchReference reference = TorchReference.load(f.model())) {
                theirs = reference.parameters();
            }
            assertThat(List.copyOf(ours.keySet())).as(f.name() + " parameter names")
                    .isEqualTo(List.copyOf(theirs.keySet()));
            for (Map.Entry<String, TorchTensor> e : ours.entrySet()) {
                TensorValue mine = e.getValue().toValue();
                TensorValue djl = theirs.get(e.getKey());
                assertThat(mine.type()).as(f.name() + " " + e.getKey()).isEqualTo(djl.type());
                assertThat(mine).as(f.name() + " " + e.getKey()).isEqualTo(djl);
            }
            MEASURED.put(f.name() + "/parameters", ours.size() + " equal");
        }));
    }

    @TestFactory
    Stream<DynamicTest> djlReproducesTheRecordedOutputs() {
        return TorchFixture.all().stream().map(f -> DynamicTest.dynamicTest(f.name(), () -> {
            try (TorchReference reference = TorchReference.load(f.model())) {
                compare(f.name() + "/djl-vs-recorded", reference.run(f.inputs()), f.outputs());
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> convertedMilMatchesDjl() {
        return TorchFixture.all().stream().map(f -> DynamicTest.dynamicTest(f.name(), () -> {
            Program program = convert(f);
            try (TorchReference reference = TorchReference.load(f.model())) {
                compare(f.name() + "/mil-vs-djl recorded", run(program, f.inputs()), reference.run(f.inputs()));
                for (int r = 0; r < RANDOM_RUNS; r++) {
                    List<TensorValue> inputs = f.randomInputs(r);
                    compare(f.name() + "/mil-vs-djl random" + r, run(program, inputs), reference.run(inputs));
                }
            }
        }));
    }

    /**
     * The same models converted with a dynamic batch (the first dim of every input is {@code B=1..8}) and run on the
     * recorded inputs: the model's shape arithmetic must keep {@code B} (no fresh symbols that break later ops).
     */
    @TestFactory
    Stream<DynamicTest> convertedMilWithASymbolicBatchMatchesDjl() {
        return TorchFixture.all().stream().filter(f -> f.inputs().stream().allMatch(v -> v.shape().rank() > 0))
                .map(f -> DynamicTest.dynamicTest(f.name(), () -> {
                    Program program = CONVERTER.load(f.model(), f.symbolicBatchOptions());
                    var plugins = CONVERTER.plugins();
                    PassManager.of(plugins.passes(), plugins.ops()).run(program,
                            plugins.passes().pipeline("default"));
                    try (TorchReference reference = TorchReference.load(f.model())) {
                        compare(f.name() + "/mil-vs-djl symbolic batch", run(program, f.inputs()),
                                reference.run(f.inputs()));
                    }
                }));
    }

    /** The frontend's program after the {@code default} pipeline (fp32), as a conversion would run it. */
    static Program convert(TorchFixture f) {
        Program program = CONVERTER.load(f.model(), f.options());
        var plugins = CONVERTER.plugins();
        PassManager.of(plugins.passes(), plugins.ops()).run(program, plugins.passes().pipeline("default"));
        return program;
    }

    static List<TensorValue> run(Program program, List<TensorValue> inputs) {
        return List.copyOf(CONVERTER.run(program, TorchFixture.feeds(inputs)).values());
    }

    /** Compares outputs element by element and records the worst one of each. */
    static void compare(String what, List<TensorValue> actual, List<TensorValue> expected) {
        assertThat(actual).as(what + ": output count").hasSize(expected.size());
        List<String> failures = new ArrayList<>();
        for (int j = 0; j < expected.size(); j++) {
            Closeness.Result r = Closeness.fp32(actual.get(j), expected.get(j));
            MEASURED.put(what + " output" + j, r.toString());
            if (!r.ok()) {
                failures.add("output" + j + ": " + r);
            }
        }
        assertThat(failures).as(what).isEmpty();
    }
}
