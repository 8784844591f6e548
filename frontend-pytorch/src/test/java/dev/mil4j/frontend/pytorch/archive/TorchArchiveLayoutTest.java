package dev.mil4j.frontend.pytorch.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.types.DType;
import dev.mil4j.frontend.pytorch.Fixtures;
import dev.mil4j.frontend.pytorch.graph.TorchGraph;
import dev.mil4j.frontend.pytorch.graph.TorchScriptLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archives in the layout PyTorch 2.x writes: the version as {@code .data/version} instead of {@code version}, a
 * {@code .data/serialization_id} and a {@code byteorder} entry, under a root folder named {@code archive}. Only
 * PyTorch 1.13 is installed here, so the test re-packs a 1.13 fixture into that layout.
 */
class TorchArchiveLayoutTest {
    @TempDir
    Path tmp;

    /** {@code mlp.pt} re-packed as PyTorch 2.x lays an archive out, with the given byteorder. */
    private Path repackAs2x(String byteorder) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(Fixtures.torch("mlp").toFile())) {
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry e = all.nextElement();
                String name = e.getName().substring(e.getName().indexOf('/') + 1);
                if (!name.equals("version")) {
                    entries.put("archive/" + name, zip.getInputStream(e).readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        entries.put("archive/.data/version", "3\n".getBytes(StandardCharsets.UTF_8));
        entries.put("archive/byteorder", byteorder.getBytes(StandardCharsets.UTF_8));
        entries.put("archive/.data/serialization_id", "1706811512344932153".getBytes(StandardCharsets.UTF_8));
        return Fixtures.zip(tmp.resolve("mlp2.pt"), entries, false);
    }

    @Test
    void readsThePytorch2Layout() {
        TorchGraph expected;
        try (TorchArchive a = TorchArchive.open(Fixtures.torch("mlp"))) {
            expected = TorchScriptLoader.load(a);
        }
        try (TorchArchive a = TorchArchive.open(repackAs2x("little"))) {
            assertThat(a.root()).isEqualTo("archive");
            assertThat(a.version()).contains(3);
            assertThat(a.serializationId()).contains("1706811512344932153");
            TorchGraph g = TorchScriptLoader.load(a);
            assertThat(g.render()).isEqualTo(expected.render());
            assertThat(g.tensors().keySet()).isEqualTo(expected.tensors().keySet());
            Map.Entry<String, TorchTensor> first = TorchScriptLoader.parameters(a).entrySet().iterator().next();
            assertThat(first.getValue().toValue().getDouble(5))
                    .isEqualTo(g.tensors().get("Mlp." + first.getKey()).toValue().getDouble(5));
        }
    }

    @Test
    void refusesStoragesWrittenBigEndian() {
        Path p = repackAs2x("big\n");
        assertThatThrownBy(() -> TorchArchive.open(p)).hasMessage("""
                error: %s was saved on a big-endian machine (its byteorder entry says 'big'); mil4j reads the \
                tensors of little-endian archives only
                  hint: load and save the model again on a little-endian machine (x86-64 or ARM)""".formatted(p));
        Path odd = repackAs2x("middle");
        assertThatThrownBy(() -> TorchArchive.open(odd)).hasMessage("error: " + odd + " has a byteorder entry that "
                + "says 'middle', neither 'little' nor 'big'");
    }

    @Test
    void readsParametersSavedWithTheirState() {
        byte[] pickle = PickleWriter.protocol(2).global("torch._utils", "_rebuild_parameter_with_state").mark()
                .global("torch._utils", "_rebuild_tensor_v2").mark()
                .mark().string("storage").global("torch", "FloatStorage").string("0").string("cpu").integer(2)
                .tuple().op('Q')
                .integer(0).mark().integer(2).tuple().mark().integer(1).tuple().op(0x89)
                .global("collections", "OrderedDict").emptyTuple().reduce().tuple().reduce()
                .op(0x89).op('}').op('}').tuple().reduce().stop().bytes();
        TorchStorage storage = new TorchStorage("data/0", TorchDType.FLOAT, 2, ByteBuffer.allocate(8)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f).flip());
        Object t = Unpickler.load(pickle, "data.pkl", pid -> storage);
        assertThat(t).isInstanceOf(TorchTensor.class);
        assertThat(((TorchTensor) t).toValue().dtype()).isEqualTo(DType.FP32);
        assertThat(((TorchTensor) t).toValue().getDouble(1)).isEqualTo(-2.0);
    }

    @Test
    void refusesSizesWhoseElementCountOverflows() {
        TorchStorage storage = new TorchStorage("data/0", TorchDType.FLOAT, 4, ByteBuffer.allocate(16));
        long huge = 1L << 62;
        assertThatThrownBy(() -> new TorchTensor(storage, 0, List.of(huge, 8L), List.of(1L, 1L)))
                .isInstanceOf(PickleException.class)
                .hasMessage("tensor on storage data/0 (4 x float32) with sizes [4611686018427387904, 8] and strides "
                        + "[1, 1] has more elements than 64 bits can count; the archive is corrupt");
    }
}
