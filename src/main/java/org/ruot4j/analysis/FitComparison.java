package org.ruot4j.analysis;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ruot4j.RuotException;
import org.ruot4j.train.MetricsReport;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Metrics of several fits side by side (e.g. several σ, or g ≡ 0 against full RUOT): one row per
 * (mode, metric, time) plus a "mean" row per (mode, metric) — the mean over the evaluated times t_1…t_K — and
 * one column per fit. All fits must have been evaluated at the same times.
 */
public final class FitComparison {
    private FitComparison() {
    }

    /** {@code fits}: fit name → its report, in column order. */
    public static Table of(Map<String, MetricsReport> fits) {
        if (fits.isEmpty()) {
            throw new RuotException("fit comparison: no fits given");
        }
        double[] times = null;
        String first = null;
        for (Map.Entry<String, MetricsReport> e : fits.entrySet()) {
            double[] t = e.getValue().times();
            if (times == null) {
                times = t;
                first = e.getKey();
            } else if (!Arrays.equals(times, t)) {
                throw new RuotException("fit comparison: '" + e.getKey() + "' was evaluated at " + Arrays.toString(t)
                        + " but '" + first + "' at " + Arrays.toString(times));
            }
        }
        StringColumn mode = StringColumn.create("mode");
        StringColumn metric = StringColumn.create("metric");
        StringColumn time = StringColumn.create("time");
        Map<String, DoubleColumn> cols = new LinkedHashMap<>();
        for (String name : fits.keySet()) {
            if (name.equals("mode") || name.equals("metric") || name.equals("time")) {
                throw new RuotException("fit comparison: '" + name + "' is a reserved column name; rename the fit");
            }
            cols.put(name, DoubleColumn.create(name));
        }
        for (String md : new String[] {"ode", "sde"}) {
            for (String mt : new String[] {"w1", "w2", "tmv"}) {
                for (int k = 1; k <= times.length; k++) {
                    boolean meanRow = k == times.length;
                    mode.append(md.toUpperCase());
                    metric.append(mt.toUpperCase());
                    time.append(meanRow ? "mean" : Report.fmt(times[k]));
                    for (Map.Entry<String, MetricsReport> e : fits.entrySet()) {
                        double[] v = e.getValue().series().get(md).get(mt);
                        cols.get(e.getKey()).append(meanRow ? mean(v) : v[k]);
                    }
                }
            }
        }
        Table t = Table.create("comparison of fits").addColumns(mode, metric, time);
        for (DoubleColumn c : cols.values()) {
            t.addColumns(c);
        }
        return t;
    }

    /** Mean of the finite entries after t0 (NaN when none). */
    static double mean(double[] v) {
        double s = 0;
        int n = 0;
        for (int k = 1; k < v.length; k++) {
            if (Double.isFinite(v[k])) {
                s += v[k];
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }
}
