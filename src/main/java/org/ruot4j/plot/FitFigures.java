package org.ruot4j.plot;

import static org.ruot4j.plot.ChartStyle.*;
import static org.ruot4j.plot.PlotData.*;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.ruot4j.RuotException;
import org.ruot4j.train.MetricsReport;
import org.ruot4j.train.TrainingHistory;

/** Factories for how a fit went: loss curves per stage and the accuracy metrics per time. */
final class FitFigures {
    private FitFigures() {
    }

    static XYChart lossCurves(TrainingHistory h, boolean logY) {
        List<TrainingHistory.Row> rows = h.rows();
        if (rows.isEmpty()) {
            throw new RuotException("no training history to plot");
        }
        int n = rows.size();
        double[] x = new double[n];
        for (int r = 0; r < n; r++) {
            x[r] = r + 1;
        }
        List<String> terms = h.terms();
        Map<String, double[]> columns = columns(rows, terms);
        XYChart c = xyChart("Loss terms per stage", "epoch (all stages in order)", "loss" + (logY ? " (log scale)" : ""));
        List<String> st = rows.stream().map(TrainingHistory.Row::stage).toList();
        addLossSeries(c, columns, x, st, logY);
        double top = Double.NEGATIVE_INFINITY;
        double bottom = Double.POSITIVE_INFINITY;
        for (double[] v : columns.values()) {
            for (double d : v) {
                if (Double.isFinite(d) && (!logY || d > 0)) {
                    top = Math.max(top, d);
                    bottom = Math.min(bottom, d);
                }
            }
        }
        if (Double.isFinite(top) && new LinkedHashSet<>(st).size() > 1) {
            // headroom above the curves for the stage names
            double labelY;
            if (logY) {
                double span = Math.log10(top) - Math.log10(bottom);
                labelY = top * Math.pow(10, Math.max(0.15 * span, 0.2));
                c.getStyler().setYAxisMax(labelY * Math.pow(10, Math.max(0.06 * span, 0.08)));
            } else {
                double span = top - Math.min(bottom, 0);
                labelY = top + 0.12 * span;
                c.getStyler().setYAxisMax(top + 0.2 * span);
            }
            int start = 0;
            boolean lowered = false;
            for (int r = 1; r <= n; r++) {
                if (r == n || !st.get(r).equals(st.get(start))) {
                    if (start > 0) {
                        AnnotationLine boundary = new AnnotationLine(start + 0.5, true, false);
                        c.addAnnotation(boundary);
                    }
                    // a stage narrower than its name would write over its neighbour's: every other one goes lower
                    boolean narrow = (r - start) < 0.012 * n * st.get(start).length();
                    lowered = narrow && !lowered;
                    double y = !lowered ? labelY : logY ? labelY / Math.pow(10, Math.max(0.07 * span(bottom, top,
                            true), 0.1)) : labelY - 0.06 * span(bottom, top, false);
                    c.addAnnotation(new AnnotationText(st.get(start), (start + r + 1) / 2.0, y, false));
                    start = r;
                }
            }
            c.getStyler().setAnnotationLineColor(STAGE_LINE);
            c.getStyler().setAnnotationLineStroke(dashedStroke(1f, 3f, 3f));
            c.getStyler().setAnnotationTextFont(ANNOTATION_FONT);
            c.getStyler().setAnnotationTextFontColor(ANNOTATION_TEXT);
        }
        return finish(c);
    }

    static XYChart lossCurves(TrainingHistory h, String stage, boolean logY) {
        List<TrainingHistory.Row> rows = h.rows(stage);
        if (rows.isEmpty()) {
            throw new RuotException("loss history: no stage '" + stage + "'; stages are " + h.stages());
        }
        double[] x = rows.stream().mapToDouble(TrainingHistory.Row::epoch).toArray();
        XYChart c = xyChart("Loss terms, stage " + stage, "epoch", "loss" + (logY ? " (log scale)" : ""));
        addLossSeries(c, columns(rows, h.terms()), x, null, logY);
        return finish(c);
    }

