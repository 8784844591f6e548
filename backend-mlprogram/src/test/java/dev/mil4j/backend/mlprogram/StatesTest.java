package dev.mil4j.backend.mlprogram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.text.MilParser;
import dev.mil4j.core.text.MilPrinter;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.Interpreter;
import dev.mil4j.interpreter.InterpreterSession;
import dev.mil4j.ops.StandardOps;
import dev.mil4j.spec.MlPackage;
import dev.mil4j.spec.proto.Model;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * States (iOS18) in ML Program packages: coremltools' stateful accumulator ({@code acc.add_(x); return acc * 2})
 * reads into a program with a state input, runs three steps with its state kept, and writes back to the structure
 * coremltools wrote (state description, {@code write_state} + {@code read_state}).
 */
class StatesTest {
    private static final Path FEATURES = TestData.path("coremltools-features");
    private static final OpRegistry OPS = StandardOps.newRegistry();
    private static final String ACCUMULATOR = """
            program(version: 1)

            func main<iOS18>(%x: fp32[1, 4], %acc: state<fp32[1, 4]>) {
              %a: fp32[1, 4] = read_state(input = %acc)
              %s: fp32[1, 4] = add(x = %a, y = %x)
              %u: fp32[1, 4] = coreml_update_state(state = %acc, value = %s)
              %two: fp32[] = const() {val = fp32[] [2.0]}
              %y: fp32[1, 4] = mul(x = %u, y = %two)
            } -> (%y)
            """;

    @TempDir
    Path dir;

    private final MlPackageCodec codec = new MlPackageCodec();

    private static float[] runThreeSteps(Program program, String input) {
        InterpreterSession session = Interpreter.standard().session(program.main());
        float[] last = null;
        for (int step = 1; step <= 3; step++) {
            TensorValue x = TensorValue.ofFloats(Shape.of(1, 4), step, 2 * step, -step, 0.5f)
                    .cast(((dev.mil4j.core.types.TensorType) program.main().inputs().get(0).type()).dtype());
            last = session.run(Map.of(input, x)).values().iterator().next().toFloatArray();
        }
        return last;
    }

    @Test
    void coremltoolsAccumulatorKeepsItsStateAcrossSteps() {
        Program program = codec.read(FEATURES.resolve("stateful_acc.mlpackage"), OPS);
        assertThat(MilPrinter.print(program)).contains("%acc: state<fp16[1, 4]>", "read_state(input = %acc)",
                "coreml_update_state(state = %acc, value = %var_4_cast_fp16)");
        // acc = x1 + x2 + x3 = (6, 12, -6, 1.5); the output is acc * 2
        assertThat(runThreeSteps(program, "x")).containsExactly(12, 24, -12, 3);
    }

    @Test
    void writesTheStructureCoremltoolsWrote() throws Exception {
        Program program = codec.read(FEATURES.resolve("stateful_acc.mlpackage"), OPS);
        Path out = dir.resolve("acc.mlpackage");
        codec.write(program, out, MlProgramOptions.builder().debugInfo(false).build());
        Model ours = MlPackage.read(out).model();
        Model theirs = MlPackage.read(FEATURES.resolve("stateful_acc.mlpackage")).model();
        assertThat(ours.getSpecificationVersion()).isEqualTo(9);
        assertThat(ours.getDescription().getStateList()).isEqualTo(theirs.getDescription().getStateList());
        assertThat(ours.getDescription().getInputList()).isEqualTo(theirs.getDescription().getInputList());
        assertThat(ours.getDescription().getOutputList()).isEqualTo(theirs.getDescription().getOutputList());
        var function = ours.getMlProgram().getFunctionsMap().get("main");
        assertThat(function.getInputsList()).isEqualTo(theirs.getMlProgram().getFunctionsMap().get("main")
                .getInputsList());
        List<String> types = function.getBlockSpecializationsMap().get("CoreML8").getOperationsList().stream()
                .map(op -> op.getType()).filter(t -> !t.equals("const")).toList();
        assertThat(types).containsExactly("read_state", "add", "write_state", "read_state", "mul");
        assertThat(runThreeSteps(codec.read(out, OPS), "x")).containsExactly(12, 24, -12, 3);
    }

    @Test
    void aMilProgramWithAStateRoundTripsAndRuns() {
        Program program = MilParser.parse(ACCUMULATOR, OPS);
        assertThat(codec.check(program)).noneMatch(Diagnostic::isError);
        Path out = dir.resolve("mil.mlpackage");
        codec.write(program, out, MlProgramOptions.defaults());
        Program again = codec.read(out, OPS);
        assertThat(MilPrinter.print(again)).isEqualTo(MilPrinter.print(program));
        assertThat(runThreeSteps(again, "x")).containsExactly(12, 24, -12, 3);
    }

    @Test
    void aStateBelowIos18IsAnError() {
        Program program = MilParser.parse(ACCUMULATOR, OPS);
        program.main().setOpset(dev.mil4j.core.op.Opset.IOS17);
        assertThat(codec.check(program)).anyMatch(d -> d.isError() && d.message().contains("needs iOS18"));
    }
}
