package dev.mil4j.benchmarks;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The warm, in-process side of the whole-process benchmark ({@code benchmarks/whole-process/run}): converts one model
 * file {@code N} times in one JVM, as {@code mil4j convert MODEL -o OUT --to TARGET} does (every frontend and
 * backend, the target's default pipeline and precision, the output written and deleted), and prints each
 * conversion's milliseconds and the median of the second half (the warm figure) with the model file's MB/s, and the
 * median CPU time of the whole process over the same conversions (every thread: the fp16 cast's helpers, the
 * collector, the JIT), which a shared machine disturbs less than the wall time.
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
        ConvertOptions options = ConvertOptions.builder().target(target).build();
        Path dir = Files.createTempDirectory("mil4j-warm");
        Path out = dir.resolve("model" + (target.equals("mlprogram") ? ".mlpackage" : ".mlmodel"));
        double[] ms = new double[n];
        double[] cpu = new double[n];
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i < n; i++) {
            long cpuStart = os.getProcessCpuTime();
            long start = System.nanoTime();
            converter.convert(model, options).save(out);
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
