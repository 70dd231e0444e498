package org.ruot4j.analysis;

import static org.ruot4j.plot.ChartStyle.line;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.ruot4j.RuotException;
import org.ruot4j.plot.ChartStyle;
import org.ruot4j.train.Simulation;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * One feature along simulated paths over time: at each time t_k, with particle values y_p and weights w_p
 * (normalised to sum 1), the weighted mean m = Σ w_p y_p, the weighted standard deviation
 * sd = sqrt(Σ w_p (y_p − m)²) and the weighted 10% and 90% quantiles (the smallest y whose cumulative weight
 * reaches the level).
 */
public record GeneTrends(String feature, double[] times, double[] mean, double[] sd, double[] q10, double[] q90) {

    /** Trend of feature {@code featureIndex} (0-based) in a simulation (weights as simulated; equal for branching). */
    public static GeneTrends of(Simulation sim, int featureIndex) {
        return of(sim, featureIndex, null);
    }

    /**
     * Trends per group of particles of an ODE or SDE simulation (fixed particle identities), e.g. grouped by the
     * fate each path ends in ({@link FateProbabilities.Labels#labelOf} of its last position): in a bifurcating
     * population the overall mean runs between the branches, the group means follow them. Groups appear in order of
     * first occurrence.
     *
     * @param groupOfParticle the group of each particle (row of the simulation)
     */
    public static Map<String, GeneTrends> byGroup(Simulation sim, int featureIndex, String[] groupOfParticle) {
        if (sim.mode().equals("branching")) {
            throw new RuotException("gene trends by group: a branching simulation has no particle identities");
        }
        int n = sim.count(0);
        if (groupOfParticle.length != n) {
            throw new RuotException("gene trends by group: " + groupOfParticle.length + " group labels for " + n
                    + " particles");
        }
        Map<String, GeneTrends> out = new LinkedHashMap<>();
        for (String g : groupOfParticle) {
            if (!out.containsKey(g)) {
                boolean[] member = new boolean[n];
                for (int i = 0; i < n; i++) {
                    member[i] = groupOfParticle[i].equals(g);
                }
                out.put(g, of(sim, featureIndex, member));
            }
        }
        return out;
    }

    /** The end-point fate of every particle of an ODE/SDE simulation: labels of its last position. */
    public static String[] fateOfParticles(Simulation sim, FateProbabilities.Labels labels) {
        int last = sim.times().length - 1;
        int d = sim.dim();
        double[] x = sim.positions().get(last);
        String[] g = new String[sim.count(last)];
        for (int i = 0; i < g.length; i++) {
            g[i] = labels.labelOf(Arrays.copyOfRange(x, i * d, (i + 1) * d));
        }
        return g;
    }

