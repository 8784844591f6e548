package dev.mil4j.frontend.pytorch.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.testing.TestData;
import dev.mil4j.frontend.pytorch.Fixtures;
import dev.mil4j.frontend.pytorch.archive.TorchArchive;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In-place writes become functional nodes: a write through a chain of views gives each parent a new value up to the
 * root, later reads of the root and of views made before the write see it, and the written roots are listed.
 */
class FunctionalizationTest {
    @TempDir
    Path tmp;

    private TorchGraph graph(String root) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("m/data.pkl", GraphBuilderTest.TEST_MODULE_PICKLE);
        entries.put("m/code/__torch__.py", root.getBytes(StandardCharsets.UTF_8));
        try (TorchArchive a = TorchArchive.open(Fixtures.zip(tmp.resolve("m.pt"), entries, true))) {
            return TorchScriptLoader.load(a, List.of());
        }
    }

    @Test
    void aWriteThroughSlicesGoesBackToTheRootAndLaterReadsSeeIt() {
        TorchGraph g = graph("""
                class M(Module):
                  training : bool
                  def forward(self: __torch__.M, x: Tensor) -> Tensor:
                    m = torch.zeros_like(x)
                    _0 = torch.slice(torch.slice(m, 0, 0, 2), 1, 1, 3)
                    _1 = torch.fill_(_0, 5.)
                    return torch.add(m, x)
                """);
        assertThat(g.render()).isEqualTo("""
                graph(%x: Tensor)
                  %m = aten::zeros_like(%x)  # M code/__torch__.py:4
                  %slice = aten::slice(%m, 0, 0, 2)  # M code/__torch__.py:5
                  %_0 = aten::slice(%slice, 1, 1, 3)  # M code/__torch__.py:5
                  %_1 = aten::fill_(%_0, 5.0)  # M code/__torch__.py:6
                  %slice_1 = aten::slice_scatter(%slice, %_1, 1, 1, 3)  # M code/__torch__.py:6
                  %m_1 = aten::slice_scatter(%m, %slice_1, 0, 0, 2)  # M code/__torch__.py:6
                  %add = aten::add(%m_1, %x)  # M code/__torch__.py:7
                  return [%add]
                """);
        assertThat(g.writes()).containsExactly(Map.entry("m", "m_1"));
    }

    @Test
    void aViewMadeBeforeAWriteIsMadeAgainWhenReadAfterIt() {
        TorchGraph g = graph("""
                class M(Module):
                  training : bool
                  def forward(self: __torch__.M, x: Tensor) -> Tensor:
                    a = torch.clone(x)
                    w = torch.select(a, 1, 0)
                    t = torch.transpose(a, 0, 1)
                    _0 = torch.add_(torch.select(t, 0, 2), 1.)
                    return w
                """);
        assertThat(g.render()).isEqualTo("""
                graph(%x: Tensor)
                  %a = aten::clone(%x)  # M code/__torch__.py:4
                  %w = aten::select(%a, 1, 0)  # M code/__torch__.py:5
                  %t = aten::transpose(%a, 0, 1)  # M code/__torch__.py:6
                  %select = aten::select(%t, 0, 2)  # M code/__torch__.py:7
                  %_0 = aten::add_(%select, 1.0)  # M code/__torch__.py:7
                  %t_1 = aten::select_scatter(%t, %_0, 0, 2)  # M code/__torch__.py:7
                  %a_1 = aten::transpose(%t_1, 0, 1)  # M code/__torch__.py:7
                  %w_1 = aten::select(%a_1, 1, 0)  # M code/__torch__.py:3
                  return [%w_1]
                """);
    }

    @Test
    void anInPlaceResultIsTheWrittenTensorAndWritesThroughItReachTheRoot() {
        TorchGraph g = graph("""
                class M(Module):
                  training : bool
                  def forward(self: __torch__.M, x: Tensor) -> Tensor:
                    v = torch.view(x, [4, 2])
                    y = torch.mul_(v, 2.)
                    _0 = torch.zero_(torch.select(y, 0, 1))
                    return x
                """);
        assertThat(g.render()).contains(
                "%y = aten::mul_(%v, 2.0)",
                "%x_1 = aten::reshape_as(%y, %x)",
                "%_0 = aten::zero_(%select)",
                "%y_1 = aten::select_scatter(%y, %_0, 0, 1)",
                "%x_2 = aten::reshape_as(%y_1, %x_1)",
                "return [%x_2]");
        assertThat(g.writes()).containsExactly(Map.entry("x", "x_2"));
    }

    @Test
    void aRegisteredBufferWrittenInForwardIsAWrittenRoot() {
        try (TorchArchive a = TorchArchive.open(TestData.path("torch-ops/buffer_write.pt"))) {
            TorchGraph g = TorchScriptLoader.load(a, List.of());
            assertThat(g.tensors()).containsKey("BufferWrite.acc");
            assertThat(g.writes()).containsOnlyKeys("BufferWrite.acc");
            assertThat(g.render()).contains("aten::slice_scatter(%BufferWrite.acc, %_0, 0, 2, 5)",
                    "aten::mul(%" + g.writes().get("BufferWrite.acc") + ", ");
        }
    }

    @Test
    void aWriteThroughAViewUnderDataDependentControlFlowIsRefused() {
        assertThatThrownBy(() -> graph("""
                class M(Module):
                  training : bool
                  def forward(self: __torch__.M, x: Tensor) -> Tensor:
                    m = torch.clone(x)
                    if bool(torch.gt(torch.sum(x), 0)):
                      _0 = torch.fill_(torch.select(m, 0, 0), 1.)
                    else:
                      pass
                    return m
                """)).isInstanceOf(ConversionException.class)
                .hasMessageContaining("an in-place write through a view inside control flow that depends on tensor "
                        + "values is not supported")
                .hasMessageContaining("code/__torch__.py:6")
                .hasMessageContaining("trace the model (torch.jit.trace)");
    }

    @Test
    void aWriteToATensorMadeInsideABranchIsWhatTheBranchGivesBack() {
        TorchGraph g = graph("""
                class M(Module):
                  training : bool
                  def forward(self: __torch__.M, x: Tensor) -> Tensor:
                    if bool(torch.gt(torch.sum(x), 0)):
                      m = torch.clone(x)
                      _0 = torch.add_(m, 1.)
                    else:
                      m = x
                    return m
                """);
        assertThat(g.render()).contains("%_0 = aten::add_(%m, 1.0)", "-> [%_0]");
    }

    @Test
    void aWriteNothingReadsLeavesNoNodesButAWrittenInputKeepsItsFinalValue() {
        TorchGraph unread = graph("""
                class M(Module):
                  training : bool
                  def forward(self: __torch__.M, x: Tensor) -> Tensor:
                    m = torch.clone(x)
                    _0 = torch.fill_(torch.slice(m, 0, 0, 1), 1.)
                    return torch.neg(x)
                """);
        assertThat(unread.render()).doesNotContain("fill_", "slice_scatter");
        TorchGraph input = graph("""
                class M(Module):
                  training : bool
                  def forward(self: __torch__.M, x: Tensor) -> Tensor:
                    _0 = torch.fill_(torch.slice(x, 0, 0, 1), 1.)
                    return torch.neg(_0)
                """);
        assertThat(input.writes()).containsExactly(Map.entry("x", "x_1"));
        assertThat(input.render()).contains("%x_1 = aten::slice_scatter(%x, %_0, 0, 0, 1)");
    }
}
