package org.ruot4j.analysis;

import java.util.List;
import org.ruot4j.RuotException;
import org.ruot4j.data.Snapshots;
import org.ruot4j.plot.FieldChart;
import org.ruot4j.plot.Figures;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The growth rate g(t_k, x_i) at every observed cell and what it says: a cell state proliferates when
 * g &gt; τ, dies when g &lt; −τ, and is balanced (|g| ≤ τ) otherwise, with a tolerance τ ≥ 0 (default 0.01 per
 * unit time) so that rates indistinguishable from zero are not called either way.
 *
 * @param growth {@code growth[k][i]} = g at cell i of time index k
 */
public record GrowthMap(Snapshots cells, double[][] growth, double tolerance) {
    /** Default tolerance τ on |g|. */
    public static final double DEFAULT_TOLERANCE = 0.01;

    public GrowthMap {
        if (growth.length != cells.numTimes()) {
            throw new RuotException("growth map: " + growth.length + " arrays of g for " + cells.numTimes() + " times");
        }
        if (!(tolerance >= 0)) {
            throw new RuotException("growth map: tolerance must be >= 0, got " + tolerance);
        }
    }

    /** Evaluates g at every cell of every time of {@code data}. */
    public static GrowthMap compute(Fields fields, Snapshots data, double tolerance) {
        double[][] g = new double[data.numTimes()][];
        for (int k = 0; k < data.numTimes(); k++) {
            g[k] = fields.growth(data.time(k), data.points(k));
        }
        return new GrowthMap(data, g, tolerance);
    }

    public static GrowthMap compute(Fields fields, Snapshots data) {
        return compute(fields, data, DEFAULT_TOLERANCE);
    }

    /** "proliferating" (g &gt; τ), "dying" (g &lt; −τ) or "balanced". */
    public static String state(double g, double tolerance) {
        return g > tolerance ? "proliferating" : g < -tolerance ? "dying" : "balanced";
    }

    /** Fraction of the cells of time index k with g &gt; τ. */
    public double proliferatingFraction(int k) {
        return fraction(k, 1);
    }

    /** Fraction of the cells of time index k with g &lt; −τ. */
    public double dyingFraction(int k) {
        return fraction(k, -1);
    }

    private double fraction(int k, int sign) {
        double[] g = growth[k];
        if (g.length == 0) {
            return Double.NaN;
        }
        int c = 0;
        for (double v : g) {
            if (sign > 0 ? v > tolerance : v < -tolerance) {
                c++;
            }
        }
        return (double) c / g.length;
    }

    /** One row per cell: time, cell, the features, g, state. */
    public Table toTable() {
        List<String> f = cells.features();
        DoubleColumn time = DoubleColumn.create("time");
        IntColumn cell = IntColumn.create("cell");
        DoubleColumn[] xs = new DoubleColumn[f.size()];
        for (int j = 0; j < xs.length; j++) {
            xs[j] = DoubleColumn.create(f.get(j));
        }
        DoubleColumn g = DoubleColumn.create("g");
        StringColumn st = StringColumn.create("state");
        for (int k = 0; k < cells.numTimes(); k++) {
            double[][] p = cells.points(k);
            for (int i = 0; i < p.length; i++) {
                time.append(cells.time(k));
                cell.append(i);
                for (int j = 0; j < xs.length; j++) {
                    xs[j].append(p[i][j]);
                }
                g.append(growth[k][i]);
                st.append(state(growth[k][i], tolerance));
            }
        }
        Table t = Table.create("growth map").addColumns(time, cell);
        t.addColumns(xs);
        return t.addColumns(g, st);
    }

    /** Column names of {@link #summary()}'s fractions (τ = the map's tolerance, given in the table's name). */
    public static final String PROLIFERATING = "fraction proliferating (g > τ)";
    public static final String BALANCED = "fraction balanced (|g| ≤ τ)";
    public static final String DYING = "fraction dying (g < −τ)";

    /**
     * Per time: cells, mean g, and the fractions of the cells (0 to 1, shown with 3 decimals) that proliferate
     * ({@link #PROLIFERATING}), are balanced ({@link #BALANCED}) and die ({@link #DYING}); the table's name gives τ.
     */
    public Table summary() {
        DoubleColumn time = DoubleColumn.create("time");
        IntColumn n = IntColumn.create("cells");
        DoubleColumn mean = DoubleColumn.create("mean g");
        DoubleColumn pro = DoubleColumn.create(PROLIFERATING);
        DoubleColumn bal = DoubleColumn.create(BALANCED);
        DoubleColumn die = DoubleColumn.create(DYING);
        for (int k = 0; k < cells.numTimes(); k++) {
            time.append(cells.time(k));
            n.append(growth[k].length);
            double s = 0;
            for (double v : growth[k]) {
                s += v;
            }
            mean.append(growth[k].length == 0 ? Double.NaN : s / growth[k].length);
            double p = proliferatingFraction(k);
            double d = dyingFraction(k);
            pro.append(p);
            die.append(d);
            bal.append(Math.max(0, 1 - p - d));
        }
        java.text.DecimalFormat three = new java.text.DecimalFormat("0.000",
                java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT));
        java.text.DecimalFormat four = new java.text.DecimalFormat("0.0###",
                java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT));
        for (DoubleColumn c : List.of(pro, bal, die)) {
            c.setPrintFormatter(three, "–");
        }
        mean.setPrintFormatter(four, "–");
        return Table.create(String.format(java.util.Locale.ROOT, "growth by time (τ = %s)", tolerance))
                .addColumns(time, n, mean, pro, bal, die);
    }

    /** {@link Figures#growthMap} of all times in the plane of features fx, fy. */
    public FieldChart chart(int fx, int fy) {
        return Figures.growthMap(cells, growth, fx, fy);
    }
}
