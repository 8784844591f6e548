package dev.mil4j.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Counts the MIL operations a benchmark processed. JMH normalizes an {@code OPERATIONS} counter by the measured
 * time, so in average-time mode the secondary metric {@code milOps} is the time per MIL operation, which stays flat
 * when the work scales linearly with the program's size.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class OpCounter {
    /** The operations processed in the current iteration. */
    public long milOps;

    @Setup(Level.Iteration)
    public void reset() {
        milOps = 0;
    }
}
