package org.ruot4j.analysis;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.Arrays;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.ruot4j.RuotException;
import org.ruot4j.plot.Figures;
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
            q10[t] = quantile(order, x, w, total, d, featureIndex, 0.1);
            q90[t] = quantile(order, x, w, total, d, featureIndex, 0.9);
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
        XYChart c = new XYChart(Figures.WIDTH, Figures.HEIGHT);
        c.setTitle("Trend of " + feature + " along the paths (weighted)");
        c.setXAxisTitle("time");
        c.setYAxisTitle(feature);
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

    private static void line(XYSeries s, Color c, BasicStroke stroke) {
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(c);
        s.setLineStyle(stroke);
    }
}
