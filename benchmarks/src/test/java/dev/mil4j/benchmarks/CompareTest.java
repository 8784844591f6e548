package dev.mil4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** One JMH result in the shape JMH writes with -rf json (only the fields Compare reads, plus a few it ignores). */
    private static String result(String benchmark, String mode, String params, String score, String error,
            String unit, String secondaries) {
        return """
                {
                    "jmhVersion" : "1.37",
                    "benchmark" : "dev.mil4j.benchmarks.%s",
                    "mode" : "%s",
                    "threads" : 1,
                    "forks" : 1,
                    %s
                    "primaryMetric" : {
                        "score" : %s,
                        "scoreError" : %s,
                        "scoreConfidence" : [ 0.0, 0.0 ],
                        "scoreUnit" : "%s",
                        "rawData" : [ [ 1.0 ] ]
                    },
                    "secondaryMetrics" : { %s }
                }""".formatted(benchmark, mode, params.isEmpty() ? "" : "\"params\" : { " + params + " },", score,
                error, unit, secondaries);
    }

    private static String secondary(String name, String score, String error, String unit) {
        return "\"%s\" : { \"score\" : %s, \"scoreError\" : %s, \"scoreUnit\" : \"%s\" }".formatted(name, score,
                error, unit);
    }

    private Path file(String name, String... results) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "[\n" + String.join(",\n", results) + "\n]\n");
        return p;
    }

    private int compare(String... args) {
        return Compare.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private List<String> lines() {
        return new ArrayList<>(output().lines().toList());
    }

    private static String avgt(String params, String score, String error) {
        return result("TypeInferenceBenchmark.infer", "avgt", params, score, error, "ns/op", "");
    }

    @Test
    void identicalRunsAreTheSameAndPass() throws IOException {
        Path a = file("a.json", avgt("\"op\" : \"conv\"", "150.0", "5.0"), avgt("\"op\" : \"topk\"", "80.0", "2.0"));
        assertThat(compare(a.toString(), a.toString())).isZero();
        assertThat(lines()).anySatisfy(l -> assertThat(l).startsWith("same").contains("1.000")
                .contains("TypeInferenceBenchmark.infer op=conv"));
        assertThat(output()).contains("2 compared (threshold 10% beyond the error): 0 slower, 0 faster, 2 same");
    }

    @Test
    void aTimeBeyondThresholdAndErrorIsSlowerAndFails() throws IOException {
        Path old = file("old.json", avgt("\"op\" : \"conv\"", "100.0", "2.0"));
        Path neu = file("new.json", avgt("\"op\" : \"conv\"", "120.0", "3.0"));
        // 120 - 3 = 117 > (100 + 2) * 1.1 = 112.2
        assertThat(compare(old.toString(), neu.toString())).isEqualTo(1);
        assertThat(lines()).anySatisfy(l -> assertThat(l).startsWith("slower").contains("1.200"));
        assertThat(output()).contains("FAILED: 1 result is slower");
    }

    @Test
    void aSlowdownWithinTheRunsErrorPasses() throws IOException {
        Path old = file("old.json", avgt("\"op\" : \"conv\"", "100.0", "8.0"));
        Path neu = file("new.json", avgt("\"op\" : \"conv\"", "120.0", "8.0"));
        // 120 - 8 = 112 <= (100 + 8) * 1.1 = 118.8
        assertThat(compare(old.toString(), neu.toString())).isZero();
        assertThat(lines()).anySatisfy(l -> assertThat(l).startsWith("same").contains("1.200"));
    }

    @Test
    void theThresholdIsAnOption() throws IOException {
        Path old = file("old.json", avgt("\"op\" : \"conv\"", "100.0", "0.0"));
        Path neu = file("new.json", avgt("\"op\" : \"conv\"", "120.0", "0.0"));
        assertThat(compare(old.toString(), neu.toString(), "--threshold", "0.25")).isZero();
        assertThat(compare(old.toString(), neu.toString(), "--threshold=0.15")).isEqualTo(1);
    }

    @Test
    void lowerThroughputIsSlowerAndHigherIsFaster() throws IOException {
        String bench = "BuilderBenchmark.insertOps";
        Path old = file("old.json", result(bench, "thrpt", "", "1000000.0", "10000.0", "ops/s", ""));
        Path worse = file("worse.json", result(bench, "thrpt", "", "800000.0", "10000.0", "ops/s", ""));
        Path better = file("better.json", result(bench, "thrpt", "", "1300000.0", "10000.0", "ops/s", ""));
        assertThat(compare(old.toString(), worse.toString())).isEqualTo(1);
        assertThat(lines()).anySatisfy(l -> assertThat(l).startsWith("slower").contains("0.800"));
        out.reset();
        assertThat(compare(old.toString(), better.toString())).isZero();
        assertThat(lines()).anySatisfy(l -> assertThat(l).startsWith("faster").contains("1.300"));
    }

    @Test
    void aMissingErrorCountsAsZero() throws IOException {
        // JMH writes "NaN" for the error of a single measurement
        Path old = file("old.json", avgt("", "100.0", "\"NaN\""));
        Path neu = file("new.json", avgt("", "115.0", "\"NaN\""));
        assertThat(compare(old.toString(), neu.toString())).isEqualTo(1);
        assertThat(output()).contains("100.0").doesNotContain("±");
    }

    @Test
    void parametersTellResultsApart() throws IOException {
        Path old = file("old.json", avgt("\"op\" : \"conv\"", "100.0", "0.0"),
                avgt("\"op\" : \"topk\"", "50.0", "0.0"));
        Path neu = file("new.json", avgt("\"op\" : \"conv\"", "100.0", "0.0"),
                avgt("\"op\" : \"topk\"", "70.0", "0.0"));
        assertThat(compare(old.toString(), neu.toString())).isEqualTo(1);
        assertThat(lines()).anySatisfy(l -> assertThat(l).startsWith("slower").endsWith("op=topk"));
        assertThat(lines()).anySatisfy(l -> assertThat(l).startsWith("same").endsWith("op=conv"));
    }

    @Test
    void resultsInOnlyOneFileAreListedAndNotJudged() throws IOException {
        Path old = file("old.json", avgt("\"op\" : \"conv\"", "100.0", "0.0"),
                avgt("\"op\" : \"concat\"", "9.0", "0.0"));
        Path neu = file("new.json", avgt("\"op\" : \"conv\"", "100.0", "0.0"),
                avgt("\"op\" : \"topk\"", "50.0", "0.0"));
        assertThat(compare(old.toString(), neu.toString())).isZero();
        assertThat(lines()).anySatisfy(l -> assertThat(l).startsWith("new").endsWith("op=topk"));
        assertThat(lines()).anySatisfy(l -> assertThat(l).startsWith("gone").endsWith("op=concat"));
        assertThat(output()).contains("1 only in new, 1 only in old");
    }

    @Test
    void secondaryMetricsAreJudgedButProfilerMetricsAreNot() throws IOException {
        String bench = "PassBenchmark.run";
        String params = "\"ops\" : \"1000\", \"pass\" : \"pipeline\", \"shape\" : \"mlp\"";
        Path old = file("old.json", result(bench, "avgt", params, "1000000.0", "0.0", "ns/op",
                secondary("milOps", "1000.0", "0.0", "ns/op") + ", "
                        + secondary("·gc.alloc.rate", "100.0", "0.0", "MB/sec")));
        Path neu = file("new.json", result(bench, "avgt", params, "1050000.0", "0.0", "ns/op",
                secondary("milOps", "1300.0", "0.0", "ns/op") + ", "
                        + secondary("·gc.alloc.rate", "900.0", "0.0", "MB/sec")));
        assertThat(compare(old.toString(), neu.toString())).isEqualTo(1);
        assertThat(lines()).anySatisfy(l -> assertThat(l).startsWith("slower")
                .endsWith("PassBenchmark.run:milOps ops=1000,pass=pipeline,shape=mlp"));
        assertThat(lines()).anySatisfy(l -> assertThat(l).startsWith("same")
                .endsWith("PassBenchmark.run ops=1000,pass=pipeline,shape=mlp"));
        assertThat(output()).doesNotContain("gc.alloc.rate");
    }

    @Test
    void aRateNamedPerSecondIsBetterHigherAndOtherCountsLower() throws IOException {
        String bench = "BlobWriteBenchmark.write";
        Path old = file("old.json", result(bench, "ss", "", "500.0", "0.0", "ms/op",
                secondary("gigabytesPerSecond", "2.0", "0.0", "#")),
                result("ConversionBenchmark.peakHeap", "ss", "", "50.0", "0.0", "ms/op",
                        secondary("peakHeapMiB", "100.0", "0.0", "#")));
        Path neu = file("new.json", result(bench, "ss", "", "500.0", "0.0", "ms/op",
                secondary("gigabytesPerSecond", "3.0", "0.0", "#")),
                result("ConversionBenchmark.peakHeap", "ss", "", "50.0", "0.0", "ms/op",
                        secondary("peakHeapMiB", "150.0", "0.0", "#")));
        assertThat(compare(old.toString(), neu.toString())).isEqualTo(1);
        assertThat(lines()).anySatisfy(l -> assertThat(l).startsWith("faster").endsWith("write:gigabytesPerSecond"));
        assertThat(lines()).anySatisfy(l -> assertThat(l).startsWith("slower").endsWith("peakHeap:peakHeapMiB"));
    }

    @Test
    void aChangedUnitIsNotJudged() throws IOException {
        Path old = file("old.json", avgt("", "100.0", "0.0"));
        Path neu = file("new.json", result("TypeInferenceBenchmark.infer", "avgt", "", "0.5", "0.0", "us/op", ""));
        assertThat(compare(old.toString(), neu.toString())).isZero();
        assertThat(output()).contains("unit changed from ns/op; not judged");
    }

    @Test
    void usageAndInputErrorsExitWithTwo() throws IOException {
        Path good = file("good.json", avgt("", "100.0", "0.0"));
        Path notJson = dir.resolve("bad.json");
        Files.writeString(notJson, "Benchmark Mode Cnt Score");
        Path notJmh = dir.resolve("object.json");
        Files.writeString(notJmh, "{\"benchmark\": \"x\"}");

        assertThat(compare(good.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("expected two JMH JSON files, got 1")
                .contains("usage: benchmarks/compare OLD.json NEW.json [--threshold 0.10]");
        err.reset();
        assertThat(compare(good.toString(), good.toString(), "--threshold", "ten")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--threshold must be a fraction >= 0");
        err.reset();
        assertThat(compare(good.toString(), dir.resolve("missing.json").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot read").contains("missing.json");
        err.reset();
        assertThat(compare(good.toString(), notJson.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("bad.json is not JSON");
        err.reset();
        assertThat(compare(good.toString(), notJmh.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("object.json is not a JMH result file");
    }
}
