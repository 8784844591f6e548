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
        Golden.assertMatches(getClass(), "/golden/mil/" + name + ".mil", MilPrinter.print(program));
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

    /** With its predicate made a constant, an If is the branch it picks, inlined: no cond remains. */
    @Test
    void aConstantPredicateInlinesTheBranchItPicks(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws java.io.IOException {
        var graph = org.tensorflow.proto.GraphDef.parseFrom(java.nio.file.Files.readAllBytes(
                Fixtures.graph("cond.pb")));
        var b = graph.toBuilder();
        for (int i = 0; i < b.getNodeCount(); i++) {
            if (b.getNode(i).getName().equals("positive")) {
                b.setNode(i, org.tensorflow.proto.NodeDef.newBuilder().setName("positive").setOp("Const")
                        .putAttr("dtype", org.tensorflow.proto.AttrValue.newBuilder()
                                .setType(org.tensorflow.proto.DataType.DT_BOOL).build())
                        .putAttr("value", org.tensorflow.proto.AttrValue.newBuilder().setTensor(
                                org.tensorflow.proto.TensorProto.newBuilder().setDtype(
                                        org.tensorflow.proto.DataType.DT_BOOL).addBoolVal(true)).build()).build());
            }
        }
        java.nio.file.Path file = tmp.resolve("always.pb");
        java.nio.file.Files.write(file, b.build().toByteArray());
        Program program = Fixtures.converter().load(file, Fixtures.OPTIONS);
        List<Operation> ops = program.main().body().operationList();
        assertThat(ops).extracting(Operation::type).doesNotContain("cond");
        assertThat(ops).filteredOn(op -> op.location().node().startsWith("if/")).extracting(Operation::type)
                .contains("tanh", "mul", "add").doesNotContain("relu", "maximum");
        // the StatelessIf's predicate, not(positive), folds to false: its else-branch is inlined
        assertThat(ops).filteredOn(op -> op.location().node().startsWith("stateless_if/"))
                .extracting(Operation::type).contains("relu", "maximum", "sub").doesNotContain("tanh");
    }
}
