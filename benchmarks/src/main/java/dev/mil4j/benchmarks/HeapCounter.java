package dev.mil4j.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Secondary metrics of one single-shot invocation. JMH sums {@code EVENTS} counters over the invocations of an
 * iteration and then over the measurement iterations; a single-shot iteration is one invocation, so {@link #record}
 * divides each value by the number of measurement iterations, which makes JMH's sum their mean.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class HeapCounter {
    /** The highest heap use above the heap in use before the operation, in MiB (see {@link HeapPeak}). */
    public double peakHeapMiB;
    /** The highest heap use right after a collection, above the heap in use before the operation, in MiB. */
    public double peakLiveHeapMiB;
    /** The highest live heap at the stage boundaries (after a full collection), above the start, in MiB. */
    public double retainedHeapMiB;
    /** {@link #peakHeapMiB} in bytes divided by the model's weight bytes. */
    public double peakHeapPerWeightByte;
    /** {@link #peakLiveHeapMiB} in bytes divided by the model's weight bytes. */
    public double peakLiveHeapPerWeightByte;
    /** {@link #retainedHeapMiB} in bytes divided by the model's weight bytes. */
    public double retainedHeapPerWeightByte;

    private int iterations = 1;

    /** Sets the metrics from the peaks (bytes) of one invocation and the model's weight bytes. */
    void record(long peak, long live, long retained, long weightBytes) {
        retainedHeapMiB = retained / (1024.0 * 1024.0) / iterations;
        retainedHeapPerWeightByte = (double) retained / weightBytes / iterations;
        peakHeapMiB = peak / (1024.0 * 1024.0) / iterations;
        peakLiveHeapMiB = live / (1024.0 * 1024.0) / iterations;
        peakHeapPerWeightByte = (double) peak / weightBytes / iterations;
        peakLiveHeapPerWeightByte = (double) live / weightBytes / iterations;
    }

    @Setup(Level.Iteration)
    public void reset(BenchmarkParams params) {
        iterations = Math.max(1, params.getMeasurement().getCount());
        peakHeapMiB = 0;
        peakLiveHeapMiB = 0;
        peakHeapPerWeightByte = 0;
        peakLiveHeapPerWeightByte = 0;
        retainedHeapMiB = 0;
        retainedHeapPerWeightByte = 0;
    }
}
