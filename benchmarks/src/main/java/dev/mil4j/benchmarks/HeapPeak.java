package dev.mil4j.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.mil4j.converter.spi.ProgressListener;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Map;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Heap use around an operation, from the collector's notifications: the heap is at a local maximum right before each
 * collection and at a local minimum right after it. {@link #start()} collects garbage, records the heap in use and
 * starts listening; {@link #stop()} stops and takes the heap in use at the end as one more sample.
 * {@link #peakAboveStart()} is the highest heap use (garbage not yet collected included, so it grows with
 * {@code -Xmx}); {@link #livePeakAboveStart()} the highest heap use right after a collection (young collections
 * leave the garbage of the old generation in place, so it can exceed the live data; 0 when no collection ran).
 * {@link #retainedPeakAboveStart()} is exact but sampled: the highest live heap at the points where the caller asked
 * for a {@link #snapshot()} (a full collection), 0 without snapshots. All are above the heap in use at the start.
 */
final class HeapPeak implements NotificationListener {
    private long startUsed;
    private volatile long peakBefore;
    private volatile long peakAfter;
    private volatile long retained;

    /** Collects garbage, records the heap in use and starts listening to the collectors. */
    void start() {
        System.gc();
        System.gc();
        startUsed = used();
        peakBefore = startUsed;
        peakAfter = startUsed;
        retained = startUsed;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener(this, null, null);
        }
    }

    /** Takes the heap in use now as a sample, waits briefly for late notifications and stops listening. */
    void stop() {
        peakBefore = Math.max(peakBefore, used());
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            try {
                ((NotificationEmitter) gc).removeNotificationListener(this);
            } catch (ListenerNotFoundException e) {
                // not registered with this collector: nothing to remove
            }
        }
    }

    /**
     * Samples the heap in use, collects all garbage ({@code System.gc()}, a full collection with the default
     * collectors) and records what is live: a point of the exact live-heap curve.
     */
    void snapshot() {
        long before = used();
        System.gc();
        long after = used();
        synchronized (this) {
            peakBefore = Math.max(peakBefore, before);
            peakAfter = Math.max(peakAfter, after);
            retained = Math.max(retained, after);
        }
    }

    /**
     * A conversion listener that takes a {@link #snapshot()} at the start and end of load, check and write and at the
     * end of every pass (a pass starts where the previous stage ended).
     */
    ProgressListener stageSnapshots() {
        return new ProgressListener() {
            @Override
            public void stageStarted(String stage) {
                if (!stage.startsWith("pass ")) {
                    snapshot();
                }
            }

            @Override
            public void stageFinished(String stage, long nanos) {
                snapshot();
            }
        };
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo();
        long before = sum(info.getMemoryUsageBeforeGc());
        long after = sum(info.getMemoryUsageAfterGc());
        synchronized (this) {
            peakBefore = Math.max(peakBefore, before);
            peakAfter = Math.max(peakAfter, after);
        }
    }

    /** The highest heap use seen, minus the heap in use at the start, in bytes. */
    long peakAboveStart() {
        return Math.max(0, peakBefore - startUsed);
    }

    /** The highest heap use right after a collection, minus the heap in use at the start, in bytes. */
    long livePeakAboveStart() {
        return Math.max(0, peakAfter - startUsed);
    }

    /** The highest live heap at a {@link #snapshot()}, minus the heap in use at the start, in bytes. */
    long retainedPeakAboveStart() {
        return Math.max(0, retained - startUsed);
    }

    private static long used() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long sum(Map<String, MemoryUsage> pools) {
        long n = 0;
        for (var e : pools.entrySet()) {
            // the collectors' notifications list every pool, heap and non-heap; count the heap ones
            if (!e.getKey().contains("Metaspace") && !e.getKey().contains("CodeHeap")
                    && !e.getKey().contains("Compressed Class")) {
                n += e.getValue().getUsed();
            }
        }
        return n;
    }
}
