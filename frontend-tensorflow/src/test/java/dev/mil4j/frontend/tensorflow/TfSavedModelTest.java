package dev.mil4j.frontend.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.testing.Golden;
import dev.mil4j.core.text.MilPrinter;
import dev.mil4j.core.value.TensorValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;

/**
 * SavedModels with variables, saved by TensorFlow Java: the variables are frozen from the checkpoint in
 * {@code variables/} (read in pure Java), the result is compared with golden MIL and with what TensorFlow computed,
 * and damaged checkpoints are refused with a diagnostic naming the file and the problem.
 */
class TfSavedModelTest {
    static final String DATA = "variables/variables.data-00000-of-00001";
    static final String INDEX = "variables/variables.index";

    @TempDir
    Path tmp;

    @Test
    void referenceAndResourceVariablesAreFrozen() {
        Program program = Fixtures.converter().load(Fixtures.graph("saved_dense"), Fixtures.OPTIONS);
        assertThat(Verifier.verify(program)).isEmpty();
        assertThat(program.main().inputs()).extracting(v -> v.name() + ":" + v.type())
                .containsExactly("features:fp32[features_d0, 6]");
        Golden.assertMatches(getClass(), "/golden/mil/saved_dense.mil", MilPrinter.print(program));
    }

    @Test
    void theFrozenModelComputesWhatTensorFlowComputed() {
        TfParity.assertMatchesTensorFlow(Fixtures.converter().load(Fixtures.graph("saved_dense"), Fixtures.OPTIONS),
                "saved_dense");
    }

    /**
     * A SavedModel as TensorFlow 2's Python API saves it (src/fixtures/python/make_tf2_saved_model.py): the
     * variables' handles are arguments of the signature's StatefulPartitionedCall, they are restored inside another
     * function, and their checkpoint keys are object-graph paths found through that restore function.
     */
    @Test
    void aTensorFlow2SavedModelRestoresItsVariablesInsideAFunction() throws IOException {
        SavedModel saved = SavedModel.parseFrom(Files.readAllBytes(Fixtures.graph("saved_tf2")
                .resolve("saved_model.pb")));
        assertThat(TfVariableFreezer.restoreKeys(saved.getMetaGraphs(0).getGraphDef())).containsOnly(
                java.util.Map.entry("dense1/kernel", "w1/.ATTRIBUTES/VARIABLE_VALUE"),
                java.util.Map.entry("dense1/bias", "b1/.ATTRIBUTES/VARIABLE_VALUE"),
                java.util.Map.entry("dense2/kernel", "w2/.ATTRIBUTES/VARIABLE_VALUE"));
        Program program = Fixtures.converter().load(Fixtures.graph("saved_tf2"), Fixtures.OPTIONS);
        assertThat(Verifier.verify(program)).isEmpty();
        Golden.assertMatches(getClass(), "/golden/mil/saved_tf2.mil", MilPrinter.print(program));
        TfParity.assertMatchesTensorFlow(program, "saved_tf2");
    }

    /** The variable's value is the one TensorFlow assigned it before saving: its initializer constant {@code w}. */
    @Test
    void theFrozenVariableHoldsTheSavedValue() throws IOException {
        SavedModel saved = SavedModel.parseFrom(Files.readAllBytes(Fixtures.graph("saved_variables")
                .resolve("saved_model.pb")));
        NodeDef init = saved.getMetaGraphs(0).getGraphDef().getNodeList().stream()
                .filter(n -> n.getName().equals("w")).findFirst().orElseThrow();
        TensorValue expected = TfTensors.toValue(init.getAttrOrThrow("value").getTensor());
        Program program = Fixtures.converter().load(Fixtures.graph("saved_variables"), Fixtures.OPTIONS);
        Operation frozen = program.main().body().operationList().stream()
                .filter(op -> op.location().node().equals("w_var")).findFirst().orElseThrow();
        assertThat(frozen.type()).isEqualTo("const");
        assertThat(frozen.output().value().orElseThrow().toDoubleArray()).containsExactly(expected.toDoubleArray());
        assertThat(frozen.output().type().toString()).isEqualTo("fp32[8, 3]");
    }

