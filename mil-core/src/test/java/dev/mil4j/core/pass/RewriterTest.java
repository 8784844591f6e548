package dev.mil4j.core.pass;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.ir.Block;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.testing.TestOps;
import dev.mil4j.core.text.MilParser;
import dev.mil4j.core.text.MilPrinter;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The public rewrite API: a pattern pass's sweep and each rewriter operation, on MIL text. */
class RewriterTest {
    private static final OpRegistry OPS = TestOps.registry();

    private static Program parse(String body) {
        return MilParser.parse("program(version: 1)\n\n" + body, OPS);
    }

    private static String text(String body) {
        return "program(version: 1)\n\n" + body;
    }

    /** The Javadoc example of {@link PatternPass}. */
    private static final class MergeRelus extends PatternPass {
        @Override
        public String id() {
            return "test::merge_relus";
        }

        @Override
        public String summary() {
            return "relu(relu(x)) -> relu(x)";
        }

        @Override
        protected boolean rewrite(Operation op, Rewriter rw) {
            if (!op.type().equals("relu")) {
                return false;
            }
            Var inner = op.requireInput("x");
            boolean reluOfRelu = inner.producer().filter(p -> p.type().equals("relu")).isPresent();
            if (!reluOfRelu || !rw.canReplace(op.output(), inner)) {
                return false;
            }
            rw.replace(op.output(), inner);
            rw.erase(op);
            return true;
        }
    }

    @Test
    void aPatternPassRewritesChainsInOneSweepAndReturnedVarsKeepTheirNames() {
        Program p = parse("""
                func main<iOS15>(%x: fp32[2]) {
                  %a: fp32[2] = relu(x = %x)
                  %b: fp32[2] = relu(x = %a)
                  %c: fp32[2] = relu(x = %b)
                  %d: fp32[2] = mul(x = %c, y = %x)
                } -> (%d, %c)
                """);
        PassContext ctx = PassContext.withDefaults(OPS);
        new MergeRelus().run(p, ctx);
        // %c is returned: the relu left in its place takes its name
        assertThat(MilPrinter.print(p)).isEqualTo(text("""
                func main<iOS15>(%x: fp32[2]) {
                  %c: fp32[2] = relu(x = %x)
                  %d: fp32[2] = mul(x = %c, y = %x)
                } -> (%d, %c)
                """));
        assertThat(ctx.statistics()).containsEntry("patterns_matched", 2L).containsEntry("ops_removed", 2L);
        assertThat(Verifier.verify(p)).isEmpty();
    }

