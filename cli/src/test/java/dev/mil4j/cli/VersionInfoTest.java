package dev.mil4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.testing.TestData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class VersionInfoTest {
    @Test
    void printsTheBuildsVersionAndCommit() throws Exception {
        StringWriter out = new StringWriter();
        int code = Mil4j.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "--version");
        assertThat(code).isZero();
        String line = out.toString().strip();
        // the version Maven filtered in (never the ${...} placeholder) and the commit
        assertThat(line).matches("mil4j \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\((commit [0-9a-f]{12}|unknown commit)\\)");
        Path root = TestData.repositoryRoot();
        if (Files.exists(root.resolve(".git"))) {
            assertThat(line).endsWith("(commit " + head(root) + ")");
        }
    }

    /** The checkout's HEAD as the build recorded it: {@code git rev-parse --short=12 HEAD}. */
    private static String head(Path root) throws Exception {
        Process git = new ProcessBuilder("git", "-C", root.toString(), "rev-parse", "--short=12", "HEAD")
                .redirectErrorStream(true).start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(git.waitFor()).as(out).isZero();
        return out;
    }
}
