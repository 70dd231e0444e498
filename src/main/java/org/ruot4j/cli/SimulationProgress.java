package org.ruot4j.cli;

import java.io.PrintWriter;
import java.util.Locale;

/** One stderr line at each tenth of the way from t0 to the last time, for runs of many steps. */
final class SimulationProgress implements java.util.function.DoubleConsumer {
    /** Runs of at least this many steps report their progress on stderr. */
    static final long FROM_STEPS = 5_000;

    private final PrintWriter err;
    private final double t0;
    private final double t1;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private int reported;

    SimulationProgress(PrintWriter err, double t0, double t1, long steps) {
        this.err = err;
        this.t0 = t0;
        this.t1 = t1;
        this.enabled = steps >= FROM_STEPS && t1 > t0;
    }

    @Override
    public void accept(double t) {
        if (!enabled) {
            return;
        }
        int tenth = (int) Math.floor(10 * (t - t0) / (t1 - t0));
        if (tenth > reported && tenth < 10) {
            reported = tenth;
            err.println(String.format(Locale.ROOT, "simulate: %d%% (t=%.4g of %.4g, %.0f s)", 10 * tenth, t, t1,
                    (System.nanoTime() - start) / 1e9));
            err.flush();
        }
    }
}
