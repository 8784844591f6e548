package dev.mil4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The out-of-memory advice suggests more heap only where more heap can help (issue 22). */
class OutOfMemoryMessageTest {
    @Test
    void anArrayBeyondTheVmLimitBlamesTheShapesNotTheHeap() {
        String message = Mil4j.outOfMemoryMessage(new OutOfMemoryError("Requested array size exceeds VM limit"),
                1024, "convert", "m.pt", "--input", "x:1x2x3x2147483647");
        assertThat(message).startsWith("error: `mil4j convert m.pt --input x:1x2x3x2147483647` asked for an array"
                + " larger than the JVM allows").contains("nothing was written").contains("check the --input shapes")
                .doesNotContain("-Xmx");
    }

    @Test
    void anExhaustedHeapSuggestsMoreHeap() {
        String message = Mil4j.outOfMemoryMessage(new OutOfMemoryError("Java heap space"), 1024, "convert", "m.pt");
        assertThat(message).isEqualTo("error: the JVM ran out of heap memory (Java heap space; at most 1024 MiB)"
                + " while running `mil4j convert m.pt`; nothing was written. Give it more heap, for example"
                + " MIL4J_JAVA_OPTS=-Xmx2048m ./mil4j ...");
    }
}
