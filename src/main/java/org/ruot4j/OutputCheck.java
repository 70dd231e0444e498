package org.ruot4j;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Finds an output directory that cannot take the results before the computation, not after it: a fit's hours
 * are lost when model/, metrics.json and the report cannot be written at the end. Checks the free space against
 * what a fit writes and writes (and syncs) a probe file of that size, which also catches a read-only or full file
 * system that reports space it cannot give.
 */
public final class OutputCheck {
    /** A generous estimate of a fit's outputs: the model, its checkpoints, history, plots and report. */
    static final long FIT_BYTES = 16L << 20;
    private static final int PROBE_BYTES = 1 << 20;

    private OutputCheck() {
    }

    /** Checks that {@code dir} (created if missing) can take {@link #FIT_BYTES} bytes. */
    public static void requireWritable(Path dir) {
        requireWritable(dir, FIT_BYTES);
    }

    /**
     * Checks that {@code dir} (created if missing) can take {@code bytes} bytes.
     *
     * @throws RuotException one line naming the directory and what is wrong
     */
    public static void requireWritable(Path dir, long bytes) {
        Path probe = null;
        try {
            Files.createDirectories(dir);
            long free = Files.getFileStore(dir).getUsableSpace();
            if (free < bytes) {
                throw new RuotException(dir + ": only " + mib(free) + " free, a fit writes up to " + mib(bytes)
                        + "; free some space or choose another --out (checked before training)");
            }
            probe = Files.createTempFile(dir, ".write-probe", ".tmp");
            try (FileChannel ch = FileChannel.open(probe, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.allocate((int) Math.min(PROBE_BYTES, Math.max(1, bytes)));
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
        } catch (IOException e) {
            throw new RuotException(dir + ": cannot write the outputs here (" + e.getMessage() + "); choose another "
                    + "--out (checked before training)");
        } finally {
            if (probe != null) {
                try {
                    Files.deleteIfExists(probe);
                } catch (IOException ignored) {
                    // a probe that cannot be deleted is harmless: it is hidden and empty of meaning
                }
            }
        }
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