    @Test
    void theCheckpointReaderListsEveryTensorWithItsDtype() throws Exception {
        TfCheckpoint checkpoint = TfCheckpoint.open(Fixtures.graph("saved_dense"), "saved_dense").orElseThrow();
        assertThat(checkpoint.keys()).containsExactly("dense1/bias", "dense1/kernel",
                "model/dense2/bias/.ATTRIBUTES/VARIABLE_VALUE", "model/dense2/kernel/.ATTRIBUTES/VARIABLE_VALUE",
                "model/steps/.ATTRIBUTES/VARIABLE_VALUE");
        TensorValue steps = TfTensors.toValue(checkpoint.tensor("model/steps/.ATTRIBUTES/VARIABLE_VALUE"));
        assertThat(steps.dtype().milName()).isEqualTo("int32");
        assertThat(steps.toDoubleArray()).containsExactly(1, -2, 3, 0);
    }

    // ---- damaged SavedModels

    private Path copy(String name) {
        Path src = Fixtures.graph(name);
        Path dst = tmp.resolve(name);
        try (Stream<Path> files = Files.walk(src)) {
            for (Path p : files.toList()) {
                Path to = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dst;
    }

    private static void load(Path model) {
        Fixtures.converter().load(model, Fixtures.OPTIONS);
    }

    @Test
    void aTruncatedDataShard() throws IOException {
        Path model = copy("saved_dense");
        byte[] data = Files.readAllBytes(model.resolve(DATA));
        Files.write(model.resolve(DATA), Arrays.copyOf(data, 360));
        assertThatThrownBy(() -> load(model)).hasMessage("""
                2 errors:
                error: cannot freeze variable `dense2/bias` (VarHandleOp) of TensorFlow SavedModel saved_dense/saved_model.pb: \
                tensor `model/dense2/bias/.ATTRIBUTES/VARIABLE_VALUE` of checkpoint saved_dense/variables lies at bytes \
                352..368 of saved_dense/variables/variables.data-00000-of-00001, which has only 360 bytes (the file is truncated)
                  hint: export the SavedModel again, or copy its variables/ folder completely
                error: cannot freeze variable `steps` (VarHandleOp) of TensorFlow SavedModel saved_dense/saved_model.pb: \
                tensor `model/steps/.ATTRIBUTES/VARIABLE_VALUE` of checkpoint saved_dense/variables lies at bytes 368..384 of \
                saved_dense/variables/variables.data-00000-of-00001, which has only 360 bytes (the file is truncated)
                  hint: export the SavedModel again, or copy its variables/ folder completely""");
    }

    @Test
    void aCorruptDataShard() throws IOException {
        Path model = copy("saved_variables");
        byte[] data = Files.readAllBytes(model.resolve(DATA));
        data[17] ^= 0x40;
        Files.write(model.resolve(DATA), data);
        assertThatThrownBy(() -> load(model)).hasMessage("""
                error: cannot freeze variable `w_var` (VariableV2) of TensorFlow SavedModel saved_variables/saved_model.pb: \
                tensor `w_var` of checkpoint saved_variables/variables fails its checksum: the bytes at offset 0 of \
                saved_variables/variables/variables.data-00000-of-00001 are not the ones saved (the file is corrupt or was \
                replaced)
                  hint: export the SavedModel again, or copy its variables/ folder completely""");
    }

    @Test
    void aMissingDataShard() throws IOException {
        Path model = copy("saved_variables");
        Files.delete(model.resolve(DATA));
        assertThatThrownBy(() -> load(model)).hasMessage("""
                error: cannot freeze variable `w_var` (VariableV2) of TensorFlow SavedModel saved_variables/saved_model.pb: \
                saved_variables/variables/variables.data-00000-of-00001 is missing
                  hint: export the SavedModel again, or copy its variables/ folder completely""");
    }

    @Test
    void aCorruptIndex() throws IOException {
        Path model = copy("saved_variables");
        byte[] index = Files.readAllBytes(model.resolve(INDEX));
        index[12] ^= 0x01;
        Files.write(model.resolve(INDEX), index);
        assertThatThrownBy(() -> load(model)).hasMessage("""
                error: cannot freeze the variables of TensorFlow SavedModel saved_variables/saved_model.pb: checkpoint index \
                saved_variables/variables/variables.index is not a valid TensorFlow checkpoint index: the data block at offset \
                0 fails its checksum (the file is corrupt)
                  hint: export the SavedModel again, or copy its variables/ folder completely""");
    }

    @Test
    void aTruncatedIndex() throws IOException {
        Path model = copy("saved_variables");
        byte[] index = Files.readAllBytes(model.resolve(INDEX));
        Files.write(model.resolve(INDEX), Arrays.copyOf(index, index.length - 10));
        assertThatThrownBy(() -> load(model)).hasMessage("""
                error: cannot freeze the variables of TensorFlow SavedModel saved_variables/saved_model.pb: checkpoint index \
                saved_variables/variables/variables.index is not a valid TensorFlow checkpoint index: its last 8 bytes are not \
                the table magic number (not a checkpoint index, or truncated)
                  hint: export the SavedModel again, or copy its variables/ folder completely""");
    }

    @Test
    void aShardLinkedFromOutsideTheFolder() throws IOException {
        Path model = copy("saved_variables");
        Path outside = tmp.resolve("elsewhere.bin");
        Files.move(model.resolve(DATA), outside);
        Files.createSymbolicLink(model.resolve(DATA), outside);
        assertThatThrownBy(() -> load(model)).hasMessage("""
                error: cannot freeze variable `w_var` (VariableV2) of TensorFlow SavedModel saved_variables/saved_model.pb: \
                saved_variables/variables/variables.data-00000-of-00001 leads out of the SavedModel directory (to %s); mil4j \
                reads only files inside it
                  hint: export the SavedModel again, or copy its variables/ folder completely""".formatted(
                outside.toRealPath()));
    }

    @Test
    void anIndexLinkedFromOutsideTheFolder() throws IOException {
        Path model = copy("saved_variables");
        Path outside = tmp.resolve("elsewhere.index");
        Files.move(model.resolve(INDEX), outside);
        Files.createSymbolicLink(model.resolve(INDEX), outside);
        assertThatThrownBy(() -> load(model)).hasMessageContaining("saved_variables/variables/variables.index leads "
                + "out of the SavedModel directory (to " + outside.toRealPath() + ")");
    }

    @Test
    void noVariablesFolder() throws IOException {
        Path model = copy("saved_dense");
        Files.delete(model.resolve(DATA));
        Files.delete(model.resolve(INDEX));
        assertThatThrownBy(() -> load(model)).hasMessage("""
                error: TensorFlow SavedModel saved_dense/saved_model.pb reads 5 variables (`dense1/kernel`, `dense1/bias`, \
                `dense2/kernel`, ...), but its directory has no variables/variables.index
                  hint: copy the SavedModel's variables/ folder with it""");
    }

    @Test
    void theCheckpointOfAnotherModel() throws IOException {
        Path model = copy("saved_dense");
        Files.copy(Fixtures.graph("saved_variables").resolve(DATA), model.resolve(DATA),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Fixtures.graph("saved_variables").resolve(INDEX), model.resolve(INDEX),
                StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> load(model)).hasMessageContaining("""
                error: cannot freeze variable `dense1/kernel` (VariableV2) of TensorFlow SavedModel saved_dense/saved_model.pb: \
                checkpoint saved_dense/variables has no tensor `dense1/kernel`""")
                .hasMessageContaining("checkpoint saved_dense/variables has no tensor "
                        + "`model/steps/.ATTRIBUTES/VARIABLE_VALUE`");
    }

    @Test
    void aFrozenGraphThatStillReadsVariables() throws IOException {
        SavedModel saved = SavedModel.parseFrom(Files.readAllBytes(Fixtures.graph("saved_variables")
                .resolve("saved_model.pb")));
        Path pb = tmp.resolve("unfrozen.pb");
        Files.write(pb, saved.getMetaGraphs(0).getGraphDef().toByteArray());
        assertThatThrownBy(() -> Fixtures.converter().load(pb, dev.mil4j.converter.ConvertOptions.builder()
                .output("scores").build())).hasMessage("""
                error: TensorFlow graph unfrozen.pb reads variables (`w_var` (VariableV2)); a frozen graph must hold its weights \
                as constants
                  hint: convert the SavedModel directory instead (mil4j freezes its variables from variables/), or freeze the \
                graph first (in Python: convert_variables_to_constants_v2 on the concrete function, then \
                tf.io.write_graph(..., as_text=False))""");
    }
}
