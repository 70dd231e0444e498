package org.ruot4j.kernel;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Locale;
import javax.management.NotificationEmitter;

/**
 * Memory pressure in the kernel, reported as such. Three parts:
 * <ul>
 * <li>an {@link OutOfMemoryError} anywhere in a failure's causes becomes "out of memory: …, raise the heap
 * with …" (DJL, for one, wraps it in "Failed to load PyTorch native library");</li>
 * <li>{@link #checkHeadroom} before a {@code %ruot} command: with the heap still over {@value #REFUSE_PERCENT}%
 * full after a collection the command is refused at once instead of starting work it cannot finish;</li>
 * <li>a watchdog: when a full collection leaves the old generation over {@value #STOP_PERCENT}% full while a
 * cell runs, the cell is stopped — with the serial collector a nearly full heap otherwise makes a load run
 * for minutes in back-to-back collections before the error comes (and {@code -XX:+ExitOnOutOfMemoryError}
 * would end the kernel and the notebook's state with it).</li>
 * </ul>
 */
final class MemoryGuard {
    static final int REFUSE_PERCENT = 90;
    static final int STOP_PERCENT = 97;
    /** What the messages suggest; the kernelspec's heap comes from {@code kernel install --heap}. */
    static final String RAISE_HINT = "raise the heap with `./ruot4j kernel install --heap 8g` (or RUOT4J_KERNEL_HEAP=8g) "
            + "and restart the kernel, or free large variables (x = null)";

    /**
     * A parachute: memory the kernel holds back from the notebook's code and lets go when the heap runs out, so that
     * its own threads (the reply to the failing cell, the message loop) can still allocate. Without it a cell that
     * fills the heap to the last byte left the kernel's I/O thread dying of OutOfMemoryError, and the kernel mute.
     */
    static final int RESERVE_BYTES = (int) Math.min(32L << 20, Runtime.getRuntime().maxMemory() / 16);
    private static volatile byte[] reserve = new byte[RESERVE_BYTES];

    private MemoryGuard() {
    }

    /** Lets the parachute go (once the heap has run out, or is about to). */
    static void releaseReserve() {
        reserve = null;
    }

    /** Heap bytes in use, counting a released parachute as used: the kernel wants it back before new work. */
    private static long usedCountingReserve(Runtime rt) {
        return rt.totalMemory() - rt.freeMemory() + (reserve == null ? RESERVE_BYTES : 0);
    }

    /** True when an {@link OutOfMemoryError} is among {@code t} and its causes. */
    static boolean isOutOfMemory(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof OutOfMemoryError || String.valueOf(c.getMessage()).contains("OutOfMemoryError")) {
                return true;
            }
        }
        return false;
    }

    /** The one-line report of an out-of-memory failure; {@code detail} says what ran out. */
    static String message(String detail) {
        return "out of memory: " + detail + " (heap limit " + mb(Runtime.getRuntime().maxMemory()) + "); " + RAISE_HINT;
    }

    static CellError error(String detail) {
        releaseReserve();
        String msg = message(detail);
        return new CellError(OutOfMemoryError.class.getName(), msg,
                List.of(JavaEvaluator.red(OutOfMemoryError.class.getName()) + ": " + msg));
    }

    /**
     * Refuses to start {@code what} when the heap is over {@value #REFUSE_PERCENT}% full even after a collection.
     * Cheap in the usual case: the collector's own figure from its last run is read first, and a collection is
     * forced only when that figure is already high.
     */
    static void checkHeadroom(String what) {
        if (reserve != null && oldGenAfterGcPercent() < REFUSE_PERCENT) {
            return;
        }
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long used = usedCountingReserve(rt);
        long percent = 100 * used / rt.maxMemory();
        if (percent < REFUSE_PERCENT && reserve == null) {
            reserve = new byte[RESERVE_BYTES]; // room again: re-arm the parachute before the work starts
        }
        if (percent >= REFUSE_PERCENT) {
            throw error(String.format(Locale.ROOT, "the heap is %d%% full (%s of %s) before %s started, so it was not "
                    + "started", percent, mb(used), mb(rt.maxMemory()), what));
        }
    }

    /** Percent of the old generation in use after the last collection of it (0 when unknown). */
    static long oldGenAfterGcPercent() {
        MemoryPoolMXBean old = oldGen();
        if (old == null || old.getCollectionUsage() == null) {
            return 0;
        }
        MemoryUsage u = old.getCollectionUsage();
        long max = u.getMax() > 0 ? u.getMax() : Runtime.getRuntime().maxMemory();
        return 100 * u.getUsed() / max;
    }

    /**
     * Calls {@code onPressure} (from the JMX notification thread) each time a collection of the old generation
     * leaves it over {@value #STOP_PERCENT}% full. No-op where the JVM offers no such threshold.
     */
    static void watch(Runnable onPressure) {
        MemoryPoolMXBean old = oldGen();
        if (old == null || !old.isCollectionUsageThresholdSupported() || old.getUsage().getMax() <= 0) {
            return;
        }
        old.setCollectionUsageThreshold(old.getUsage().getMax() / 100 * STOP_PERCENT);
        NotificationEmitter emitter = (NotificationEmitter) ManagementFactory.getMemoryMXBean();
        emitter.addNotificationListener((n, handback) -> {
            if (MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(n.getType())) {
                onPressure.run();
            }
        }, null, null);
    }

    /** The heap pool that survives collections (tenured / old gen), whatever the collector calls it. */
    private static MemoryPoolMXBean oldGen() {
        MemoryPoolMXBean best = null;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() != MemoryType.HEAP || !p.isCollectionUsageThresholdSupported()) {
                continue;
            }
            String n = p.getName().toLowerCase(Locale.ROOT);
            if (n.contains("old") || n.contains("tenured")) {
                return p;
            }
            if (best == null || p.getUsage().getMax() > best.getUsage().getMax()) {
                best = p;
            }
        }
        return best;
    }

    static String mb(long bytes) {
        return (bytes >> 20) + " MB";
    }
}
