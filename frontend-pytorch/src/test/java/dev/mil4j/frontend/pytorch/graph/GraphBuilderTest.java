package dev.mil4j.frontend.pytorch.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.testing.Golden;
import dev.mil4j.frontend.pytorch.Fixtures;
import dev.mil4j.frontend.pytorch.archive.TorchArchive;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphBuilderTest {
    @TempDir
    Path tmp;

    private static TorchGraph graph(Path model) {
        try (TorchArchive a = TorchArchive.open(model)) {
            return TorchScriptLoader.load(a);
        }
    }

    @Test
    void inlinesEveryFixture() {
        for (String name : new String[] {"topk_head", "small_cnn", "mlp", "attention_block", "elementwise_zoo"}) {
            Golden.assertMatches(getClass(), "/golden/graph/" + name + ".txt", graph(Fixtures.torch(name)).render());
        }
    }

    @Test
    void resolvesParametersAndBuffersToTensors() {
        TorchGraph g = graph(Fixtures.torch("small_cnn"));
        assertThat(g.tensors()).containsKeys("SmallCnn.conv1.weight", "SmallCnn.bn1.running_var");
        assertThat(g.tensors()).doesNotContainKey("SmallCnn.conv2.bias");
        assertThat(g.tensors().get("SmallCnn.conv1.weight").sizes()).containsExactly(8L, 3L, 3L, 3L);
        assertThat(g.nodes().get(0).location().describe()).isEqualTo("torch node `aten::_convolution` in "
                + "SmallCnn.conv1 (code/__torch__/torch/nn/modules/conv.py:12)");
    }

    @Test
    void runsScriptedControlFlowWithKnownConditions() {
        String code = """
                class M(Module):
                  __parameters__ = []
                  __buffers__ = []
                  training : bool
                  def forward(self: __torch__.M, x: Tensor) -> Tensor:
                    y = x
                    for i in range(3):
                      if i == 1:
                        continue
                      y = torch.add(y, i)
                    if self.training:
                      y = torch.neg(y)
                    return y
                """;
        TorchGraph g = graph(Fixtures.zip(tmp.resolve("m.pt"), Map.of(
                "m/data.pkl", TEST_MODULE_PICKLE,
                "m/code/__torch__.py", code.getBytes(StandardCharsets.UTF_8)), true));
        assertThat(g.render()).isEqualTo("""
                graph(%x: Tensor)
                  %y = aten::add(%x, 0)  # M code/__torch__.py:10
                  %y_1 = aten::add(%y, 2)  # M code/__torch__.py:10
                  return [%y_1]
                """);
    }

    @Test
    void recordsControlFlowOnTensorValuesAsNestedBlocks() {
        for (String name : new String[] {"tensor_if", "tensor_loop", "tensor_nested"}) {
            Golden.assertMatches(getClass(), "/golden/graph/" + name + ".txt",
                    graph(Path.of("src", "test", "resources", "fixtures", name + ".pt")).render());
        }
    }

    @Test
    void refusesAnEarlyReturnUnderATensorCondition() {
        String code = """
                class M(Module):
                  training : bool
                  def forward(self: __torch__.M, x: Tensor) -> Tensor:
                    if torch.gt(torch.sum(x), 0):
                      return x
                    return torch.neg(x)
                """;
        Path p = Fixtures.zip(tmp.resolve("m.pt"), Map.of("m/data.pkl", TEST_MODULE_PICKLE,
                "m/code/__torch__.py", code.getBytes(StandardCharsets.UTF_8)), true);
        assertThatThrownBy(() -> graph(p)).hasMessage("""
                error: `return` inside an `if` whose condition depends on tensor values is not supported
                  at torch in M (code/__torch__.py:4)
                  hint: trace the model (torch.jit.trace) with a representative input, or rewrite the code so \
                branches and loop bodies fall through""");
    }

    @Test
    void refusesBreakInATensorLoop() {
        String code = """
                class M(Module):
                  training : bool
                  def forward(self: __torch__.M, x: Tensor) -> Tensor:
                    y = x
                    while bool(torch.lt(torch.sum(y), 10)):
                      y = torch.add(y, 1)
                      if self.training:
                        pass
                      else:
                        break
                    return y
                """;
        Path p = Fixtures.zip(tmp.resolve("m.pt"), Map.of("m/data.pkl", TEST_MODULE_PICKLE,
                "m/code/__torch__.py", code.getBytes(StandardCharsets.UTF_8)), true);
        assertThatThrownBy(() -> graph(p)).hasMessageStartingWith("""
                error: `break` inside a `while` loop whose condition depends on tensor values is not supported
                  at torch in M (code/__torch__.py:5)""");
    }

    /** {@code __torch__.M} with {@code training = False}. */
    static final byte[] TEST_MODULE_PICKLE = {
        (byte) 0x80, 2, 'c', '_', '_', 't', 'o', 'r', 'c', 'h', '_', '_', '\n', 'M', '\n', ')', (byte) 0x81, '}',
        'X', 8, 0, 0, 0, 't', 'r', 'a', 'i', 'n', 'i', 'n', 'g', (byte) 0x89, 's', 'b', '.',
    };
}
