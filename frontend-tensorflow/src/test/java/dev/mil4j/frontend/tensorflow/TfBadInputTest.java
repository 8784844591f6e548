package dev.mil4j.frontend.tensorflow;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/** Bad inputs, each with its exact diagnostic. */
class TfBadInputTest {
    @TempDir
    Path dir;

    @Test
    void truncatedBytes() throws IOException {
        byte[] bytes = Files.readAllBytes(Fixtures.graph("topk_head.pb"));
        Path file = dir.resolve("truncated.pb");
        Files.write(file, Arrays.copyOf(bytes, 700));
        assertThatThrownBy(() -> Fixtures.converter().load(file, Fixtures.OPTIONS)).hasMessage("""
                error: TensorFlow model truncated.pb is not a binary GraphDef: its protobuf data is truncated or malformed \
                (While parsing a protocol message, the input ended unexpectedly in the middle of a field.  This could mean either \
                that the input has been truncated or that an embedded message misreported its own length.)
                  hint: give a frozen graph written by tf.io.write_graph(graph_def, dir, name, as_text=False) or a SavedModel \
                directory, and check that the file was copied completely""");
    }

    @Test
    void bytesThatAreNotAGraphDef() throws IOException {
        Path file = dir.resolve("notes.pb");
        Files.writeString(file, "these are notes, not a graph\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Fixtures.converter().load(file, Fixtures.OPTIONS)).hasMessage("""
                error: TensorFlow model notes.pb is not a binary GraphDef: its protobuf data is truncated or malformed \
                (Protocol message end-group tag did not match expected tag.)
                  hint: give a frozen graph written by tf.io.write_graph(graph_def, dir, name, as_text=False) or a SavedModel \
                directory, and check that the file was copied completely""");
    }

    @Test
    void graphWithACycle() throws IOException {
        GraphDef g = GraphDef.parseFrom(Files.readAllBytes(Fixtures.graph("mlp.pb")));
        GraphDef.Builder b = g.toBuilder();
        for (int i = 0; i < b.getNodeCount(); i++) {
            if (b.getNode(i).getName().equals("tanh")) {
                NodeDef n = b.getNode(i);
                b.setNode(i, n.toBuilder().setInput(0, "gate"));
            }
        }
        Path file = dir.resolve("cycle.pb");
        Files.write(file, b.build().toByteArray());
        assertThatThrownBy(() -> Fixtures.converter().load(file, Fixtures.OPTIONS)).hasMessage("""
                error: TensorFlow graph cycle.pb has a cycle: `dense2_matmul` (MatMul) -> `dense2` (Add) -> `sigmoid` \
                (Sigmoid) -> `gate` (Mul) -> `tanh` (Tanh) -> `dense2_matmul` (MatMul)
                  hint: a GraphDef must be acyclic (TensorFlow 1 while loops, NextIteration/Merge, are not supported: save the \
                model with TensorFlow 2 functional control flow)""");
    }

    @Test
    void everyUnsupportedOpInOneError() {
        assertThatThrownBy(() -> Fixtures.converter().load(Fixtures.graph("unsupported.pb"), Fixtures.OPTIONS))
                .hasMessage("""
                        error: TensorFlow graph unsupported.pb uses 2 ops without a translation: `Cholesky` (2 nodes: `chol_a`, \
                        `chol_b`), `MatrixDeterminant` (1 node: `det`)
                          hint: a plugin can contribute translations (TfTranslations.of(opType, translation)); `mil4j plugins` lists \
                        the installed ones""");
    }

    @Test
    void placeholderWithoutShape() {
        assertThatThrownBy(() -> Fixtures.converter().load(Fixtures.graph("no_shape.pb"), Fixtures.OPTIONS))
                .hasMessage("""
                        error: placeholder `x` of TensorFlow graph no_shape.pb has no shape (not even a rank), and no input type \
                        gives one
                          at tensorflow node `x` in Placeholder (no_shape.pb)
                          hint: give its shape, e.g. InputType.of("x", Shape.parse("1x224x224x3")) or --input x:1x224x224x3""");
    }

    @Test
    void unsupportedOpsInsideFunctionBodiesAreListedWithTheOthers() {
        assertThatThrownBy(() -> Fixtures.converter().load(Fixtures.graph("refused/unsupported_flow.pb"), Fixtures.OPTIONS))
                .hasMessage("""
                        error: TensorFlow graph unsupported_flow.pb uses 2 ops without a translation: `Cholesky` (2 nodes: \
                        `factor_tasX020rJQM/chol_0`, `loop_body_JLS0374qJww/root_0`), `MatrixDeterminant` (1 node: `det`)
                          hint: a plugin can contribute translations (TfTranslations.of(opType, translation)); `mil4j plugins` lists \
                        the installed ones""");
    }

    @Test
    void aFunctionMissingFromTheLibrary() throws IOException {
        GraphDef g = GraphDef.parseFrom(Files.readAllBytes(Fixtures.graph("cond.pb")));
        GraphDef.Builder b = g.toBuilder();
        var library = b.getLibraryBuilder();
        for (int i = library.getFunctionCount() - 1; i >= 0; i--) {
            if (library.getFunction(i).getSignature().getName().startsWith("else_branch")) {
                library.removeFunction(i);
            }
        }
        Path file = dir.resolve("no_else.pb");
        Files.write(file, b.build().toByteArray());
        assertThatThrownBy(() -> Fixtures.converter().load(file, Fixtures.OPTIONS)).hasMessageStartingWith("""
                error: TensorFlow node `if` (If) calls function `else_branch_""").hasMessageContaining(
                "`, which the function library of graph no_else.pb does not define\n"
                        + "  at tensorflow node `if` in If (no_else.pb)\n"
                        + "  hint: the graph is incomplete; export it again");
    }
}
