package org.ruot4j.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import org.ruot4j.train.ProgressEvent;
import org.ruot4j.train.ProgressListener;

/**
 * Training progress on stderr: on a terminal one line per stage rewritten in place ({@code \r}), otherwise one
 * line per epoch (or block of score iterations), so logs stay readable.
 */
final class ProgressBar implements ProgressListener {
    private static final int WIDTH = 24;
    private final PrintStream err;
    private final boolean terminal;
    private String lastStage;
    /** When the last line was written (partial events are written at most every {@link #PARTIAL_NANOS}). */
    private long lastLine = System.nanoTime();
    static final long PARTIAL_NANOS = 2_000_000_000L;

    ProgressBar(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    static ProgressBar forStderr() {
        return new ProgressBar(System.err, System.console() != null);
    }

    @Override
    public void onProgress(ProgressEvent e) {
        long now = System.nanoTime();
        if (e.partial() && now - lastLine < PARTIAL_NANOS) {
            return; // inside an epoch: enough to show the stage is moving, not a line per interval
        }
        lastLine = now;
        if (terminal && lastStage != null && !lastStage.equals(e.stage())) {
            err.println();
        }
        lastStage = e.stage();
        String line = format(e);
        if (terminal) {
            err.print("\r" + line);
            if (e.epoch() >= e.total()) {
                err.println();
                lastStage = null;
            }
        } else {
            err.println(line);
        }
        err.flush();
    }

    static String format(ProgressEvent e) {
        int filled = e.total() == 0 ? WIDTH : (int) Math.round(WIDTH * e.progress() / e.total());
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-8s [", e.stage()));
        for (int i = 0; i < WIDTH; i++) {
            sb.append(i < filled ? '#' : '.');
        }
        sb.append(String.format(Locale.ROOT, "] %d/%d", e.epoch(), e.total()));
        if (e.partial()) {
            sb.append(String.format(Locale.ROOT, " (epoch %d: interval %d/%d)", e.epoch() + 1, e.interval(),
                    e.intervals()));
        }
        Map<String, Double> l = e.losses();
        for (String k : new String[] {"loss", "ot", "score", "fokker_planck"}) {
            Double v = l.get(k);
            if (v != null) {
                sb.append(String.format(Locale.ROOT, " %s=%.4g", k, v));
            }
        }
        sb.append(String.format(Locale.ROOT, " %s elapsed", time(e.elapsedSeconds())));
        if (Double.isFinite(e.etaSeconds()) && e.epoch() < e.total()) {
            sb.append(String.format(Locale.ROOT, ", eta %s", time(e.etaSeconds())));
        }
        return sb.toString();
    }

    private static String time(double s) {
        return s < 60 ? String.format(Locale.ROOT, "%.0fs", s)
                : String.format(Locale.ROOT, "%dm%02ds", (long) s / 60, (long) s % 60);
    }
}
