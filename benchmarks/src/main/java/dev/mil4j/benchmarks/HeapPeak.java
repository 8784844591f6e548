package dev.mil4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * Peak heap use around an operation, from the heap memory pools' peak counters: {@link #start()} collects garbage,
 * resets the peaks and records the heap in use; {@link #peakAboveStart()} sums the pools' peaks since then and
 * subtracts that start. Pools peak at different moments, so the sum is an upper bound, and it includes garbage not
 * yet collected at the peak: with a large heap the collector runs late, so compare runs with the same {@code -Xmx}.
 */
final class HeapPeak {
    private static final List<MemoryPoolMXBean> HEAP = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .toList();

    private long startUsed;

    /** Collects garbage, resets the pools' peaks and records the heap in use now. */
    void start() {
        System.gc();
        System.gc();
        long used = 0;
        for (MemoryPoolMXBean p : HEAP) {
            p.resetPeakUsage();
            used += p.getUsage().getUsed();
        }
        startUsed = used;
    }

    /** The sum of the heap pools' peaks since {@link #start()}, minus the heap in use at the start, in bytes. */
    long peakAboveStart() {
        long peak = 0;
        for (MemoryPoolMXBean p : HEAP) {
            peak += p.getPeakUsage().getUsed();
        }
        return Math.max(0, peak - startUsed);
    }
}
