package dev.mil4j.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Secondary metrics of one single-shot invocation: JMH sums {@code EVENTS} counters over an iteration, and a
 * single-shot iteration is one invocation, so each iteration reports the values of its invocation and JMH averages
 * them over the iterations.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class HeapCounter {
    /** Peak heap above the heap in use before the operation, in MiB (see {@link HeapPeak}). */
    public double peakHeapMiB;
    /** {@link #peakHeapMiB} divided by the model's weight bytes. */
    public double peakHeapPerWeightByte;

    @Setup(Level.Iteration)
    public void reset() {
        peakHeapMiB = 0;
        peakHeapPerWeightByte = 0;
    }
}