    private static GeneTrends of(Simulation sim, int featureIndex, boolean[] member) {
        int d = sim.dim();
        if (featureIndex < 0 || featureIndex >= d) {
            throw new RuotException("gene trends: feature index " + featureIndex + " is outside 0.." + (d - 1));
        }
        int k = sim.times().length;
        double[] mean = new double[k];
        double[] sd = new double[k];
        double[] q10 = new double[k];
        double[] q90 = new double[k];
        for (int t = 0; t < k; t++) {
            int n = sim.count(t);
            double[] x = sim.positions().get(t);
            double[] w = sim.weights().get(t);
            double total = 0;
            for (int i = 0; i < n; i++) {
                if (member != null && !member[i]) {
                    w = w.clone();
                    for (int q = 0; q < n; q++) {
                        if (!member[q]) {
                            w[q] = 0; // particles outside the group weigh nothing
                        }
                    }
                    break;
                }
            }
            for (int i = 0; i < n; i++) {
                total += w[i];
            }
            if (n == 0 || !(total > 0)) {
                mean[t] = sd[t] = q10[t] = q90[t] = Double.NaN;
                continue;
            }
            double m = 0;
            for (int i = 0; i < n; i++) {
                m += w[i] / total * x[i * d + featureIndex];
            }
            double v = 0;
            for (int i = 0; i < n; i++) {
                double u = x[i * d + featureIndex] - m;
                v += w[i] / total * u * u;
            }
            mean[t] = m;
            sd[t] = Math.sqrt(v);
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(x[a * d + featureIndex], x[b * d + featureIndex]));
            double[] wt = w;
            q10[t] = quantile(order, x, wt, total, d, featureIndex, 0.1);
            q90[t] = quantile(order, x, wt, total, d, featureIndex, 0.9);
        }
        return new GeneTrends(sim.features().get(featureIndex), sim.times(), mean, sd, q10, q90);
    }

    private static double quantile(Integer[] order, double[] x, double[] w, double total, int d, int j, double level) {
        double c = 0;
        for (int i : order) {
            c += w[i] / total;
            if (c >= level - 1e-12) {
                return x[i * d + j];
            }
        }
        return x[order[order.length - 1] * d + j];
    }

    /** Columns time, mean, sd, q10, q90. */
    public Table toTable() {
        return Table.create("trend of " + feature).addColumns(DoubleColumn.create("time", times),
                DoubleColumn.create("mean", mean), DoubleColumn.create("sd", sd), DoubleColumn.create("q10", q10),
                DoubleColumn.create("q90", q90));
    }

    /** Mean (solid), mean ± sd (dashed) and the 10%–90% range (dotted) over time. */
    public XYChart chart() {
        XYChart c = styled("Trend of " + feature + " along the paths (weighted)", feature);
        double[] lo = new double[sd.length];
        double[] hi = new double[sd.length];
        for (int i = 0; i < sd.length; i++) {
            lo[i] = mean[i] - sd[i];
            hi[i] = mean[i] + sd[i];
        }
        Color blue = ChartStyle.CATEGORICAL[0];
        Color grey = ChartStyle.QUANTILE_GREY;
        line(c.addSeries("mean", times, mean), blue, new BasicStroke(2.2f));
        line(c.addSeries("mean + sd", times, hi), blue, ChartStyle.dashedStroke(1.2f, 6f, 4f));
        line(c.addSeries("mean − sd", times, lo), blue, ChartStyle.dashedStroke(1.2f, 6f, 4f));
        line(c.addSeries("90% quantile", times, q90), grey, ChartStyle.dashedStroke(1.2f, 2f, 3f));
        line(c.addSeries("10% quantile", times, q10), grey, ChartStyle.dashedStroke(1.2f, 2f, 3f));
        return ChartStyle.finish(c);
    }

    /**
     * Several groups in one chart: per group its mean (solid) and mean ± sd (dashed) in the group's colour
     * (Okabe–Ito), the legend naming the group and its particle share.
     */
    public static XYChart chart(Map<String, GeneTrends> groups, Map<String, Integer> sizes) {
        if (groups.isEmpty()) {
            throw new RuotException("gene trends: no groups");
        }
        GeneTrends first = groups.values().iterator().next();
        XYChart c = styled("Trend of " + first.feature() + " along the paths, by fate", first.feature());
        Color[] palette = ChartStyle.CATEGORICAL;
        int k = 0;
        for (Map.Entry<String, GeneTrends> e : groups.entrySet()) {
            GeneTrends g = e.getValue();
            Color col = palette[k++ % palette.length];
            double[] lo = new double[g.sd().length];
            double[] hi = new double[g.sd().length];
            for (int i = 0; i < lo.length; i++) {
                lo[i] = g.mean()[i] - g.sd()[i];
                hi[i] = g.mean()[i] + g.sd()[i];
            }
            Integer n = sizes == null ? null : sizes.get(e.getKey());
            // "fate 1 (x1 2.10, x2 0.30)" → "fate 1": the centroid belongs in the fate chart, not in every entry here
            String name = e.getKey().replaceFirst(" \\(.*", "") + (n == null ? "" : " (" + n + " paths)");
            line(c.addSeries(name + ": mean", g.times(), g.mean()), col, new BasicStroke(2.2f));
            XYSeries up = c.addSeries(name + ": mean ± sd", g.times(), hi);
            line(up, col, ChartStyle.dashedStroke(1.1f, 6f, 4f));
            XYSeries down = c.addSeries(name + ": − sd", g.times(), lo);
            line(down, col, ChartStyle.dashedStroke(1.1f, 6f, 4f));
            down.setShowInLegend(false);
        }
        return ChartStyle.finish(c);
    }

    private static XYChart styled(String title, String yTitle) {
        XYChart c = ChartStyle.xyChart(title, "time", yTitle);
        c.getStyler().setXAxisDecimalPattern("0.##");
        return c;
    }
}
