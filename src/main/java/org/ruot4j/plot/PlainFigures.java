package org.ruot4j.plot;

import static org.ruot4j.plot.ChartStyle.*;

import java.awt.BasicStroke;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.ruot4j.RuotException;

/** Factories for a notebook's own numbers in the house style: lines over a common x, and grouped bars. */
final class PlainFigures {
    private PlainFigures() {
    }

    static XYChart lines(String title, String xTitle, String yTitle, double[] x, Map<String, double[]> series,
            boolean logY) {
        if (series.isEmpty()) {
            throw new RuotException(title + ": no series to draw");
        }
        XYChart c = xyChart(title, xTitle, yTitle + (logY ? " (log scale)" : ""));
        c.getStyler().setYAxisLogarithmic(logY);
        int i = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            if (e.getValue().length != x.length) {
                throw new RuotException(title + ": series '" + e.getKey() + "' has " + e.getValue().length
                        + " values for " + x.length + " x values");
            }
            XYSeries s = c.addSeries(e.getKey(), x, e.getValue());
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setLineColor(CATEGORICAL[i % CATEGORICAL.length]);
            s.setMarkerColor(CATEGORICAL[i % CATEGORICAL.length]);
            s.setMarker(i % 2 == 0 ? SeriesMarkers.CIRCLE : SeriesMarkers.SQUARE);
            s.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            i++;
        }
        c.getStyler().setMarkerSize(8);
        return finish(c);
    }

    static CategoryChart bars(String title, String xTitle, String yTitle, List<String> categories,
            Map<String, double[]> series) {
        if (series.isEmpty() || categories.isEmpty()) {
            throw new RuotException(title + ": no bars to draw");
        }
        CategoryChart c = categoryChart(title, xTitle, yTitle);
        int i = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            if (e.getValue().length != categories.size()) {
                throw new RuotException(title + ": series '" + e.getKey() + "' has " + e.getValue().length
                        + " values for " + categories.size() + " categories");
            }
            List<Double> v = new ArrayList<>();
            for (double d : e.getValue()) {
                v.add(d);
            }
            CategorySeries s = c.addSeries(e.getKey(), categories, v);
            s.setFillColor(CATEGORICAL[i++ % CATEGORICAL.length]);
        }
        c.getStyler().setLegendVisible(series.size() > 1);
        return finish(c);
    }
}
