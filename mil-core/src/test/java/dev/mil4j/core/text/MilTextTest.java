package dev.mil4j.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.testing.RandomPrograms;
import dev.mil4j.core.testing.TestOps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MilTextTest {
    private final OpRegistry registry = TestOps.registry();

    private static final String SAMPLE = """
            program(version: 1)
            attribute producer = "mil4j"

            func main<iOS15>(%p: bool[], %x: fp32[B, 4], %"in:0": fp32[4]) {
              %w: fp32[4] = const() {val = fp32[4] [1.0, -2.5, nan, -inf]}
              %h: fp16[2] = const() {val = fp16[2] [0.33325195, 65504.0]}
              %s: string[] = const() {val = string[] ["a \\"quoted\\" line\\n"]}
              %y: fp32[B, 4] = add(x = %x, y = %w) @("torch", "aten::add", "model.add", "code/m.py", 12)
              %v: fp32[B, 2], %i: int32[B, 2] = topk(x = %y, k = %k) [name = "top"]
              %r: fp32[B, 2] = cond(pred = %p) {
                block() {
                  %t: fp32[B, 2] = relu(x = %v)
                } -> (%t)
                block() {
                } -> (%v)
              }
            } -> (%r, %i)
            """;

    @Test
    void printParsePrintIsTheIdentity() {
        String text = SAMPLE.replace("topk(x = %y, k = %k)", "topk(x = %y, k = %k, axis = %a)")
                .replace("  %y:", "  %k: int32[] = const() {val = int32[] [2]}\n"
                        + "  %a: int32[] = const() {val = int32[] [-1]}\n  %y:");
        Program p = MilParser.parse(text, registry);
        assertThat(Verifier.verify(p)).isEmpty();
        assertThat(MilPrinter.print(p)).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
    void randomProgramsRoundTrip(int seedBlock) {
        for (long seed = seedBlock * 20L; seed < seedBlock * 20L + 20; seed++) {
            Program p = RandomPrograms.generate(seed, registry);
            assertThat(Verifier.verify(p)).as("seed %d", seed).isEmpty();
            String text = MilPrinter.print(p);
            Program back = MilParser.parse(text, registry);
            assertThat(Verifier.verify(back)).as("seed %d", seed).isEmpty();
            assertThat(MilPrinter.print(back)).as("seed %d", seed).isEqualTo(text);
        }
    }

    @Test
    void useBeforeDefinitionIsReportedWithPosition() {
        String text = """
                program(version: 1)
                func main<iOS15>(%x: fp32[2]) {
                  %a: fp32[2] = relu(x = %b)
                } -> (%a)
                """;
        assertThatThrownBy(() -> MilParser.parse(text, registry))
                .isInstanceOf(MilSyntaxException.class)
                .hasMessage("line 3:26: %b is not defined before this use");
    }

    @Test
    void declaredTypesMustMatchInference() {
        String text = """
                program(version: 1)
                func main<iOS15>(%x: fp32[2]) {
                  %a: fp32[3] = relu(x = %x)
                } -> (%a)
                """;
        assertThatThrownBy(() -> MilParser.parse(text, registry))
                .hasMessage("line 3:3: `relu`: outputs are declared as [fp32[3]], but its inputs give [fp32[2]]");
    }

    @Test
    void specViolationsKeepTheirMessage() {
        String text = """
                program(version: 1)
                func main<iOS15>(%x: fp32[2, 8], %k: int32[]) {
                  %v: fp32[2, 1], %i: int32[2, 1] = topk(x = %x, k = %k)
                } -> (%v)
                """;
        assertThatThrownBy(() -> MilParser.parse(text, registry))
                .hasMessage("line 3:37: `topk` input `k` must be const");
    }

    @Test
    void duplicateNamesAndUnknownOpsAreRejected() {
        String dup = """
                program(version: 1)
                func main<iOS15>(%x: fp32[2]) {
                  %x: fp32[2] = relu(x = %x)
                } -> (%x)
                """;
        assertThatThrownBy(() -> MilParser.parse(dup, registry))
                .hasMessage("line 3:3: the name %x is defined twice");
        String unknown = """
                program(version: 1)
                func main<iOS15>(%x: fp32[2]) {
                  %a: fp32[2] = frobnicate(x = %x)
                } -> (%a)
                """;
        assertThatThrownBy(() -> MilParser.parse(unknown, registry))
                .hasMessage("line 3:17: unknown op `frobnicate`");
    }

    @Test
    void elidedConstantsPrintButDoNotParse() {
        Program p = MilParser.parse("""
                program(version: 1)
                func main<iOS15>() {
                  %w: fp32[4] = const() {val = fp32[4] [1.0, 2.0, 3.0, 4.0]}
                } -> (%w)
                """, registry);
        String elided = MilPrinter.eliding(2).format(p);
        assertThat(elided).contains("%w: fp32[4] = const() {val = fp32[4] <4 elements>}");
        assertThatThrownBy(() -> MilParser.parse(elided, registry))
                .hasMessageContaining("this constant was elided by the printer");
    }

    @Test
    void malformedTextNamesTheToken() {
        assertThatThrownBy(() -> MilParser.parse("program(version: 1)\nfunc main<iOS99>() {\n} -> ()", registry))
                .hasMessage("line 2:11: unknown opset 'iOS99'; known: iOS15, iOS16, iOS17, iOS18");
        assertThatThrownBy(() -> MilParser.parse("program(version: 1)\nfunc main<iOS15>(%x: fp32[2]) {\n",
                registry)).hasMessage("line 3:1: expected an op type, found the end of the text");
        assertThatThrownBy(() -> MilParser.parse("program(version: 1) \"open", registry))
                .hasMessage("line 1:21: unterminated string");
    }
}
