package org.ruot4j.dynamics;

import java.util.Arrays;
import org.ruot4j.RuotException;

/**
 * The output times of a simulation, checked before any work: finite, not before t0, strictly increasing (a
 * repeated time is a mistake, not a request for two copies), and reachable within a bounded number of fixed steps
 * of size h — {@code simulate --times 0,1e9} would otherwise run for hours with no output.
 */
public final class TimeGrid {
    /** Default bound on the fixed steps from t0 to the last output time (t0 + 1000 at h = 0.01). */
    public static final long DEFAULT_MAX_STEPS = 100_000;

    private TimeGrid() {
    }

    /**
     * Checks {@code times} against t0, h and the step bound.
     *
     * @return the number of fixed steps of size ≤ h from t0 to the last time
     * @throws RuotException one line naming the offending time
     */
    public static long check(double t0, double[] times, double h, long maxSteps) {
        if (times.length == 0) {
            throw new RuotException("simulate: give at least one time");
        }
        for (int i = 0; i < times.length; i++) {
            double t = times[i];
            if (!Double.isFinite(t)) {
                throw new RuotException("simulate: time " + t + " is not a finite number");
            }
            if (t < t0) {
                throw new RuotException("simulate: time " + fmt(t) + " is before t0=" + fmt(t0)
                        + " (the simulation starts from the t0 cells)");
            }
            if (i > 0 && !(t > times[i - 1])) {
                throw new RuotException("simulate: times must be strictly increasing without repeats, got "
                        + fmt(times[i - 1]) + " then " + fmt(t) + " in " + list(times));
            }
        }
        double last = times[times.length - 1];
        double steps = Math.ceil((last - t0) / h - 1e-9);
        if (steps > maxSteps) {
            throw new RuotException("simulate: reaching t=" + fmt(last) + " from t0=" + fmt(t0) + " takes "
                    + String.format(java.util.Locale.ROOT, "%.3g", steps) + " steps of h=" + fmt(h) + ", more than the "
                    + "limit of " + maxSteps + " (ask for earlier times, or raise the limit with --max-steps)");
        }
        return (long) Math.max(0, steps);
    }

    /**
     * A warning when the last output time lies past the last observed time {@code tK} (by more than a rounding
     * error), else null: the fitted dynamics are only constrained on [t0, tK].
     */
    public static String extrapolationWarning(double[] times, double t0, double tK) {
        double last = times[times.length - 1];
        if (!(last > tK + 1e-9 * Math.max(1, Math.abs(tK)))) {
            return null;
        }
        return "t=" + fmt(last) + " is past the last observed time t=" + fmt(tK) + " (the model was fitted on ["
                + fmt(t0) + ", " + fmt(tK) + "]); results there are an extrapolation no data checked";
    }

    static String fmt(double t) {
        return t == Math.rint(t) && Math.abs(t) < 1e15 ? Long.toString((long) t) : Double.toString(t);
    }

    private static String list(double[] t) {
        if (t.length <= 12) {
            return Arrays.stream(t).mapToObj(TimeGrid::fmt).collect(java.util.stream.Collectors.joining(",", "[", "]"));
        }
        return "[" + fmt(t[0]) + ",…," + fmt(t[t.length - 1]) + "] (" + t.length + " times)";
    }
}
