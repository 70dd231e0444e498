package org.ruot4j.kernel;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.ruot4j.data.Snapshots;
import org.ruot4j.train.TrainingHistory;

/** The few XChart figures the kernel draws itself: loss curves (live and recorded) and a data scatter. */
final class Charts {
    static final int WIDTH = 640;
    static final int HEIGHT = 360;

    private Charts() {
    }

    /**
     * Loss terms against epoch. {@code series} maps a term name to its values at {@code epochs}; the y axis
     * is logarithmic when every value is positive (losses span decades while training).
     */
    static XYChart losses(String title, List<Integer> epochs, Map<String, List<Double>> series) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("epoch")
                .yAxisTitle("loss").build();
        style(chart);
        boolean positive = true;
        for (List<Double> v : series.values()) {
            for (double d : v) {
                positive &= Double.isNaN(d) || d > 0 && Double.isFinite(d); // NaN: a term absent at that epoch
            }
        }
        chart.getStyler().setYAxisLogarithmic(positive);
        double[] x = new double[epochs.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = epochs.get(i);
        }
        for (Map.Entry<String, List<Double>> e : series.entrySet()) {
            double[] y = new double[x.length];
            for (int i = 0; i < y.length; i++) {
                double v = i < e.getValue().size() ? e.getValue().get(i) : Double.NaN;
                y[i] = Double.isFinite(v) ? v : Double.NaN;
            }
            XYSeries s = chart.addSeries(e.getKey(), x, y);
            s.setMarker(x.length > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    /** Every loss term of a recorded history against a running epoch count over its stages, in order. */
    static XYChart history(TrainingHistory history) {
        List<TrainingHistory.Row> rows = history.rows();
        List<Integer> epochs = new ArrayList<>();
        Map<String, List<Double>> series = new LinkedHashMap<>();
        List<String> stages = new ArrayList<>();
        for (TrainingHistory.Row r : rows) {
            if (!stages.contains(r.stage())) {
                stages.add(r.stage());
            }
        }
        for (String term : history.terms()) {
            series.put(term, new ArrayList<>());
        }
        for (int i = 0; i < rows.size(); i++) {
            epochs.add(i + 1);
            for (String term : history.terms()) {
                Double v = rows.get(i).losses().get(term);
                series.get(term).add(v == null ? Double.NaN : v);
            }
        }
        // A term recorded by no row at all would be an empty series; XChart refuses those.
        series.values().removeIf(v -> v.stream().noneMatch(d -> Double.isFinite(d)));
        String title = "training history (" + String.join(" → ", stages) + ")";
        if (epochs.isEmpty()) {
            epochs.add(0);
            series.put("no rows yet", List.of(Double.NaN));
        }
        XYChart chart = losses(title, epochs, series);
        chart.setXAxisTitle("epoch (all stages, in order)");
        return chart;
    }

    /** The cells of the first two features, one colour per time point. */
    static XYChart data(Snapshots s) {
        if (s.dim() < 2) {
            throw new org.ruot4j.RuotException("plot data: needs at least 2 features, the data have " + s.dim());
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT + 60).title(s.source())
                .xAxisTitle(s.features().get(0)).yAxisTitle(s.features().get(1)).build();
        style(chart);
        chart.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(4);
        for (int k = 0; k < s.numTimes(); k++) {
            int n = s.count(k);
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = s.get(k, i, 0);
                y[i] = s.get(k, i, 1);
            }
            XYSeries series = chart.addSeries(String.format(Locale.ROOT, "t=%s (%d)", fmt(s.time(k)), n), x, y);
            series.setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    private static void style(XYChart chart) {
        Styler st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        st.setToolTipsEnabled(false);
        st.setAntiAlias(true);
    }

    static String fmt(double t) {
        return t == Math.rint(t) && Math.abs(t) < 1e15 ? Long.toString((long) t) : Double.toString(t);
    }
}