    @Test
    void aFunctionInputIsNeverRenamedSoAReturnedVarItWouldReplaceStays() {
        Program p = parse("""
                func main<iOS15>(%x: fp32[2]) {
                  %a: fp32[2] = relu(x = %x)
                } -> (%a, %x)
                """);
        Rewriter rw = Rewriter.of(PassContext.withDefaults(OPS));
        Var a = p.main().outputs().get(0);
        Var x = p.main().inputs().get(0);
        assertThat(rw.canReplace(a, x)).isFalse();
        assertThatThrownBy(() -> rw.replace(a, x)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot replace %a");
        assertThat(rw.canReplace(x, a)).isFalse(); // returned too
    }

    @Test
    void aRewriteMayEraseTheOpsAfterItsAnchorAndTheSweepGoesOn() {
        Program p = parse("""
                func main<iOS15>(%x: fp32[2]) {
                  %a: fp32[2] = add(x = %x, y = %x)
                  %u: fp32[2] = relu(x = %a)
                  %v: fp32[2] = relu(x = %a)
                  %b: fp32[2] = add(x = %a, y = %x)
                  %w: fp32[2] = relu(x = %b)
                } -> (%b)
                """);
        // anchored at add: erase the unused ops right after it
        PatternPass dropFollowers = new PatternPass() {
            @Override
            public String id() {
                return "test::drop_followers";
            }

            @Override
            public String summary() {
                return "erase unused ops after an add";
            }

            @Override
            protected boolean rewrite(Operation op, Rewriter rw) {
                if (!op.type().equals("add")) {
                    return false;
                }
                boolean erased = false;
                for (Operation next = op.next().orElse(null); next != null && next.isUnused();
                        next = op.next().orElse(null)) {
                    rw.erase(next);
                    erased = true;
                }
                return erased;
            }
        };
        PassContext ctx = PassContext.withDefaults(OPS);
        dropFollowers.run(p, ctx);
        assertThat(MilPrinter.print(p)).isEqualTo(text("""
                func main<iOS15>(%x: fp32[2]) {
                  %a: fp32[2] = add(x = %x, y = %x)
                  %b: fp32[2] = add(x = %a, y = %x)
                } -> (%b)
                """));
        assertThat(ctx.statistics()).containsEntry("patterns_matched", 2L).containsEntry("ops_removed", 3L);
    }

    @Test
    void aRewriteThatErasesTheNextOpBehindTheRewritersBackIsReportedAsABug() {
        Program p = parse("""
                func main<iOS15>(%x: fp32[2]) {
                  %a: fp32[2] = relu(x = %x)
                  %u: fp32[2] = relu(x = %a)
                } -> (%a)
                """);
        PatternPass byHand = new PatternPass() {
            @Override
            public String id() {
                return "test::by_hand";
            }

            @Override
            public String summary() {
                return "erases the op after the anchor through its block";
            }

            @Override
            protected boolean rewrite(Operation op, Rewriter rw) {
                Operation next = op.next().orElse(null);
                if (next != null) {
                    next.parent().orElseThrow().erase(next);
                }
                return next != null;
            }
        };
        assertThatThrownBy(() -> byHand.run(p, PassContext.withDefaults(OPS)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a rewrite anchored at").hasMessageContaining("other than through the Rewriter");
    }

    @Test
    void eraseTakesTheConstantsNothingElseUses() {
        Program p = parse("""
                func main<iOS15>(%x: fp32[2]) {
                  %w: fp32[2] = const() {val = fp32[2] [1.0, 2.0]}
                  %s: fp32[2] = const() {val = fp32[2] [3.0, 4.0]}
                  %a: fp32[2] = mul(x = %x, y = %w)
                  %b: fp32[2] = mul(x = %x, y = %s)
                  %c: fp32[2] = add(x = %b, y = %s)
                } -> (%c)
                """);
        Rewriter rw = Rewriter.of(PassContext.withDefaults(OPS));
        Operation a = p.main().body().operationList().get(2);
        Operation c = p.main().body().operationList().get(4);
        assertThatThrownBy(() -> rw.erase(c.requireInput("x").producer().orElseThrow()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is still used");
        rw.erase(a);
        assertThat(MilPrinter.print(p)).doesNotContain("%w").doesNotContain("%a").contains("%s: fp32[2] = const()");
        assertThat(rw.opsRemoved()).isEqualTo(1); // constants are not counted
    }

    @Test
    void replaceOpGivesTheNewOpTheNamesAndTheTypesDownstreamFollowAtFinish() {
        Program p = parse("""
                func main<iOS15>(%x: fp32[2, 4]) {
                  %k: int32[] = const() {val = int32[] [3]}
                  %v: fp32[2, 3], %i: int32[2, 3] = topk(x = %x, k = %k) @("torch", "aten::topk", "head", "m.py", 3)
                  %s: fp32[2, 3] = add(x = %v, y = %v)
                } -> (%s, %i)
                """);
        Operation topk = p.main().body().operationList().stream().filter(o -> o.type().equals("topk")).findFirst()
                .orElseThrow();
        Rewriter rw = Rewriter.of(PassContext.withDefaults(OPS));
        // topk(x, 3) -> topk(x, 2): a narrower type, which add's output takes at finish
        List<Var> fresh = rw.before(topk).op("topk").input("x", topk.requireInput("x"))
                .input("k", TensorValue.scalar(2)).outputs();
        rw.replaceOp(topk, fresh);
        rw.finish();
        assertThat(MilPrinter.print(p)).contains(
                "%v: fp32[2, 2], %i: int32[2, 2] = topk(x = %x, k = %topk_k) @(\"torch\", \"aten::topk\"")
                .contains("%s: fp32[2, 2] = add(x = %v, y = %v)")
                .doesNotContain("%k:") // topk's old k went with it
                .endsWith("} -> (%s, %i)\n");
        assertThat(Verifier.verify(p)).isEmpty();
    }

    @Test
    void replaceOpByOneConstantPerOutputNamesEachConstantAfterItsOutput() {
        Program p = parse("""
                func main<iOS15>(%x: fp32[2]) {
                  %c: fp32[1, 2] = const() {val = fp32[1, 2] [4.0, 1.0]}
                  %v: fp32[1, 1], %i: int32[1, 1] = topk(x = %c)
                  %s: fp32[1, 1] = add(x = %v, y = %v)
                } -> (%s, %i)
                """);
        Operation topk = p.main().body().operationList().get(1);
        Rewriter rw = Rewriter.of(PassContext.withDefaults(OPS));
        var b = rw.before(topk);
        Var v = b.constant(TensorValue.fromDoubles(dev.mil4j.core.types.DType.FP32,
                dev.mil4j.core.types.Shape.of(1, 1), 4.0));
        Var i = b.constant(TensorValue.fromDoubles(dev.mil4j.core.types.DType.INT32,
                dev.mil4j.core.types.Shape.of(1, 1), 0));
        rw.replaceOp(topk, List.of(v, i));
        rw.finish();
        assertThat(MilPrinter.print(p)).isEqualTo(text("""
                func main<iOS15>(%x: fp32[2]) {
                  %v: fp32[1, 1] = const() {val = fp32[1, 1] [4.0]}
                  %i: int32[1, 1] = const() {val = int32[1, 1] [0]}
                  %s: fp32[1, 1] = add(x = %v, y = %v)
                } -> (%s, %i)
                """));
        assertThat(rw.opsRemoved()).isEqualTo(1);
    }

    @Test
    void replaceUsesAfterRedirectsOnlyTheLaterUsesAndTheBlockOutputs() {
        Program p = parse("""
                func main<iOS15>(%x: fp32[2]) {
                  %a: fp32[2] = relu(x = %x)
                  %b: fp32[2] = mul(x = %a, y = %x)
                } -> (%b, %x)
                """);
        Block body = p.main().body();
        Var x = p.main().inputs().get(0);
        Operation first = body.firstOperation().orElseThrow();
        Rewriter rw = Rewriter.of(PassContext.withDefaults(OPS));
        // a relu of %x right after the first op: the mul and the function's output take it, the first relu not
        Var r = rw.after(first).op("relu").input("x", x).name("x_relu").output();
        rw.replaceUsesAfter(r.producer().orElseThrow(), x, r);
        assertThat(MilPrinter.print(p)).isEqualTo(text("""
                func main<iOS15>(%x: fp32[2]) {
                  %a: fp32[2] = relu(x = %x)
                  %x_relu: fp32[2] = relu(x = %x)
                  %b: fp32[2] = mul(x = %a, y = %x_relu)
                } -> (%b, %x_relu)
                """));
        assertThat(Verifier.verify(p)).isEmpty();
    }

    @Test
    void replaceUsesAfterReachesIntoTheNestedBlocksOfLaterOps() {
        Program p = parse("""
                func main<iOS15>(%x: fp32[2], %p: bool[]) {
                  %y: fp32[2] = cond(pred = %p) {
                    block() {
                      %t: fp32[2] = relu(x = %x)
                    } -> (%t)
                    block() {
                    } -> (%x)
                  }
                } -> (%y)
                """);
        Block body = p.main().body();
        Var x = p.main().inputs().get(0);
        Rewriter rw = Rewriter.of(PassContext.withDefaults(OPS));
        Var m = rw.atStart(body).op("mul").input("x", x).input("y", x).name("m").output();
        rw.replaceUsesAfter(m.producer().orElseThrow(), x, m);
        String printed = MilPrinter.print(p);
        assertThat(printed).contains("%m: fp32[2] = mul(x = %x, y = %x)")
                .contains("%t: fp32[2] = relu(x = %m)").contains("} -> (%m)").doesNotContain("} -> (%x)");
        assertThat(Verifier.verify(p)).isEmpty();
    }

    @Test
    void copyRebindsSomeInputsAndKeepsTheOthersAndTheLocation() {
        Program p = parse("""
                func main<iOS15>(%x: fp32[2], %z: fp32[2]) {
                  %a: fp32[2] = add(x = %x, y = %x) @("torch", "aten::add", "m.a", "m.py", 1)
                  %b: fp32[2] = relu(x = %a)
                } -> (%b)
                """);
        Operation add = p.main().body().firstOperation().orElseThrow();
        Operation relu = p.main().body().lastOperation().orElseThrow();
        Rewriter rw = Rewriter.of(PassContext.withDefaults(OPS));
        Operation copy = rw.copy(add, Map.of("y", p.main().inputs().get(1)), relu);
        rw.replaceOp(add, copy.output());
        // the copy stands before relu and takes add's names; relu now uses it
        assertThat(MilPrinter.print(p)).isEqualTo(text("""
                func main<iOS15>(%x: fp32[2], %z: fp32[2]) {
                  %a: fp32[2] = add(x = %x, y = %z) @("torch", "aten::add", "m.a", "m.py", 1)
                  %b: fp32[2] = relu(x = %a)
                } -> (%b)
                """));
        assertThat(rw.opsRemoved()).isZero();
    }

    @Test
    void atEndAppendsAndAtStartOfAnEmptyBlockAppendsToo() {
        Program p = parse("""
                func main<iOS15>(%x: fp32[2]) {
                } -> (%x)
                """);
        Block body = p.main().body();
        Rewriter rw = Rewriter.of(PassContext.withDefaults(OPS));
        Var first = rw.atStart(body).op("relu").input("x", p.main().inputs().get(0)).name("first").output();
        Var last = rw.atEnd(body).op("relu").input("x", first).name("last").output();
        rw.atStart(body).op("relu").input("x", p.main().inputs().get(0)).name("zeroth").output();
        assertThat(body.operationList()).extracting(Operation::name).containsExactly("zeroth", "first", "last");
        assertThat(last.producer().orElseThrow().location()).isEqualTo(dev.mil4j.core.diag.Location.UNKNOWN);
    }
}
