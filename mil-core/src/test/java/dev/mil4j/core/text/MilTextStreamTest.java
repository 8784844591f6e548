package dev.mil4j.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.testing.TestOps;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** MIL text read as a stream: tokens split at reads and buffer ends, large literals, bad input. */
class MilTextStreamTest {
    private final OpRegistry registry = TestOps.registry();

    /** Every token kind: comments, escapes, negative numbers, exponents, inf and nan, locations, nested blocks. */
    private static final String EVERY_TOKEN = """
            # a comment line
            program(version: 1)
            attribute producer = "mil4j \\"stream\\"\\t\\\\ \\u00e9"
            // another comment
            func main<iOS15>(%p: bool[], %x: fp32[B, 4], %"in:0": fp32[4]) {
              %w: fp32[4] = const() {val = fp32[4] [1.5e-05, -2.5E+3, nan, -inf]} # after an op
              %h: fp16[3] = const() {val = fp16[3] [0.33325195, -65504.0, inf]}
              %n: int32[2, 2] = const() {val = int32[2, 2] [-1, 0, 2147483647, -2147483648]}
              %b: bool[3] = const() {val = bool[3] [true, false, true]}
              %s: string[2] = const() {val = string[2] ["a \\"quoted\\" line\\n", "\\u0041\\r"]}
              %k: int32[] = const() {val = int32[] [2]}
              %a: int32[] = const() {val = int32[] [-1]}
              %y: fp32[B, 4] = add(x = %x, y = %w) @("torch", "aten::add", "model.add", "code/m.py", 12)
              %v: fp32[B, 2], %i: int32[B, 2] = topk(x = %y, k = %k, axis = %a) [name = "top"]
              %r: fp32[B, 2] = cond(pred = %p) {
                block() {
                  %t: fp32[B, 2] = relu(x = %v)
                } -> (%t)
                block() {
                } -> (%v)
              }
            } -> (%r, %i)
            """;

    @ParameterizedTest
    @ValueSource(ints = {8, 9, 13, 64, Lexer.DEFAULT_BUFFER})
    void oneCharPerReadParsesAsTheStringDoes(int bufferSize) throws IOException {
        String expected = MilPrinter.print(MilParser.parse(EVERY_TOKEN, registry));
        Program streamed = MilParser.parse(new OneCharReader(EVERY_TOKEN), registry, bufferSize);
        assertThat(MilPrinter.print(streamed)).isEqualTo(expected);
        assertThat(streamed.attributes()).containsEntry("producer", "mil4j \"stream\"\t\\ \u00e9");
        assertThat(constant(streamed, "w")).isEqualTo(TensorValue.ofFloats(Shape.of(4),
                Float.parseFloat("1.5e-05"), -2500f, Float.NaN, Float.NEGATIVE_INFINITY));
        assertThat(constant(streamed, "s").toStringArray()).containsExactly("a \"quoted\" line\n", "A\r");
    }

