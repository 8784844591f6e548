package dev.mil4j.frontend.pytorch.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParserTest {
    private static final String LINEAR = """
            class Linear(Module):
              __parameters__ = ["weight", "bias", ]
              __buffers__ = []
              weight : Tensor
              bias : Tensor
              training : bool
              _is_full_backward_hook : Optional[bool]
              def forward(self: __torch__.torch.nn.modules.linear.Linear,
                x: Tensor) -> Tensor:
                bias = self.bias
                weight = self.weight
                return torch.linear(x, weight, bias)
            """;

    @Test
    void parsesATracedModuleClass() {
        SourceFile f = Parser.parse("code/__torch__/torch/nn/modules/linear.py", LINEAR);
        assertThat(f.module()).isEqualTo("__torch__.torch.nn.modules.linear");
        ClassDef c = f.classes().get(0);
        assertThat(c.qualifiedName()).isEqualTo("__torch__.torch.nn.modules.linear.Linear");
        assertThat(c.bases()).containsExactly("Module");
        assertThat(c.parameters()).containsExactly("weight", "bias");
        assertThat(c.buffers()).isEmpty();
        assertThat(c.attributes()).containsOnlyKeys("weight", "bias", "training", "_is_full_backward_hook");
        FunctionDef forward = c.method("forward").orElseThrow();
        assertThat(forward.line()).isEqualTo(8);
        assertThat(forward.params()).extracting(FunctionDef.Param::name).containsExactly("self", "x");
        assertThat(forward.body()).hasSize(3);
        Stmt.Return ret = (Stmt.Return) forward.body().get(2);
        assertThat(ret.line()).isEqualTo(12);
        Expr.Call call = (Expr.Call) ret.value().orElseThrow();
        assertThat(Expr.dottedName(call.func())).contains("torch.linear");
        assertThat(call.args()).hasSize(3);
    }

    @Test
    void parsesScriptedControlFlowAndExpressions() {
        String src = """
                class M(Module):
                  n : Final[int] = 3
                  def forward(self: __torch__.M, x: Tensor, k: int=2) -> Tuple[Tensor, Tensor]:
                    y = x
                    for i in range(self.n):
                      if i % 2 == 0 and not False:
                        y = torch.add(y, 1, alpha=2)
                      elif i is None:
                        pass
                      else:
                        y = -y[0, 1:-1, ::2]
                    while k > 0:
                      k -= 1
                    a, b, = torch.topk(y, k)  # a comment
                    return (a, b if k else a)
                """;
        ClassDef c = Parser.parse("code/__torch__.py", src).classes().get(0);
        assertThat(c.constants()).containsKey("n");
        FunctionDef f = c.method("forward").orElseThrow();
        assertThat(f.params().get(2).defaultValue()).isPresent();
        assertThat(f.body()).extracting(Stmt::line).containsExactly(4, 5, 12, 14, 15);
        Stmt.For loop = (Stmt.For) f.body().get(1);
        Stmt.If branch = (Stmt.If) loop.body().get(0);
        Stmt.Assign add = (Stmt.Assign) branch.body().get(0);
        assertThat(((Expr.Call) add.value()).keywords()).extracting(Expr.Keyword::name).containsExactly("alpha");
        Stmt.If elif = (Stmt.If) branch.orElse().get(0);
        Stmt.Assign neg = (Stmt.Assign) elif.orElse().get(0);
        Expr.UnaryOp minus = (Expr.UnaryOp) neg.value();
        Expr.Subscript sub = (Expr.Subscript) minus.operand();
        assertThat(((Expr.TupleExpr) sub.index()).items()).hasSize(3);
        Stmt.Assign unpack = (Stmt.Assign) f.body().get(3);
        assertThat(((Expr.TupleExpr) unpack.target()).items()).hasSize(2);
    }

    @Test
    void reportsTheLineOfASyntaxError() {
        assertThatThrownBy(() -> Parser.parse("code/__torch__.py", "class M(Module):\n  def forward(self):\n"
                + "    x = torch.relu(x\n    return x\n"))
                .isInstanceOf(ScriptSyntaxException.class)
                .hasMessage("code/__torch__.py:4: expected ',', found 'return'");
        assertThatThrownBy(() -> Parser.parse("code/__torch__.py", "class M:\n    x : int\n  y : int\n"))
                .hasMessage("code/__torch__.py:3: the indentation does not match any outer level");
        assertThatThrownBy(() -> Parser.parse("code/__torch__.py", "x = 1\n"))
                .hasMessage("code/__torch__.py:1: expected a class, a def or an import, found 'x'");
    }

    @Test
    void namesModulesAfterTheirFiles() {
        assertThat(SourceFile.moduleOf("code/__torch__.py")).isEqualTo("__torch__");
        assertThat(SourceFile.moduleOf("code/__torch__/torch/nn/modules/linear/___torch_mangle_4.py"))
                .isEqualTo("__torch__.torch.nn.modules.linear.___torch_mangle_4");
        assertThat(List.of(1)).hasSize(1);
    }
}
