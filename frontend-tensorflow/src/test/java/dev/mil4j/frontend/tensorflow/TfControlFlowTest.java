package dev.mil4j.frontend.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.testing.Golden;
import dev.mil4j.core.text.MilPrinter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Functional control flow made by TensorFlow Java (If/StatelessIf with function branches, While/StatelessWhile
 * with function conds and bodies, a StatelessIf nested in a loop body, nested PartitionedCalls): golden MIL and
 * parity with the outputs TensorFlow computed.
 */
class TfControlFlowTest {
    @ParameterizedTest
    @ValueSource(strings = {"cond", "while_loop", "call"})
    void convertsToTheGoldenProgram(String name) {
        Program program = Fixtures.converter().load(Fixtures.graph(name + ".pb"), Fixtures.OPTIONS);
        assertThat(Verifier.verify(program)).isEmpty();
        Golden.assertMatches(getClass(), "/expected-mil/" + name + ".mil", MilPrinter.print(program));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cond", "while_loop", "call"})
    void computesWhatTensorFlowComputed(String name) {
        TfParity.assertMatchesTensorFlow(Fixtures.converter().load(Fixtures.graph(name + ".pb"), Fixtures.OPTIONS),
                name);
    }

    @Test
    void ifAndStatelessIfBecomeCondsWithOneBlockPerBranch() {
        Program program = Fixtures.converter().load(Fixtures.graph("cond.pb"), Fixtures.OPTIONS);
        List<Operation> conds = program.main().body().operationList().stream()
                .filter(op -> op.type().equals("cond")).toList();
        assertThat(conds).extracting(op -> op.location().scope()).containsExactly("If", "StatelessIf");
        for (Operation c : conds) {
            assertThat(c.blocks()).hasSize(2);
            assertThat(c.blocks().get(0).operationList()).extracting(Operation::type).contains("tanh", "mul", "add");
            assertThat(c.blocks().get(1).operationList()).extracting(Operation::type).contains("relu", "sub",
                    "maximum");
        }
    }

    @Test
    void aLoopBodyKeepsItsNestedCond() {
        Program program = Fixtures.converter().load(Fixtures.graph("while_loop.pb"), Fixtures.OPTIONS);
        List<Operation> loops = program.main().body().operationList().stream()
                .filter(op -> op.type().equals("while_loop")).toList();
        assertThat(loops).extracting(op -> op.location().node()).containsExactly("counted", "shrinking");
        Operation body = loops.get(1).blocks().get(1).operationList().stream()
                .filter(op -> op.type().equals("cond")).findFirst().orElseThrow();
        assertThat(body.location().node()).isEqualTo("shrinking/pick_0");
        assertThat(body.location().scope()).isEqualTo("StatelessIf");
    }
}