    @Test
    void aLiteralLargerThanTheBufferIsReadAcrossRefills() throws IOException {
        Random random = new Random(7);
        int n = 20_000;
        float[] values = new float[n];
        StringBuilder text = new StringBuilder("program(version: 1)\nfunc main<iOS15>() {\n  %w: fp32[" + n
                + "] = const() {val = fp32[" + n + "] [");
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(12) - 6));
            text.append(i == 0 ? "" : ", ").append(values[i]);
        }
        text.append("]}\n} -> (%w)\n");
        assertThat(text.length()).isGreaterThan(2 * Lexer.DEFAULT_BUFFER);
        TensorValue expected = TensorValue.ofFloats(Shape.of(n), values);
        assertThat(constant(MilParser.parse(text.toString(), registry), "w")).isEqualTo(expected);
        assertThat(constant(MilParser.parse(new StringReader(text.toString()), registry, 16), "w"))
                .isEqualTo(expected);
    }

    @Test
    void aHugeDeclaredLiteralWithFewElementsIsACountError() {
        String text = """
                program(version: 1)
                func main<iOS15>() {
                  %w: fp32[100000000000] = const() {val = fp32[100000000000] [1.0, 2.0, 3.0]}
                } -> (%w)
                """;
        assertThatThrownBy(() -> MilParser.parse(text, registry))
                .isInstanceOf(MilSyntaxException.class)
                .hasMessage("line 3:43: fp32[100000000000] needs 100000000000 elements, got 3");
        String overflow = text.replace("fp32[100000000000]", "fp32[4611686018427387904, 4]");
        assertThatThrownBy(() -> MilParser.parse(overflow, registry))
                .hasMessage("line 3:53: fp32[4611686018427387904, 4] has more elements than a constant can hold");
    }

    @Test
    void elementErrorsComeAfterTheCountAsBefore() {
        String tooMany = constText("fp32[2] [1.0, 2.0, x]");
        assertThatThrownBy(() -> MilParser.parse(tooMany, registry))
                .hasMessage("line 3:32: fp32[2] needs 2 elements, got 3");
        String bad = constText("fp32[3] [1.0, \"two\", x]");
        assertThatThrownBy(() -> MilParser.parse(bad, registry))
                .hasMessage("line 3:46: expected a number, found string \"two\"");
        String badInt = constText("int32[2] [1, 2.5]");
        assertThatThrownBy(() -> MilParser.parse(badInt, registry))
                .hasMessage("line 3:46: expected an integer, found '2.5'");
        String badBool = constText("bool[1] [1]");
        assertThatThrownBy(() -> MilParser.parse(badBool, registry))
                .hasMessage("line 3:41: expected true or false, found '1'");
        String unclosed = constText("fp32[2] [1.0, 2.0");
        assertThatThrownBy(() -> MilParser.parse(unclosed, registry))
                .hasMessage("line 3:49: expected ']', found '}'");
    }

    @Test
    void lexerErrorsKeepTheirPositionAcrossReads() {
        String escape = "program(version: 1)\nattribute a = \"ab\\q\"";
        assertThatThrownBy(() -> MilParser.parse(new OneCharReader(escape), registry, 8))
                .hasMessage("line 2:20: unknown escape \\q");
        String shortU = "program(version: 1)\nattribute a = \"\\u12";
        assertThatThrownBy(() -> MilParser.parse(new OneCharReader(shortU), registry, 8))
                .hasMessage("line 2:18: bad \\u escape");
        assertThatThrownBy(() -> MilParser.parse(new OneCharReader("program(version: 1) ?"), registry, 8))
                .hasMessage("line 1:21: unexpected character '?'");
    }

    @Test
    void bytesThatAreNotUtf8AreASyntaxErrorAtTheLineReached() {
        byte[] head = "program(version: 1)\nattribute a = \"".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(head, head.length + 2);
        bytes[head.length] = (byte) 0xff;
        bytes[head.length + 1] = '"';
        Reader reader = new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT));
        assertThatThrownBy(() -> MilParser.parse(reader, registry))
                .isInstanceOf(MilSyntaxException.class)
                .hasMessageMatching("line [12]:\\d+: the input is not UTF-8 text at or after this point; "
                        + "save the file as UTF-8");
    }

    @Test
    void readErrorsSurfaceAsIoException() {
        IOException broken = new IOException("disk gone");
        Reader failing = new Reader() {
            private boolean first = true;

            @Override
            public int read(char[] cbuf, int off, int len) throws IOException {
                if (first) {
                    first = false;
                    "program(".getChars(0, 8, cbuf, off);
                    return 8;
                }
                throw broken;
            }

            @Override
            public void close() {
            }
        };
        assertThatThrownBy(() -> MilParser.parse(failing, registry)).isSameAs(broken);
    }

    private static String constText(String literal) {
        String type = literal.substring(0, literal.indexOf(' '));
        return "program(version: 1)\nfunc main<iOS15>() {\n  %w: " + type + " = const() {val = " + literal
                + "}\n} -> (%w)\n";
    }

    private static TensorValue constant(Program p, String name) {
        for (Operation op : p.main().body().operations()) {
            if (op.outputs().get(0).name().equals(name)) {
                return op.attribute("val").orElseThrow();
            }
        }
        throw new AssertionError("no op defines %" + name);
    }

    /** A reader that returns one char per call, so every token is split across reads. */
    private static final class OneCharReader extends Reader {
        private final String text;
        private int pos;

        OneCharReader(String text) {
            this.text = text;
        }

        @Override
        public int read(char[] cbuf, int off, int len) {
            if (pos >= text.length()) {
                return -1;
            }
            cbuf[off] = text.charAt(pos++);
            return 1;
        }

        @Override
        public void close() {
        }
    }
}