    /** Term → its value in each row (NaN where a row has no such term). */
    private static Map<String, double[]> columns(List<TrainingHistory.Row> rows, List<String> terms) {
        Map<String, double[]> columns = new LinkedHashMap<>();
        for (String t : terms) {
            columns.put(t, rows.stream().mapToDouble(r -> r.get(t)).toArray());
        }
        return columns;
    }

    /**
     * Adds one line per term in the term's fixed colour ({@link ChartStyle#termColour}), broken where the stage
     * changes ({@code stages} gives each row's stage; null: one stage), so that a term never joins the values of two
     * stages. A value with no neighbour in its stage (a one-epoch stage, or a term recorded once) is drawn as a short
     * level line across its epoch with a dot, not left out as a lone point.
     */
    private static void addLossSeries(XYChart c, Map<String, double[]> terms, double[] x, List<String> stages,
            boolean logY) {
        c.getStyler().setYAxisLogarithmic(logY);
        boolean any = false;
        double half = 0.45 * minStep(x);
        for (Map.Entry<String, double[]> e : terms.entrySet()) {
            double[] y = e.getValue().clone();
            boolean dropped = false;
            boolean finite = false;
            for (int r = 0; r < y.length; r++) {
                if (logY && y[r] <= 0) {
                    y[r] = Double.NaN;
                    dropped = true;
                }
                if (!Double.isFinite(y[r])) {
                    y[r] = Double.NaN;
                }
                finite |= !Double.isNaN(y[r]);
            }
            if (!finite) {
                continue;
            }
            any = true;
            String term = e.getKey();
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            List<double[]> lone = new ArrayList<>();
            for (int r = 0; r < y.length; r++) {
                boolean newStage = stages != null && r > 0 && !stages.get(r).equals(stages.get(r - 1));
                if (newStage) {
                    xs.add(Double.NaN);
                    ys.add(Double.NaN);
                }
                xs.add(x[r]);
                ys.add(y[r]);
                boolean before = r > 0 && !newStage && !Double.isNaN(y[r - 1]);
                boolean after = r + 1 < y.length && !(stages != null && !stages.get(r + 1).equals(stages.get(r)))
                        && !Double.isNaN(y[r + 1]);
                if (!Double.isNaN(y[r]) && !before && !after) {
                    lone.add(new double[] {x[r], y[r]});
                }
            }
            Color col = termColour(term);
            XYSeries s = c.addSeries(term + (dropped ? " (values ≤ 0 not shown)" : ""), unbox(xs), unbox(ys));
            line(s, col, termStroke(term));
            for (int i = 0; i < lone.size(); i++) {
                double[] p = lone.get(i);
                String name = term + " · epoch " + fmt(p[0]) + (i == 0 ? "" : " (" + i + ")");
                // in the last stage the line may run on to the right, where no other stage is: a one-epoch
                // joint stage after a hundred pretraining epochs still shows as a line
                boolean inLastStage = stages == null || stages.get(stages.size() - 1).equals(stageAt(x, stages, p[0]));
                double right = inLastStage ? Math.max(half, 0.025 * (x[x.length - 1] - x[0])) : half;
                XYSeries level = c.addSeries(name, new double[] {p[0] - half, p[0] + right}, new double[] {p[1], p[1]});
                line(level, col, termStroke(term));
                level.setShowInLegend(false);
                XYSeries dot = c.addSeries(name + " ", new double[] {p[0]}, new double[] {p[1]});
                scatter(dot, col, 5);
                dot.setShowInLegend(false);
            }
        }
        if (!any) {
            throw new RuotException("loss curves: no finite" + (logY ? " positive" : "") + " loss values to plot");
        }
        // XChart puts ticks on the data values when all x are equally spaced and sizes them by the first label
        // ("1"), so 3-digit epochs overlap; one invisible point off the grid sends it to its regular tick logic.
        double y0 = Double.NaN;
        for (XYSeries ser : c.getSeriesMap().values()) {
            for (double v : ser.getYData()) {
                if (Double.isFinite(v)) {
                    y0 = v;
                    break;
                }
            }
            if (Double.isFinite(y0)) {
                break;
            }
        }
        XYSeries pad = c.addSeries("  ", new double[] {x[0] + 0.5}, new double[] {y0});
        hidden(pad);
    }

