package dev.mil4j.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
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
 * {@code -Xmx}); {@link #livePeakAboveStart()} the highest heap use right after a collection (what survived, a lower
 * bound of what the operation needed; 0 when no collection ran). Both are above the heap in use at the start.
 */
final class HeapPeak implements NotificationListener {
    private long startUsed;
    private volatile long peakBefore;
    private volatile long peakAfter;

    /** Collects garbage, records the heap in use and starts listening to the collectors. */
    void start() {
        System.gc();
        System.gc();
        startUsed = used();
        peakBefore = startUsed;
        peakAfter = startUsed;
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
