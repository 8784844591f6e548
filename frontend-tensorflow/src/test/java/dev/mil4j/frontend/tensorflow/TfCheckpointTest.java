package dev.mil4j.frontend.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint reader on the index TensorFlow Java wrote for {@code saved_variables} (one data block: the bundle
 * header, then the entry of {@code w_var}), edited byte by byte with the block checksum recomputed, so that each
 * structural check is what catches the damage.
 */
class TfCheckpointTest {
    /** The data block of the index: 44 bytes at offset 0, then its type byte and masked CRC32C. */
    static final int BLOCK_SIZE = 44;

    @TempDir
    Path tmp;
    Path model;
    byte[] index;

    @BeforeEach
    void copyTheModel() throws IOException {
        Path src = Fixtures.graph("saved_variables");
        model = tmp.resolve("saved_variables");
        Files.createDirectories(model.resolve("variables"));
        Files.copy(src.resolve("saved_model.pb"), model.resolve("saved_model.pb"));
        Files.copy(src.resolve(TfSavedModelTest.DATA), model.resolve(TfSavedModelTest.DATA));
        index = Files.readAllBytes(src.resolve(TfSavedModelTest.INDEX));
        // the layout the edits below rely on: the header entry (key "", 6-byte value), then `w_var` with a 19-byte
        // BundleEntryProto: dtype 1 (float) at 18, shape dims 8 and 3 at 24 and 28, size 96 at 30
        assertThat(new byte[] {index[0], index[1], index[2], index[9], index[10], index[11], index[18], index[24],
            index[28], index[30]}).containsExactly(0, 0, 6, 0, 5, 19, 1, 8, 3, 0x60);
        assertThat(ByteBuffer.wrap(index, BLOCK_SIZE - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(1);
    }

    /** Edits the data block, recomputes its checksum and writes the index. */
    private void edit(Consumer<byte[]> change) throws IOException {
        change.accept(index);
        CRC32C crc = new CRC32C();
        crc.update(index, 0, BLOCK_SIZE + 1);
        ByteBuffer.wrap(index, BLOCK_SIZE + 1, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(TfTable.mask(
                (int) crc.getValue()));
        Files.write(model.resolve(TfSavedModelTest.INDEX), index);
    }

    private String error() {
        try {
            Fixtures.converter().load(model, Fixtures.OPTIONS);
        } catch (RuntimeException e) {
            return e.getMessage();
        }
        throw new AssertionError("the damaged checkpoint was read");
    }

    @Test
    void theUneditedCopyConverts() throws IOException {
        edit(b -> { });
        assertThat(Fixtures.converter().load(model, Fixtures.OPTIONS).main().outputs()).hasSize(1);
    }

    @Test
    void aValueRunningPastTheBlock() throws IOException {
        edit(b -> b[11] = 0x7f);
        assertThat(error()).contains("checkpoint index saved_variables/variables/variables.index is not a valid "
                + "TensorFlow checkpoint index: the data block at offset 0 has an entry whose key or value runs past "
                + "the block");
    }

    @Test
    void aKeySharingMoreThanThePreviousKey() throws IOException {
        edit(b -> b[9] = 3);
        assertThat(error()).contains("the data block at offset 0 has an entry that shares 3 bytes with the previous "
                + "key, which has 0");
    }

    @Test
    void restartPointsThatDoNotFit() throws IOException {
        edit(b -> b[BLOCK_SIZE - 4] = 100);
        assertThat(error()).contains("the data block at offset 0 has 100 restart points, which do not fit its 44 "
                + "bytes");
    }

    @Test
    void aHeaderDeclaringNoShards() throws IOException {
        edit(b -> b[4] = 0);
        assertThat(error()).contains("checkpoint index saved_variables/variables/variables.index declares 0 data "
                + "shards (expected 1 to 10000)");
    }

    @Test
    void anEntryOfAStringTensor() throws IOException {
        edit(b -> b[18] = 7);
        assertThat(error()).contains("tensor `w_var` of checkpoint saved_variables/variables has dtype string; mil4j "
                + "reads numeric and bool variables");
    }

    @Test
    void anEntryWhoseSizeDoesNotFitItsShape() throws IOException {
        edit(b -> b[30] = 0x61);
        assertThat(error()).contains("tensor `w_var` of checkpoint saved_variables/variables is 97 bytes, but 24 "
                + "elements of float are 96");
    }

    @Test
    void anEntryWhoseShapeDiffersFromTheVariable() throws IOException {
        edit(b -> {
            b[24] = 4;
            b[28] = 6;
        });
        assertThat(error()).contains("variable `w_var` (VariableV2) of TensorFlow SavedModel "
                + "saved_variables/saved_model.pb has shape [8, 3], but its checkpoint tensor `w_var` has dtype float "
                + "and shape [4, 6]");
    }

    @Test
    void notATableAtAll() throws IOException {
        Files.writeString(model.resolve(TfSavedModelTest.INDEX), "not a table");
        assertThat(error()).contains("is not a valid TensorFlow checkpoint index: it is 11 bytes, shorter than the "
                + "48-byte table footer");
    }

    @Test
    void theReaderOpensNothingWithoutAnIndex() throws Exception {
        assertThat(TfCheckpoint.open(model, "saved_variables")).isEmpty();
        assertThatThrownBy(() -> Fixtures.converter().load(model, Fixtures.OPTIONS))
                .hasMessageContaining("but its directory has no variables/variables.index");
    }
}
