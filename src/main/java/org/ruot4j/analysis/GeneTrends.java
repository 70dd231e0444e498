package org.ruot4j.analysis;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
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
        Color blue = new Color(0, 114, 178);
        Color grey = new Color(120, 120, 120);
        line(c.addSeries("mean", times, mean), blue, new BasicStroke(2.2f));
        float[] dash = {6f, 4f};
        float[] dot = {2f, 3f};
        line(c.addSeries("mean + sd", times, hi), blue, new BasicStroke(1.2f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_ROUND, 10f, dash, 0f));
        line(c.addSeries("mean − sd", times, lo), blue, new BasicStroke(1.2f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_ROUND, 10f, dash, 0f));
        line(c.addSeries("90% quantile", times, q90), grey, new BasicStroke(1.2f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_ROUND, 10f, dot, 0f));
        line(c.addSeries("10% quantile", times, q10), grey, new BasicStroke(1.2f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_ROUND, 10f, dot, 0f));
        return c;
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
        Color[] palette = {new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115),
            new Color(204, 121, 167), new Color(230, 159, 0), new Color(86, 180, 233), Color.BLACK};
        float[] dash = {6f, 4f};
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
            line(up, col, new BasicStroke(1.1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f));
            XYSeries down = c.addSeries(name + ": − sd", g.times(), lo);
            line(down, col, new BasicStroke(1.1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f));
            down.setShowInLegend(false);
        }
        return c;
    }

    private static XYChart styled(String title, String yTitle) {
        XYChart c = new XYChart(ChartStyle.WIDTH, ChartStyle.HEIGHT);
        c.setTitle(title);
        c.setXAxisTitle("time");
        c.setYAxisTitle(yTitle);
        org.knowm.xchart.style.XYStyler st = c.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotGridLinesColor(new Color(228, 228, 228));
        st.setChartTitleBoxVisible(false);
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        st.setLegendBorderColor(new Color(200, 200, 200));
        st.setXAxisDecimalPattern("0.##");
        st.setXAxisTickMarkSpacingHint(90); // fewer time labels: 41 sampled times crowd the axis otherwise
        return c;
    }

    private static void line(XYSeries s, Color c, BasicStroke stroke) {
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(c);
        s.setLineStyle(stroke);
    }
}
