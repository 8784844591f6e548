package dev.mil4j.frontend.pytorch.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.pytorch.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchArchiveTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheTopkHeadArchive() {
        try (TorchArchive a = TorchArchive.open(Fixtures.torch("topk_head"))) {
            assertThat(a.root()).isEqualTo("topk_head");
            assertThat(a.version()).contains(3);
            assertThat(a.codeFiles()).containsExactly("code/__torch__.py",
                    "code/__torch__/torch/nn/modules/linear.py");
            assertThat(a.readText("code/__torch__.py")).startsWith("class TopKHead(Module):");

            TorchObject root = (TorchObject) a.unpickle("data.pkl", "data");
            assertThat(root.className()).isEqualTo("__torch__.TopKHead");
            assertThat(root.attributes()).containsKeys("training", "lin");
            TorchObject lin = (TorchObject) root.attribute("lin").orElseThrow();
            assertThat(lin.className()).isEqualTo("__torch__.torch.nn.modules.linear.Linear");
            TorchTensor weight = (TorchTensor) lin.attribute("weight").orElseThrow();
            assertThat(weight.sizes()).containsExactly(32L, 16L);
            assertThat(weight.isContiguous()).isTrue();
            TensorValue w = weight.toValue();
            assertThat(w.type().toString()).isEqualTo("fp32[32, 16]");
            assertThat(w.getDouble(0)).isEqualTo(-0.0018717050552368164);
            assertThat(w.getDouble(16)).isEqualTo(0.09883379936218262);
            TensorValue bias = ((TorchTensor) lin.attribute("bias").orElseThrow()).toValue();
            assertThat(bias.getDouble(3)).isEqualTo(0.0886734127998352);
            assertThat(a.unpickle("constants.pkl", "constants")).isEqualTo(new PyTuple(List.of()));
        }
    }

    @Test
    void readsConstantsAndTheDotDataVersion() {
        try (TorchArchive a = TorchArchive.open(Fixtures.torch("elementwise_zoo"))) {
            PyTuple constants = (PyTuple) a.unpickle("constants.pkl", "constants");
            assertThat(constants.size()).isEqualTo(3);
            TensorValue c0 = ((TorchTensor) constants.get(0)).toValue();
            assertThat(c0.type().dtype()).isEqualTo(DType.FP64);
            assertThat(c0.shape()).isEqualTo(Shape.scalar());
            assertThat(c0.scalarDouble()).isEqualTo(0.5);
        }
        try (TorchArchive a = TorchArchive.open(Fixtures.torch("attention_block"))) {
            assertThat(a.version()).contains(10);
            PyTuple constants = (PyTuple) a.unpickle("constants.pkl", "constants");
            TensorValue c0 = ((TorchTensor) constants.get(0)).toValue();
            assertThat(c0.dtype()).isEqualTo(DType.INT64);
            assertThat(c0.scalarLong()).isEqualTo(4);
        }
    }

    @Test
    void readsEveryFixture() {
        for (String name : List.of("topk_head", "small_cnn", "mlp", "attention_block", "elementwise_zoo")) {
            try (TorchArchive a = TorchArchive.open(Fixtures.torch(name))) {
                assertThat(a.unpickle("data.pkl", "data")).isInstanceOf(TorchObject.class);
                assertThat(a.unpickle("constants.pkl", "constants")).isInstanceOf(PyTuple.class);
            }
        }
    }

    @Test
    void refusesAFileThatIsNotAZip() throws IOException {
        Path p = Files.writeString(tmp.resolve("model.pt"), "not a zip at all");
        assertThatThrownBy(() -> TorchArchive.open(p))
                .isInstanceOf(ConversionException.class)
                .hasMessage("error: " + p + " is not a TorchScript archive: it is not a zip file\n"
                        + "  hint: " + TorchArchive.SAVE_HINT);
    }

    @Test
    void refusesAZipThatIsNotTorchScript() {
        Path p = Fixtures.zip(tmp.resolve("other.zip"), Map.of("folder/readme.txt", "hello".getBytes()), false);
        assertThatThrownBy(() -> TorchArchive.open(p))
                .hasMessage("error: " + p + " is a zip file but not a TorchScript archive: it has no data.pkl under "
                        + "a root folder\n  hint: " + TorchArchive.SAVE_HINT);
    }

    @Test
    void refusesAStateDictWithoutCode() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("weights/data.pkl", new byte[] {(byte) 0x80, 2, '}', '.'});
        Path p = Fixtures.zip(tmp.resolve("state.pt"), entries, true);
        assertThatThrownBy(() -> TorchArchive.open(p)).hasMessageContaining("has data.pkl but no code/__torch__ "
                + "sources (a torch.save of tensors or a state_dict holds weights without the code to run them)");
    }

    @Test
    void refusesUnsafeNamesAndSeveralRoots() {
        Path up = Fixtures.zip(tmp.resolve("up.pt"), Map.of("m/../../evil", new byte[1]), true);
        assertThatThrownBy(() -> TorchArchive.open(up)).hasMessage("error: " + up
                + " has an unsafe entry name 'm/../../evil'");
        Map<String, byte[]> two = new LinkedHashMap<>();
        two.put("a/data.pkl", new byte[1]);
        two.put("b/code/__torch__.py", new byte[1]);
        Path roots = Fixtures.zip(tmp.resolve("roots.pt"), two, true);
        assertThatThrownBy(() -> TorchArchive.open(roots)).hasMessageContaining("entries sit under two root "
                + "folders, 'a' and 'b'");
    }

    @Test
    void enforcesTheLimits() {
        Path model = Fixtures.torch("topk_head");
        assertThatThrownBy(() -> TorchArchive.open(model, new ArchiveLimits(5, 1 << 20, 1 << 30, 100, 100)))
                .hasMessage("error: " + model + " has 9 entries, more than the limit of 5");
        assertThatThrownBy(() -> TorchArchive.open(model, new ArchiveLimits(100, 1000, 1 << 30, 100, 100)))
                .hasMessage("error: " + model + " entry 'topk_head/data/0' declares 2048 bytes, more than the "
                        + "limit of 1000");
        Map<String, byte[]> bomb = new LinkedHashMap<>();
        bomb.put("m/data.pkl", new byte[4 << 20]);
        Path p = Fixtures.zip(tmp.resolve("bomb.pt"), bomb, false);
        assertThatThrownBy(() -> TorchArchive.open(p)).hasMessageStartingWith("error: " + p
                + " entry 'm/data.pkl' expands ").hasMessageEndingWith("more than the limit of 200");
    }

    @Test
    void refusesATruncatedStorage() {
        Map<String, byte[]> entries = Fixtures.entries(Fixtures.torch("topk_head"));
        entries.put("topk_head/data/0", new byte[100]);
        Path p = Fixtures.zip(tmp.resolve("truncated.pt"), entries, true);
        try (TorchArchive a = TorchArchive.open(p)) {
            assertThatThrownBy(() -> a.unpickle("data.pkl", "data")).hasMessage("error: " + p + " cannot be read: "
                    + "data.pkl declares storage data/0 of 512 float32 elements (2048 bytes), but the entry holds only "
                    + "100 bytes; the archive is truncated or corrupt (opcode 'Q' at byte 240)");
        }
    }
}
