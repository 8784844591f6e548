package dev.mil4j.converter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mil frontend reads files as a stream of UTF-8 and names the line of bytes that are not UTF-8. */
class MilTextFrontendTest {
    @TempDir
    Path dir;

    @Test
    void bytesThatAreNotUtf8AreReportedAtTheirLineAndColumn() throws Exception {
        int n = 30_000; // the literal is longer than the parser's char buffer and the reader's byte buffer
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < n; i++) {
            literal.append(i == 0 ? "" : ", ").append(i * 0.5f);
        }
        String head = "program(version: 1)\n\nfunc main<iOS15>(%x: fp32[" + n + "]) {\n"
                + "  %w: fp32[" + n + "] = const() {val = fp32[" + n + "] [" + literal + "]}\n"
                + "  # caf";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(head.getBytes(StandardCharsets.UTF_8));
        bytes.write(0xe9); // 'é' in Latin-1
        String tail = "\n  %y: fp32[" + n + "] = add(x = %x, y = %w)\n} -> (%y)\n";
        bytes.write(tail.getBytes(StandardCharsets.UTF_8));
        Path m = dir.resolve("latin1.mil");
        Files.write(m, bytes.toByteArray());
        Converter converter = Converter.builder().plugin(TestPlugins.milTextBackend()).build();
        assertThatThrownBy(() -> converter.convert(m, ConvertOptions.builder().target("miltext").build()))
                .hasMessage("error: line 5:8: the input is not UTF-8 text at or after this point; save the file as"
                        + " UTF-8\n  at mil (" + m + ":5)");
    }

    @Test
    void utf8ReaderDecodesCharsSplitAcrossItsByteBuffer() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 200_000; i++) {
            text.append(i % 3 == 0 ? "é" : i % 3 == 1 ? "\uD83D\uDE00" : "a").append(i % 7 == 0 ? "\n" : "");
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        try (Reader r = new Utf8Reader(new ByteArrayInputStream(bytes))) {
            assertThat(readAll(r, 1000)).isEqualTo(text.toString());
        }
    }

    @Test
    void utf8ReaderReturnsTheCharsBeforeBadBytesThenFails() throws IOException {
        byte[] bytes = {'a', 'b', (byte) 0xc3, (byte) 0xa9, (byte) 0xff, 'c'};
        try (Reader r = new Utf8Reader(new ByteArrayInputStream(bytes))) {
            char[] buf = new char[16];
            assertThat(r.read(buf, 0, 16)).isEqualTo(3);
            assertThat(new String(buf, 0, 3)).isEqualTo("abé");
            assertThatThrownBy(() -> r.read(buf, 0, 16)).isInstanceOf(MalformedInputException.class);
        }
        byte[] truncated = {'a', (byte) 0xe2, (byte) 0x82};
        try (Reader r = new Utf8Reader(new ByteArrayInputStream(truncated))) {
            char[] buf = new char[16];
            assertThat(r.read(buf, 0, 16)).isEqualTo(1);
            assertThatThrownBy(() -> r.read(buf, 0, 16)).isInstanceOf(MalformedInputException.class);
        }
        try (Reader r = new Utf8Reader(new ByteArrayInputStream(new byte[0]))) {
            assertThat(r.read(new char[4], 0, 4)).isEqualTo(-1);
        }
    }

    private static String readAll(Reader r, int chunk) throws IOException {
        StringWriter out = new StringWriter();
        char[] buf = new char[chunk];
        for (int n; (n = r.read(buf, 0, chunk)) >= 0; ) {
            out.write(buf, 0, n);
        }
        return out.toString();
    }
}
