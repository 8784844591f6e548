package dev.mil4j.benchmarks;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.ProgressListener;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The warm, in-process side of the whole-process benchmark ({@code benchmarks/whole-process/run}): converts one model
 * file {@code N} times in one JVM, as {@code mil4j convert MODEL -o OUT --to TARGET} does (every frontend and
 * backend, the target's default pipeline and precision, the output written and deleted), and prints each
 * conversion's milliseconds and the median of the second half (the warm figure) with the model file's MB/s, and the
 * median CPU time of the whole process over the same conversions (every thread: the fp16 cast's helpers, the
 * collector, the JIT), which a shared machine disturbs less than the wall time. A last line gives where the time of
 * the second half goes: the median CPU time of the converting thread in each stage the converter reports (load,
 * translate, each pass, check, write) that takes 0.5 ms or more, and of the whole conversion; a line after it the
 * median bytes the converting thread allocates in the same stages (0.5 MB or more; the fp16 cast's helpers and the
 * collector not counted).
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.mil4j.benchmarks.WarmConversion MODEL TARGET [N]} (N defaults to 20).
 */
public final class WarmConversion {
    private WarmConversion() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: WarmConversion MODEL mlprogram|neuralnetwork [N]");
            System.exit(2);
        }
        Path model = Path.of(args[0]);
        String target = args[1];
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Converter converter = Converter.builder().discoverPlugins().build();
        StageTimes stages = new StageTimes();
        ConvertOptions options = ConvertOptions.builder().target(target).progressListener(stages).build();
        Path dir = Files.createTempDirectory("mil4j-warm");
        Path out = dir.resolve("model" + (target.equals("mlprogram") ? ".mlpackage" : ".mlmodel"));
        double[] ms = new double[n];
        double[] cpu = new double[n];
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i < n; i++) {
            stages.recording = i >= n / 2;
            long cpuStart = os.getProcessCpuTime();
            long start = System.nanoTime();
            long threadStart = stages.threads.getCurrentThreadCpuTime();
            long allocatedStart = stages.threads.getCurrentThreadAllocatedBytes();
            converter.convert(model, options).save(out);
            stages.conversionDone((stages.threads.getCurrentThreadCpuTime() - threadStart) / 1e6,
                    (stages.threads.getCurrentThreadAllocatedBytes() - allocatedStart) / 1e6);
            ms[i] = (System.nanoTime() - start) / 1e6;
            cpu[i] = (os.getProcessCpuTime() - cpuStart) / 1e6;
            delete(out);
        }
        delete(dir);
        double[] warm = Arrays.copyOfRange(ms, n / 2, n);
        Arrays.sort(warm);
        double median = warm[warm.length / 2];
        double[] warmCpu = Arrays.copyOfRange(cpu, n / 2, n);
        Arrays.sort(warmCpu);
        double mb = Files.size(model) / 1e6;
        StringBuilder each = new StringBuilder();
        for (double m : ms) {
            each.append(String.format(" %.1f", m));
        }
        System.out.printf("conversions (ms):%s%n", each);
        System.out.printf("warm median %.1f ms (%d runs), %.1f MB of model, %.0f MB/s; CPU median %.1f ms%n", median,
                warm.length, mb, mb / (median / 1e3), warmCpu[warmCpu.length / 2]);
        StringBuilder where = new StringBuilder("converting thread's CPU by stage (median ms):");
        stages.cpu.forEach((stage, times) -> {
            double m = median(times);
            if (m >= 0.5) {
                where.append(String.format(" %s %.1f;", stage, m));
            }
        });
        System.out.println(where);
        StringBuilder allocated = new StringBuilder("converting thread's allocation by stage (median MB):");
        stages.allocated.forEach((stage, mbs) -> {
            double m = median(mbs);
            if (m >= 0.5) {
                allocated.append(String.format(" %s %.1f;", stage, m));
            }
        });
        System.out.println(allocated);
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    /**
     * The converting thread's CPU time and allocated bytes in each stage the converter reports (passes are stages
     * too).
     */
    private static final class StageTimes implements ProgressListener {
        private final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        private final Map<String, List<Double>> cpu = new TreeMap<>();
        private final Map<String, List<Double>> allocated = new TreeMap<>();
        private final Map<String, long[]> started = new java.util.HashMap<>();
        private final Map<String, Double> currentCpu = new java.util.HashMap<>();
        private final Map<String, Double> currentAllocated = new java.util.HashMap<>();
        private boolean recording;

        @Override
        public void stageStarted(String stage) {
            started.put(stage, new long[] {threads.getCurrentThreadCpuTime(),
                threads.getCurrentThreadAllocatedBytes()});
        }

        @Override
        public void stageFinished(String stage, long nanos) {
            long[] start = started.remove(stage);
            if (start != null) {
                currentCpu.merge(stage, (threads.getCurrentThreadCpuTime() - start[0]) / 1e6, Double::sum);
                currentAllocated.merge(stage, (threads.getCurrentThreadAllocatedBytes() - start[1]) / 1e6,
                        Double::sum);
            }
        }

        /** Ends a conversion: each stage's total in it (a pass run twice counts twice) joins the medians. */
        void conversionDone(double totalCpuMs, double totalAllocatedMb) {
            if (recording) {
                currentCpu.put("whole conversion", totalCpuMs);
                currentAllocated.put("whole conversion", totalAllocatedMb);
                currentCpu.forEach((stage, ms) -> cpu.computeIfAbsent(stage, s -> new java.util.ArrayList<>())
                        .add(ms));
                currentAllocated.forEach((stage, mb) -> allocated.computeIfAbsent(stage,
                        s -> new java.util.ArrayList<>()).add(mb));
            }
            currentCpu.clear();
            currentAllocated.clear();
        }
    }

    private static void delete(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> files = Files.walk(p)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
