package dev.mil4j.frontend.pytorch.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The constructs of printed TorchScript beyond the traced basics, and the limits that keep the parser safe. */
class ParserConstructsTest {
    @Test
    void readsNumberedChildrenAndConstantListsInAClassBody() {
        ClassDef c = Parser.parse("code/__torch__/torch/nn/modules/container/___torch_mangle_77.py", """
                class Sequential(Module):
                  __parameters__ = []
                  __buffers__ = []
                  __constants__ = ["eps", "groups", ]
                  training : bool
                  __annotations__["0"] = __torch__.torchvision.models.resnet.Bottleneck
                  __annotations__["1"] = __torch__.torchvision.models.resnet.___torch_mangle_68.Bottleneck
                  def forward(self: __torch__.torch.nn.modules.container.___torch_mangle_77.Sequential,
                    argument_1: Tensor) -> Tensor:
                    _0 = getattr(self, "0")
                    return (_0).forward(argument_1, )
                """).classes().get(0);
        assertThat(c.qualifiedName()).isEqualTo("__torch__.torch.nn.modules.container.___torch_mangle_77.Sequential");
        assertThat(c.attributes()).containsOnlyKeys("training", "0", "1");
        assertThat(Expr.dottedName(c.attributes().get("1")))
                .contains("__torch__.torchvision.models.resnet.___torch_mangle_68.Bottleneck");
        assertThat(c.constantNames()).containsExactly("eps", "groups");
    }

    @Test
    void refusesOtherStatementsInAClassBody() {
        assertThatThrownBy(() -> Parser.parse("code/__torch__.py", "class M(Module):\n  x : int\n  torch.relu(x)\n"))
                .isInstanceOf(ScriptSyntaxException.class)
                .hasMessage("code/__torch__.py:3: a class body holds annotations (`name : T` or "
                        + "`__annotations__[\"name\"] = T`), assignments and defs only");
    }

    @Test
    void readsDictLiteralsRaiseAndAssertMessages() {
        FunctionDef f = Parser.parse("code/__torch__/helpers.py", """
                def check(x: Tensor) -> Dict[str, Tensor]:
                  d = {"out": x, "aux": torch.neg(x), }
                  assert torch.eq(torch.dim(x), 4), "expected 4D input"
                  if False:
                    raise builtins.ValueError("bad input")
                  return {}
                """).functions().get(0);
        Expr.DictExpr d = (Expr.DictExpr) ((Stmt.Assign) f.body().get(0)).value();
        assertThat(d.keys()).extracting(k -> ((Expr.Constant) k).value()).containsExactly("out", "aux");
        Stmt.Assert check = (Stmt.Assert) f.body().get(1);
        assertThat(check.message()).map(m -> ((Expr.Constant) m).value()).contains("expected 4D input");
        Stmt.Raise raise = (Stmt.Raise) ((Stmt.If) f.body().get(2)).body().get(0);
        assertThat(raise.exception()).isPresent();
        assertThat(((Expr.DictExpr) ((Stmt.Return) f.body().get(3)).value().orElseThrow()).keys()).isEmpty();
    }

    @Test
    void refusesExpressionsNestedTooDeeplyWithoutOverflowingTheStack() {
        String deep = "def f(x: Tensor) -> Tensor:\n  return " + "(".repeat(500) + "x" + ")".repeat(500) + "\n";
        assertThatThrownBy(() -> Parser.parse("code/__torch__/deep.py", deep))
                .isInstanceOf(ScriptSyntaxException.class)
                .hasMessage("code/__torch__/deep.py:2: an expression nests more than 100 levels deep; the converter "
                        + "reads TorchScript as PyTorch prints it, which never nests that deep");
        String negated = "def f(x: int) -> int:\n  return " + "-".repeat(5000) + "x\n";
        assertThatThrownBy(() -> Parser.parse("code/__torch__/deep.py", negated))
                .hasMessageContaining("an expression nests more than 100 levels deep");
    }

    @Test
    void refusesAStatementChainingTooManyOperators() {
        String chain = "def f(x: int) -> int:\n  return x" + " + 1".repeat(3000) + "\n";
        assertThatThrownBy(() -> Parser.parse("code/__torch__/long.py", chain))
                .isInstanceOf(ScriptSyntaxException.class)
                .hasMessage("code/__torch__/long.py:2: a statement applies more than 2000 operators, calls, "
                        + "subscripts and attribute reads; the converter reads TorchScript as PyTorch prints it, "
                        + "which splits such expressions over several statements");
        String fine = "def f(x: int) -> int:\n  return x" + " + 1".repeat(1000) + "\n";
        assertThat(Parser.parse("code/__torch__/long.py", fine).functions()).hasSize(1);
    }
}
