package dev.mil4j.frontend.pytorch.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.types.Shape;
import dev.mil4j.frontend.pytorch.Fixtures;
import dev.mil4j.frontend.pytorch.archive.TorchArchive;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What scripted code does besides tensor ops, evaluated while the graph is built. */
class ScriptConstructsTest {
    @TempDir
    Path tmp;

    private TorchGraph graph(String root, String helpers) {
        return graph(root, helpers, List.of());
    }

    private TorchGraph graph(String root, String helpers, List<Optional<Shape>> shapes) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("m/data.pkl", GraphBuilderTest.TEST_MODULE_PICKLE);
        entries.put("m/code/__torch__.py", root.getBytes(StandardCharsets.UTF_8));
        entries.put("m/code/__torch__/helpers.py", helpers.getBytes(StandardCharsets.UTF_8));
        try (TorchArchive a = TorchArchive.open(Fixtures.zip(tmp.resolve("m.pt"), entries, true))) {
            return TorchScriptLoader.load(a, shapes);
        }
    }

    private static final String HELPERS = """
            def scale(x: Tensor, factor: float=2.) -> Tensor:
              if torch.lt(factor, 0.):
                _0 = torch.format("factor {} is negative", factor)
                ops.prim.RaiseException(_0, "builtins.ValueError")
              else:
                pass
              return torch.mul(x, factor)
            def shuffle(x: Tensor, groups: int) -> Tensor:
              batch, channels, height, width, = torch.size(x)
              per_group = torch.floordiv(channels, groups)
              return torch.view(x, [batch, groups, per_group, height, width])
            """;

    @Test
    void inlinesScriptedHelperFunctionsWithDefaultsAndUnpacksSizes() {
        TorchGraph g = graph("""
                class M(Module):
                  training : bool
                  def forward(self: __torch__.M, x: Tensor) -> Tensor:
                    _0 = __torch__.helpers.scale
                    y = _0(x, )
                    return __torch__.helpers.shuffle(y, 2)
                """, HELPERS);
        assertThat(g.render()).isEqualTo("""
                graph(%x: Tensor)
                  %mul = aten::mul(%x, 2.0)  # M code/__torch__/helpers.py:7
                  %size = aten::size(%mul)  # M code/__torch__/helpers.py:9
                  %batch = aten::__getitem__(%size, 0)  # M code/__torch__/helpers.py:9
                  %channels = aten::__getitem__(%size, 1)  # M code/__torch__/helpers.py:9
                  %height = aten::__getitem__(%size, 2)  # M code/__torch__/helpers.py:9
                  %width = aten::__getitem__(%size, 3)  # M code/__torch__/helpers.py:9
                  %per_group = aten::floordiv(%channels, 2)  # M code/__torch__/helpers.py:10
                  %view = aten::view(%mul, [%batch, 2, %per_group, %height, %width])  # M code/__torch__/helpers.py:11
                  return [%view]
                """);
    }

    @Test
    void aRaiseOnAKnownPathIsAnErrorWithTheFormattedMessage() {
        assertThatThrownBy(() -> graph("""
                class M(Module):
                  training : bool
                  def forward(self: __torch__.M, x: Tensor) -> Tensor:
                    return __torch__.helpers.scale(x, -1.5)
                """, HELPERS)).hasMessage("""
                error: the model's code raises an exception for this model: factor -1.5 is negative
                  at torch in M (code/__torch__/helpers.py:4)
                  hint: the code checks its inputs or attributes here; give input shapes and a model configuration \
                the code accepts""");
    }

    @Test
    void aBranchThatRaisesOnATensorConditionBecomesAGuard() {
        TorchGraph g = graph("""
                class M(Module):
                  training : bool
                  def forward(self: __torch__.M, x: Tensor) -> Tensor:
                    if torch.ne(torch.dim(x), 4):
                      _0 = torch.format("expected 4D input (got {}D input)", torch.dim(x))
                      ops.prim.RaiseException(_0, "builtins.ValueError")
                      y = uninitialized(Tensor)
                    else:
                      y = torch.relu(x)
                    assert torch.gt(torch.numel(y), 0), "empty"
                    return y
                """, "");
        assertThat(g.render()).isEqualTo("""
                graph(%x: Tensor)
                  %dim = aten::dim(%x)  # M code/__torch__.py:4
                  %ne = aten::ne(%dim, 4)  # M code/__torch__.py:4
                  prim::If(%ne)  # M code/__torch__.py:4
                    block0():
                      prim::RaiseException('expected 4D input (got ?D input)')  # M code/__torch__.py:6
                      -> []
                    block1():
                      -> []
                  %y = aten::relu(%x)  # M code/__torch__.py:9
                  %numel = aten::numel(%y)  # M code/__torch__.py:10
                  %gt = aten::gt(%numel, 0)  # M code/__torch__.py:10
                  prim::If(%gt)  # M code/__torch__.py:10
                    block0():
                      -> []
                    block1():
                      prim::RaiseException('empty')  # M code/__torch__.py:10
                      -> []
                  return [%y]
                """);
    }

    @Test
    void evaluatesListsDictsAndTypeQueries() {
        TorchGraph g = graph("""
                class M(Module):
                  training : bool
                  __annotations__["0"] = __torch__.Child
                  def forward(self: __torch__.M, x: Tensor) -> Dict[str, Tensor]:
                    features = annotate(List[Tensor], [x])
                    for i in range(2):
                      _1 = torch.append(features, torch.relu(features[-1]))
                    y = torch.cat(features, 1)
                    result = annotate(Dict[str, Tensor], {})
                    if isinstance(y, Tensor) and not isinstance(self.training, int):
                      _2 = torch._set_item(result, "out", y)
                    if torch.__contains__(result, "aux"):
                      _3 = torch._set_item(result, "never", x)
                    a, b, = (torch.len(features), getattr(self, "training"))
                    bias = torch.jit._unwrap_optional(y)
                    if torch.__isnot__(bias, None) and hasattr(self, "training"):
                      _4 = torch._set_item(result, "n", torch.mul(x, a))
                    return result
                """, "");
        assertThat(g.render()).isEqualTo("""
                graph(%x: Tensor)
                  %relu = aten::relu(%x)  # M code/__torch__.py:7
                  %relu_1 = aten::relu(%relu)  # M code/__torch__.py:7
                  %y = aten::cat([%x, %relu, %relu_1], 1)  # M code/__torch__.py:8
                  %mul = aten::mul(%x, 3)  # M code/__torch__.py:17
                  return [%y, %mul]
                """);
    }

    @Test
    void foldsShapeQueriesOfTheInputsAndSlicesShapeListsAlongTheirOnlyDim() {
        TorchGraph g = graph("""
                class M(Module):
                  training : bool
                  def forward(self: __torch__.M, x: Tensor) -> Tensor:
                    last = torch.slice(torch.size(x), -1)
                    if torch.ne(torch.len(last), 1):
                      ops.prim.RaiseException("AssertionError: ")
                    y = torch.relu(x)
                    spatial = torch.slice(torch.size(y), -2)
                    return torch.reshape(y, [torch.size(x, 0), torch.size(x, 1), torch.len(spatial)])
                """, "", List.of(Optional.of(Shape.parse("2xS"))));
        assertThat(g.render()).isEqualTo("""
                graph(%x: Tensor)
                  %size = aten::size(%x, 1)  # M code/__torch__.py:4
                  %y = aten::relu(%x)  # M code/__torch__.py:7
                  %size_1 = aten::size(%y)  # M code/__torch__.py:8
                  %spatial = aten::slice(%size_1, 0, -2)  # M code/__torch__.py:8
                  %size_2 = aten::size(%x, 1)  # M code/__torch__.py:9
                  %len = aten::len(%spatial)  # M code/__torch__.py:9
                  %reshape = aten::reshape(%y, [2, %size_2, %len])  # M code/__torch__.py:9
                  return [%reshape]
                """);
    }

    @Test
    void refusesChangingAListUnderATensorCondition() {
        assertThatThrownBy(() -> graph("""
                class M(Module):
                  training : bool
                  def forward(self: __torch__.M, x: Tensor) -> Tensor:
                    xs = [x]
                    if bool(torch.gt(torch.sum(x), 0)):
                      _0 = torch.append(xs, torch.neg(x))
                    return torch.cat(xs, 0)
                """, "")).hasMessage("""
                error: `xs` (list [%x, %neg]) changes under control flow that depends on tensor values; only \
                tensors, numbers and bools can
                  at torch in M (code/__torch__.py:5)
                  hint: trace the model (torch.jit.trace) with a representative input, or rewrite the code so \
                branches and loop bodies fall through""");
    }

    @Test
    void refusesUsingAValueBoundOnlyOnARaisingPath() {
        assertThatThrownBy(() -> graph("""
                class M(Module):
                  training : bool
                  def forward(self: __torch__.M, x: Tensor) -> Tensor:
                    y = uninitialized(Tensor)
                    return torch.relu(y)
                """, "")).hasMessage("""
                error: an uninitialized value (bound only on a path that raises) is used as a value
                  at torch in M (code/__torch__.py:5)""");
    }
}