    static XYChart metrics(MetricsReport m) {
        XYChart c = xyChart("Fit quality per time (lower is better)", "time", "W1, W2: distance   TMV: mass error");
        String[] pretty = {"W1", "W2", "TMV"};
        boolean any = false;
        for (int j = 0; j < pretty.length; j++) {
            for (String mode : new String[] {"ode", "sde"}) {
                double[] v = finiteOrNull(m.series().get(mode).get(MetricsReport.METRICS.get(j)));
                if (v == null) {
                    continue;
                }
                any = true;
                double[][] xy = finitePairs(m.times(), v);
                XYSeries s = c.addSeries(pretty[j] + " " + mode.toUpperCase(Locale.ROOT), xy[0], xy[1]);
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                s.setLineColor(CATEGORICAL[j]);
                s.setMarkerColor(CATEGORICAL[j]);
                s.setMarker(mode.equals("ode") ? SeriesMarkers.CIRCLE : SeriesMarkers.SQUARE);
                s.setLineStyle(mode.equals("ode") ? new BasicStroke(2f) : dashedStroke(2f, 6f, 4f));
            }
        }
        if (!any) {
            throw new RuotException("metrics: no finite W1, W2 or TMV values to plot");
        }
        c.getStyler().setMarkerSize(8);
        c.getStyler().setYAxisMin(0.0);
        return finish(c);
    }

    static CategoryChart metricBars(MetricsReport m, String metric) {
        String key = metric.toLowerCase(Locale.ROOT);
        if (!MetricsReport.METRICS.contains(key)) {
            throw new RuotException("metric bars: no metric '" + metric + "'; available: " + MetricsReport.METRICS);
        }
        double[] ode = finiteOrNull(m.ode().get(key));
        double[] sde = finiteOrNull(m.sde().get(key));
        List<String> cats = new ArrayList<>();
        List<Double> o = new ArrayList<>();
        List<Double> s = new ArrayList<>();
        for (int k = 0; k < m.times().length; k++) {
            boolean okO = ode == null || Double.isFinite(ode[k]);
            boolean okS = sde == null || Double.isFinite(sde[k]);
            if (okO && okS && (ode != null || sde != null)) {
                cats.add("t = " + fmt(m.times()[k]));
                o.add(ode == null ? 0 : ode[k]);
                s.add(sde == null ? 0 : sde[k]);
            }
        }
        if (cats.isEmpty()) {
            throw new RuotException("metric bars: no time with finite " + metric + " values");
        }
        String pretty = key.equals("tmv") ? "TMV" : key.toUpperCase(Locale.ROOT);
        CategoryChart c = categoryChart(pretty + " per time, ODE vs SDE (lower is better)", "time", pretty);
        if (ode != null) {
            CategorySeries cs = c.addSeries("ODE", cats, o);
            cs.setFillColor(CATEGORICAL[0]);
        }
        if (sde != null) {
            CategorySeries cs = c.addSeries("SDE", cats, s);
            cs.setFillColor(CATEGORICAL[1]);
        }
        return finish(c);
    }

    /** The stage of the row at x value {@code xv}. */
    private static String stageAt(double[] x, List<String> stages, double xv) {
        for (int r = 0; r < x.length; r++) {
            if (x[r] == xv) {
                return stages.get(r);
            }
        }
        return null;
    }

    /** The height of the data range: in decades on a log axis. */
    private static double span(double bottom, double top, boolean log) {
        return log ? Math.log10(top) - Math.log10(bottom) : top - Math.min(bottom, 0);
    }

    /** The smallest gap between consecutive x values (1 when there is none). */
    private static double minStep(double[] x) {
        double m = Double.POSITIVE_INFINITY;
        for (int i = 1; i < x.length; i++) {
            double d = x[i] - x[i - 1];
            if (d > 0) {
                m = Math.min(m, d);
            }
        }
        return Double.isFinite(m) ? m : 1;
    }

    /** The values, or null when none is finite (a mode that was not evaluated). */
    private static double[] finiteOrNull(double[] v) {
        return v == null || Arrays.stream(v).noneMatch(Double::isFinite) ? null : v;
    }
}
