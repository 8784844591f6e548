package dev.mil4j.frontend.pytorch.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.value.TensorValue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnpicklerTest {
    private static final Unpickler.PersistentLoader NO_STORAGES = pid -> {
        throw new AssertionError("no persistent ids expected");
    };

    @Test
    void refusesAnUnknownGlobalBeforeBuildingIt() {
        List<PyTuple> loaded = new ArrayList<>();
        byte[] pickle = PickleWriter.protocol(2).global("os", "system")
                .mark().string("touch /tmp/pwned").tuple().reduce().stop().bytes();
        assertThatThrownBy(() -> Unpickler.load(pickle, "data.pkl", pid -> {
            loaded.add(pid);
            return pid;
        }))
                .isInstanceOf(PickleException.class)
                .hasMessage("data.pkl asks for the global `os.system`, which a TorchScript archive does not need; it "
                        + "was refused and not built (opcode 'c' at byte 2)");
        assertThat(loaded).isEmpty();
    }

    @Test
    void refusesTorchGlobalsOutsideTheList() {
        byte[] pickle = PickleWriter.protocol(2).global("torch._utils", "_rebuild_sparse_tensor").stop().bytes();
        assertThatThrownBy(() -> Unpickler.load(pickle, "x.pkl", NO_STORAGES))
                .hasMessageStartingWith("x.pkl asks for the global `torch._utils._rebuild_sparse_tensor`");
        // a quantized model's tensors are refused the same way, with what to do instead
        byte[] quantized = PickleWriter.protocol(2).global("torch._utils", "_rebuild_qtensor").stop().bytes();
        assertThatThrownBy(() -> Unpickler.load(quantized, "x.pkl", NO_STORAGES))
                .isInstanceOf(PickleException.class)
                .hasMessageStartingWith("x.pkl holds quantized tensors (`torch._utils._rebuild_qtensor`): a model "
                        + "quantized with torch.ao.quantization")
                .hasMessageContaining("convert the float model");
        byte[] builtin = PickleWriter.protocol(4).string("builtins").string("eval").op(0x93).stop().bytes();
        assertThatThrownBy(() -> Unpickler.load(builtin, "x.pkl", NO_STORAGES))
                .hasMessage("x.pkl asks for the global `builtins.eval`, which a TorchScript archive does not need; "
                        + "it was refused and not built (opcode 0x93 at byte 24)");
    }

    /** Found by fuzzing: hashing a list that holds itself, or a deeply nested tuple, overflowed the stack. */
    @Test
    void refusesUnhashableAndDeeplyNestedDictKeys() {
        // d = {}; l = []; l.append(l); d[l] = 1
        byte[] selfList = PickleWriter.protocol(2).op('}').op(']').op('q').raw(0).op('h').raw(0).op('a')
                .op('K').raw(1).op('s').stop().bytes();
        assertThatThrownBy(() -> Unpickler.load(selfList, "p.pkl", NO_STORAGES))
                .isInstanceOf(PickleException.class)
                .hasMessageStartingWith("p.pkl uses a list as a dict key (unhashable in Python too)");
        PickleWriter deep = PickleWriter.protocol(2).op('}').op('K').raw(1);
        for (int i = 0; i < Unpickler.MAX_KEY_DEPTH + 1; i++) {
            deep.op(0x85);
        }
        byte[] deepKey = deep.op('K').raw(2).op('s').stop().bytes();
        assertThatThrownBy(() -> Unpickler.load(deepKey, "p.pkl", NO_STORAGES))
                .hasMessageStartingWith("p.pkl uses a dict key of tuples nested deeper than 64 levels");
    }

    @Test
    void refusesOldProtocolsAndMalformedPickles() {
        assertThatThrownBy(() -> Unpickler.load(new byte[] {'N', '.'}, "p.pkl", NO_STORAGES))
                .hasMessage("p.pkl is pickle protocol 0 or 1; TorchScript archives use protocol 2 or later "
                        + "(opcode 'N' at byte 0)");
        assertThatThrownBy(() -> Unpickler.load(PickleWriter.protocol(2).op('X').raw(100, 0, 0, 0).bytes(), "p.pkl",
                NO_STORAGES)).hasMessage("p.pkl is truncated: needs 100 more bytes, has 0 (opcode 'X' at byte 2)");
        assertThatThrownBy(() -> Unpickler.load(PickleWriter.protocol(2).op('h').raw(7).stop().bytes(), "p.pkl",
                NO_STORAGES)).hasMessage("p.pkl reads memo entry 7, which was never stored (opcode 'h' at byte 2)");
        assertThatThrownBy(() -> Unpickler.load(PickleWriter.protocol(2).op('R').bytes(), "p.pkl", NO_STORAGES))
                .hasMessage("p.pkl pops from an empty stack (opcode 'R' at byte 2)");
        assertThatThrownBy(() -> Unpickler.load(PickleWriter.protocol(2).op('N').bytes(), "p.pkl", NO_STORAGES))
                .hasMessage("p.pkl ends without a STOP opcode (opcode 'N' at byte 2)");
        assertThatThrownBy(() -> Unpickler.load(PickleWriter.protocol(2).op('i').bytes(), "p.pkl", NO_STORAGES))
                .hasMessage("p.pkl uses opcode 0x69, which TorchScript archives do not use (opcode 'i' at byte 2)");
    }

    @Test
    void readsPlainData() {
        byte[] pickle = PickleWriter.protocol(2).op('}').mark()
                .string("a").integer(-5)
                .string("b").op(']').mark().op('N').op(0x88).op('G').raw(0x3f, 0xf8, 0, 0, 0, 0, 0, 0).op('e')
                .string("c").op(0x8a).raw(2, 0x00, 0x80)
                .op('u').stop().bytes();
        Object o = Unpickler.load(pickle, "p.pkl", NO_STORAGES);
        assertThat(o).isEqualTo(Map.of("a", -5L, "b", List.of(PyNone.NONE, true, 1.5), "c", -32768L));
    }

    @Test
    void decodesAStridedTensorByCopyingAndAContiguousOneAsAView() {
        ByteBuffer data = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 6; i++) {
            data.putFloat(i);
        }
        data.flip();
        TorchStorage storage = new TorchStorage("data/0", TorchDType.FLOAT, 6, data);
        // _rebuild_tensor_v2(storage, 0, (3, 2), (1, 3), False, OrderedDict()): the transpose of a 2x3 matrix
        byte[] pickle = PickleWriter.protocol(2).global("torch._utils", "_rebuild_tensor_v2").mark()
                .mark().string("storage").global("torch", "FloatStorage").string("0").string("cpu").integer(6)
                .tuple().op('Q')
                .integer(0).mark().integer(3).integer(2).tuple().mark().integer(1).integer(3).tuple()
                .op(0x89).global("collections", "OrderedDict").emptyTuple().reduce()
                .tuple().reduce().stop().bytes();
        TorchTensor t = (TorchTensor) Unpickler.load(pickle, "data.pkl", pid -> storage);
        assertThat(t.isContiguous()).isFalse();
        TensorValue v = t.toValue();
        assertThat(v.toFloatArray()).containsExactly(0, 3, 1, 4, 2, 5);

        TorchTensor row = new TorchTensor(storage, 3, List.of(3L), List.of(1L));
        assertThat(row.toValue().toFloatArray()).containsExactly(3, 4, 5);
    }

    @Test
    void refusesATensorReachingOutsideItsStorage() {
        TorchStorage storage = new TorchStorage("data/0", TorchDType.FLOAT, 6, ByteBuffer.allocate(24));
        assertThatThrownBy(() -> new TorchTensor(storage, 2, List.of(2L, 3L), List.of(3L, 1L)))
                .isInstanceOf(PickleException.class)
                .hasMessage("tensor with sizes [2, 3], strides [3, 1] and offset 2 reaches element 7 of storage "
                        + "data/0 (6 x float32), which has only 6 elements");
        assertThatThrownBy(() -> new TorchTensor(storage, 0, List.of(-1L), List.of(1L)))
                .hasMessageContaining("negative size or stride");
    }
}
