package dev.mil4j.cli;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mil4j.core.testing.FuzzInputs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the {@code --input} option end to end: each line of an input is the value of one {@code --input} of a
 * {@code mil4j convert} of a small MIL program. The command must exit 0, 1 (diagnostics) or 2 (usage) without a
 * stack trace (every exception is handled inside the command), and a failed conversion must leave no output
 * behind. Corpus:
 * {@code InputOptionFuzzTestInputs/convert}.
 */
class InputOptionFuzzTest {
    private static final String PROGRAM = """
            program(version: 1)
            func main<iOS15>(%x: fp32[1, S, 4]) {
              %y: fp32[1, S, 4] = relu(x = %x)
            } -> (%y)
            """;

    /**
     * A Java stack frame line ({@code \tat dev.mil4j.X.y(X.java:12)}). Not just {@code "\tat "}: messages quote the
     * user's {@code --input} text, which may hold those characters (a campaign's false finding).
     */
    private static final Pattern STACK_FRAME = Pattern.compile("(?m)^\\s*at [\\w$.@/-]+\\([^)\\n]*\\)\\s*$");

    @Timeout(30)
    @FuzzTest(maxDuration = "10m")
    void convert(byte[] data) {
        FuzzInputs.check(dir -> Files.writeString(dir.resolve("model.mil"), PROGRAM), dir -> {
            Path out = dir.resolve("model.mlpackage");
            List<String> args = new ArrayList<>(List.of("convert", dir.resolve("model.mil").toString(), "-o",
                    out.toString(), "-q"));
            for (String line : new String(data, StandardCharsets.UTF_8).split("\n", -1)) {
                args.add("--input");
                args.add(line);
            }
            StringWriter err = new StringWriter();
            int code = Mil4j.run(new PrintWriter(new StringWriter()), new PrintWriter(err),
                    args.toArray(String[]::new));
            if (code < Mil4j.OK || code > Mil4j.USAGE || STACK_FRAME.matcher(err.toString()).find()) {
                throw new AssertionError("exit " + code + ": " + err);
            }
            if (code == Mil4j.OK) {
                // a success is not what this checks; remove its output so that the folder compares as unchanged
                try (Stream<Path> written = Files.walk(out)) {
                    for (Path p : written.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        });
    }
}
