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

    ProgressBar(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    static ProgressBar forStderr() {
        return new ProgressBar(System.err, System.console() != null);
    }

    @Override
    public void onProgress(ProgressEvent e) {
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
        int filled = e.total() == 0 ? WIDTH : (int) Math.round(WIDTH * (double) e.epoch() / e.total());
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-8s [", e.stage()));
        for (int i = 0; i < WIDTH; i++) {
            sb.append(i < filled ? '#' : '.');
        }
        sb.append(String.format(Locale.ROOT, "] %d/%d", e.epoch(), e.total()));
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
