package dev.mil4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class VersionInfoTest {
    @Test
    void printsTheBuildsVersionAndCommit() {
        StringWriter out = new StringWriter();
        int code = Mil4j.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "--version");
        assertThat(code).isZero();
        // the version Maven filtered in (a snapshot of the build, never the ${...} placeholder) and the commit
        assertThat(out.toString().strip()).matches("mil4j \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? "
                + "\\((commit [0-9a-f]{12}|unknown commit)\\)");
    }
}
