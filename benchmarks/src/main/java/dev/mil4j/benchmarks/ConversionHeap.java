package dev.mil4j.benchmarks;

import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.ProgressListener;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.management.ObjectName;

/**
 * Where the heap of one conversion goes: converts a generated model once, like {@link ConversionBenchmark}, and
 * prints for each stage (load, every pass, check, write) the bytes the converting thread allocated in it and the live
 * heap after it (after a full collection), both also per byte of the model's fp32 weights; with {@code --histogram}
 * also the largest classes of the live heap at the end of load, at the start of write and, while the written model
 * is still referenced, after the conversion. {@code --write-source DIR} only writes the source file into DIR;
 * {@code --plain FILE} converts that file once without any measurement (to find the smallest {@code -Xmx} a
 * conversion needs, or to record it with JFR).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.mil4j.benchmarks.ConversionHeap mlp200 onnx neuralnetwork [--histogram]
 * </pre>
 */
public final class ConversionHeap {
    private ConversionHeap() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: ConversionHeap MODEL(mlp200|resnet|wide_mlp) SOURCE(mil|onnx) TARGET [--histogram] "
                    + "[--write-source DIR] [--plain FILE]");
            System.exit(2);
        }
        GeneratedModels.Model model = GeneratedModels.Model.parse(args[0]);
        String source = args[1];
        String target = args[2];
        List<String> flags = List.of(args).subList(3, args.length);
        Converter converter = Converter.builder().discoverPlugins().build();
        Path dir = Files.createTempDirectory("mil4j-conversion-heap");
        try {
            Path output = dir.resolve("out" + ConversionBenchmark.outputExtension(target));
            int plain = flags.indexOf("--plain");
            if (plain >= 0) {
                // the source file was written by an earlier run, so that writing it does not count
                Path input = Path.of(flags.get(plain + 1));
                long start = System.nanoTime();
                converter.convert(input, ConversionBenchmark.options(target).build()).save(output);
                System.out.printf(Locale.ROOT, "converted in %.0f ms%n", (System.nanoTime() - start) / 1e6);
                return;
            }
            int write = flags.indexOf("--write-source");
            if (write >= 0) {
                Path written = ConversionBenchmark.writeSource(converter, model, source, Path.of(flags.get(write + 1)));
                System.out.println("wrote " + written);
                return;
            }
            Path input = ConversionBenchmark.writeSource(converter, model, source, dir);
            long weights = GeneratedModels.weightBytes(GeneratedModels.build(model, converter.plugins().ops()));
            System.out.printf(Locale.ROOT, "%s from %s (%d bytes) to %s; fp32 weights %d bytes (%.1f MiB)%n", args[0],
                    source, Files.size(input), target, weights, mib(weights));
            Stages stages = new Stages(weights, flags.contains("--histogram"));
            converter.convert(input, ConversionBenchmark.options(target).progressListener(stages).build())
                    .save(output);
            stages.row("(written model unreferenced)");
        } finally {
            ConversionBenchmark.deleteTree(dir);
        }
    }

    /** Prints one line per stage. */
    private static final class Stages implements ProgressListener {
        private final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        private final long weights;
        private final boolean histograms;
        private final long base;
        private long allocatedMark;

        Stages(long weights, boolean histograms) {
            this.weights = weights;
            this.histograms = histograms;
            this.base = liveHeap();
            System.out.printf(Locale.ROOT, "%-44s %12s %8s %12s %8s%n", "stage", "alloc MiB", "/weight",
                    "live MiB", "/weight");
            allocatedMark = threads.getCurrentThreadAllocatedBytes();
        }

        @Override
        public void stageStarted(String stage) {
            if (stage.equals("write")) {
                row("(before write)");
                histogram("live heap before write");
            }
        }

        @Override
        public void stageFinished(String stage, long nanos) {
            row(stage);
            if (stage.equals("load")) {
                histogram("live heap after load");
            }
        }

        void row(String stage) {
            long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedMark;
            long live = liveHeap() - base;
            System.out.printf(Locale.ROOT, "%-44s %12.1f %8.2f %12.1f %8.2f%n", stage, mib(allocated),
                    (double) allocated / weights, mib(live), (double) live / weights);
            allocatedMark = threads.getCurrentThreadAllocatedBytes();
        }

        private void histogram(String title) {
            if (!histograms) {
                return;
            }
            try {
                String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                        new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                        new Object[] {new String[0]}, new String[] {String[].class.getName()});
                System.out.println("  " + title + " (largest classes):");
                text.lines().limit(15).forEach(l -> System.out.println("  " + l));
            } catch (javax.management.JMException e) {
                throw new IllegalStateException("no class histogram: " + e.getMessage(), e);
            }
        }
    }

    private static long liveHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
