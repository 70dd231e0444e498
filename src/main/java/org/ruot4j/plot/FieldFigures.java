package org.ruot4j.plot;

import static org.ruot4j.plot.ChartStyle.*;
import static org.ruot4j.plot.PlotData.*;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.ruot4j.RuotException;
import org.ruot4j.data.Snapshots;

/** Factories for fields over the plane: growth at cells, the landscape −s, drift arrows and streamlines. */
final class FieldFigures {
    private FieldFigures() {
    }

    static FieldChart growthMap(Snapshots s, double[][] g, int fx, int fy) {
        if (g.length != s.numTimes()) {
            throw new RuotException("growth map: " + g.length + " arrays of g for " + s.numTimes() + " times");
        }
        List<double[]> pts = new ArrayList<>();
        List<Double> vals = new ArrayList<>();
        for (int k = 0; k < s.numTimes(); k++) {
            if (g[k].length != s.count(k)) {
                throw new RuotException("growth map: t = " + fmt(s.time(k)) + " has " + s.count(k) + " cells but "
                        + g[k].length + " values of g");
            }
            double[][] p = s.points(k);
            for (int i = 0; i < p.length; i++) {
                pts.add(p[i]);
                vals.add(g[k][i]);
            }
        }
        return growthMap(pts.toArray(new double[0][]), vals.stream().mapToDouble(Double::doubleValue).toArray(),
                s.features(), fx, fy);
    }

    static FieldChart growthMap(double[][] cells, double[] g, List<String> features, int fx, int fy) {
        double lim = 0;
        for (double v : g) {
            if (Double.isFinite(v)) {
                lim = Math.max(lim, Math.abs(v));
            }
        }
        if (lim == 0) {
            lim = 1;
        }
        return valueMap(cells, g, features, fx, fy, ColourMap.COOLWARM, -lim, lim, "g",
                "Growth rate g (red: proliferating, blue: dying)", "growth rate g", true);
    }

    static FieldChart cellsByValue(double[][] cells, double[] values, String valueName, List<String> features, int fx,
            int fy) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (!(hi >= lo)) {
            throw new RuotException("cells by " + valueName + ": no finite values");
        }
        if (hi == lo) {
            lo -= 0.5;
            hi += 0.5;
        }
        return valueMap(cells, values, features, fx, fy, ColourMap.VIRIDIS, lo, hi, valueName,
                "Cells by " + valueName, valueName, false);
    }

    /**
     * Cells coloured by a value on a colour map over [lo, hi] with a colour bar: colours quantised into 24 classes of
     * equal width (one series each, legend hidden); with {@code extremesLast} the classes far from the middle are
     * drawn last (large |g| stays visible), otherwise from low to high.
     */
    private static FieldChart valueMap(double[][] cells, double[] values, List<String> features, int fx, int fy,
            ColourMap map, double lo, double hi, String symbol, String title, String barLabel, boolean extremesLast) {
        checkPair(features, fx, fy);
        checkPointDim(cells, features.size(), title + " cells");
        if (values.length != cells.length) {
            throw new RuotException(title + ": " + cells.length + " cells but " + values.length + " values");
        }
        FieldChart c = fieldChart(title, features.get(fx), features.get(fy));
        c.setColourScale(map, lo, hi, barLabel);
        c.getStyler().setLegendVisible(false);
        int bins = 24;
        List<List<Integer>> members = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < values.length; i++) {
            if (Double.isFinite(values[i])) {
                int b = (int) Math.floor((values[i] - lo) / (hi - lo) * bins);
                members.get(Math.max(0, Math.min(bins - 1, b))).add(i);
            }
        }
        Integer[] order = new Integer[bins];
        for (int b = 0; b < bins; b++) {
            order[b] = b;
        }
        if (extremesLast) {
            Arrays.sort(order, (a, b) -> Double.compare(Math.abs(a + 0.5 - bins / 2.0), Math.abs(b + 0.5 - bins / 2.0)));
        }
        int size = cells.length <= 1000 ? 6 : cells.length <= 5000 ? 4 : 3;
        for (int b : order) {
            List<Integer> m = members.get(b);
            if (m.isEmpty()) {
                continue;
            }
            double[] x = new double[m.size()];
            double[] y = new double[m.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = cells[m.get(i)][fx];
                y[i] = cells[m.get(i)][fy];
            }
            double centre = lo + (b + 0.5) * (hi - lo) / bins;
            XYSeries ser = c.addSeries(String.format(Locale.ROOT, "%s ≈ %.3g", symbol, centre), x, y);
            scatter(ser, ColourMap.withAlpha(map.at(centre, lo, hi), 0.9), size);
        }
        return finish(c);
    }

    static FieldChart landscape(GridValues minusS, PlaneVectors gradS, double[][] cells, String xName,
            String yName) {
        double[] xs = minusS.xs();
        double[] ys = minusS.ys();
        double[] range = minusS.range();
        if (!(range[1] >= range[0])) {
            throw new RuotException("landscape: the grid has no finite values");
        }
        double lo = range[0];
        double hi = range[1] > range[0] ? range[1] : range[0] + 1;
        boolean withCells = cells != null && cells.length > 0;
        FieldChart c = fieldChart("Landscape −s with ∇s arrows (drift downhill)" + (withCells ? " · dots: cells" : ""),
                xName, yName);
        c.getStyler().setLegendVisible(false); // white dots and black arrows explain themselves via the title
        AxesChartStyler st = c.getStyler();
        st.setPlotBackgroundColor(TRANSPARENT);
        st.setPlotGridLinesVisible(false);
        st.setPlotContentSize(1.0);
        c.getStyler().setXAxisMin(xs[0]);
        c.getStyler().setXAxisMax(xs[xs.length - 1]);
        c.getStyler().setYAxisMin(ys[0]);
        c.getStyler().setYAxisMax(ys[ys.length - 1]);
        c.setColourScale(ColourMap.VIRIDIS, lo, hi, "−s (potential)");
        int nx = xs.length;
        int ny = ys.length;
        c.setRaster(smoothRaster(minusS, lo, hi, 480), xs[0], xs[nx - 1], ys[0], ys[ny - 1]);
        // an invisible series fixes the axes (XChart needs at least one series)
        XYSeries frame = c.addSeries(" ", new double[] {xs[0], xs[nx - 1]}, new double[] {ys[0], ys[ny - 1]});
        hidden(frame);
        if (withCells) {
            XYSeries cs = c.addSeries("cells", col(cells, 0), col(cells, 1));
            scatter(cs, CELL_ON_RASTER, cells.length <= 1000 ? 4 : 3);
        }
        PlaneVectors arrows = gradS != null ? gradS : PlaneVectors.downhill(minusS, Math.max(1, Math.min(nx, ny) / 14));
        double spacing = spacing(arrows.points(), xs[nx - 1] - xs[0], ys[ny - 1] - ys[0]);
        double scale = arrows.maxLength() > 0 ? 0.9 * spacing / arrows.maxLength() : 0;
        addArrowSeries(c, "∇s (drift toward low −s)", arrows, scale, Color.BLACK, 1.1f, 6);
        return finish(c);
    }

    /**
     * The grid as an image of about {@code target} pixels per side covering [xs0, xsN] × [ys0, ysN], each pixel
     * coloured by the bilinear interpolation of the grid values at its centre (values are interpolated, not
     * colours, so the colours stay on the map). Non-finite values give transparent pixels.
     */
    static BufferedImage smoothRaster(GridValues f, double lo, double hi, int target) {
        double[] xs = f.xs();
        double[] ys = f.ys();
        double[][] v = f.values();
        int w = Math.max(target, xs.length);
        int h = Math.max(target, ys.length);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int py = 0; py < h; py++) {
            double gy = (h - 1 - py + 0.5) / h * (ys.length - 1); // row 0 is the top (largest y)
            int j = Math.min((int) Math.floor(gy), ys.length - 2);
            double fy = gy - j;
            for (int px = 0; px < w; px++) {
                double gx = (px + 0.5) / w * (xs.length - 1);
                int i = Math.min((int) Math.floor(gx), xs.length - 2);
                double fx = gx - i;
                double val = (1 - fx) * (1 - fy) * v[j][i] + fx * (1 - fy) * v[j][i + 1] + (1 - fx) * fy * v[j + 1][i]
                        + fx * fy * v[j + 1][i + 1];
                img.setRGB(px, py, Double.isFinite(val) ? ColourMap.VIRIDIS.at(val, lo, hi).getRGB() : 0);
            }
        }
        return img;
    }

    static FieldChart driftArrows(double[][] cells, Map<String, double[][]> vectors, List<String> features,
            int fx, int fy, int maxArrows) {
        checkPair(features, fx, fy);
        checkPointDim(cells, features.size(), "drift cells");
        if (vectors.isEmpty()) {
            throw new RuotException("drift arrows: no vector fields given");
        }
        if (maxArrows < 1) {
            throw new RuotException("drift arrows: maxArrows must be ≥ 1, got " + maxArrows);
        }
        FieldChart c = fieldChart("Drift at the cells: " + String.join(", ", vectors.keySet()), features.get(fx),
                features.get(fy));
        XYSeries cs = c.addSeries("cells", col(cells, fx), col(cells, fy));
        scatter(cs, ColourMap.withAlpha(CELL_GREY, 0.35), cells.length <= 1000 ? 5 : 3);
        int[] idx = spreadOut(cells, fx, fy, maxArrows);
        double[][] at = new double[idx.length][];
        for (int i = 0; i < idx.length; i++) {
            at[i] = new double[] {cells[idx[i]][fx], cells[idx[i]][fy]};
        }
        Map<String, PlaneVectors> planes = new LinkedHashMap<>();
        double longest = 0;
        for (Map.Entry<String, double[][]> e : vectors.entrySet()) {
            double[][] v = e.getValue();
            if (v.length != cells.length) {
                throw new RuotException("drift arrows: field '" + e.getKey() + "' has " + v.length + " vectors for "
                        + cells.length + " cells");
            }
            checkPointDim(v, features.size(), "drift field '" + e.getKey() + "'");
            double[][] u = new double[idx.length][];
            for (int i = 0; i < idx.length; i++) {
                u[i] = new double[] {v[idx[i]][fx], v[idx[i]][fy]};
            }
            PlaneVectors pv = new PlaneVectors(at, u);
            planes.put(e.getKey(), pv);
            longest = Math.max(longest, pv.maxLength());
        }
        double[] b = bounds(cells, fx, fy);
        double g = thinningGrid(maxArrows);
        double spacing = Math.sqrt((b[1] - b[0]) / g * (b[3] - b[2]) / g);
        double scale = longest > 0 ? spacing / longest : 0;
        Color[] colours = {CATEGORICAL[0], CATEGORICAL[1], Color.BLACK, CATEGORICAL[2], CATEGORICAL[3]};
        int i = 0;
        for (Map.Entry<String, PlaneVectors> e : planes.entrySet()) {
            addArrowSeries(c, e.getKey(), e.getValue(), scale, colours[i++ % colours.length], 1.2f, 5);
        }
        return finish(c);
    }

    static FieldChart streamlines(double[][] cells, List<String> features, int fx, int fy, PlaneField field,
            String fieldName, int density) {
        checkPair(features, fx, fy);
        checkPointDim(cells, features.size(), "streamline cells");
        if (density < 4 || density > 200) {
            throw new RuotException("streamlines: density must be between 4 and 200, got " + density);
        }
        double[] b = bounds(cells, fx, fy);
        double px = 0.05 * (b[1] - b[0]);
        double py = 0.05 * (b[3] - b[2]);
        b = new double[] {b[0] - px, b[1] + px, b[2] - py, b[3] + py};
        FieldChart c = fieldChart("Streamlines of " + fieldName, features.get(fx), features.get(fy));
        c.getStyler().setXAxisMin(b[0]);
        c.getStyler().setXAxisMax(b[1]);
        c.getStyler().setYAxisMin(b[2]);
        c.getStyler().setYAxisMax(b[3]);
        c.getStyler().setPlotContentSize(1.0);
        XYSeries cs = c.addSeries("cells", col(cells, fx), col(cells, fy));
        scatter(cs, ColourMap.withAlpha(CELL_GREY, 0.45), cells.length <= 1000 ? 5 : 3);
        List<Streamlines.Line> lines = Streamlines.trace(field, b[0], b[1], b[2], b[3], density);
        if (lines.isEmpty()) {
            throw new RuotException("streamlines of " + fieldName + ": the field is zero or undefined everywhere in the"
                    + " plot box");
        }
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        List<double[]> tails = new ArrayList<>();
        List<double[]> tips = new ArrayList<>();
        for (Streamlines.Line l : lines) {
            for (int i = 0; i < l.x().length; i++) {
                xs.add(l.x()[i]);
                ys.add(l.y()[i]);
            }
            xs.add(Double.NaN);
            ys.add(Double.NaN);
            int m = l.x().length / 2;
            tails.add(new double[] {l.x()[m - 1], l.y()[m - 1]});
            tips.add(new double[] {l.x()[m], l.y()[m]});
        }
        Color lc = CATEGORICAL[0];
        XYSeries ls = c.addSeries(fieldName, unbox(xs), unbox(ys));
        line(ls, lc, 1.1f, false);
        XYSeries heads = c.addArrows(fieldName + " direction", tails.toArray(new double[0][]),
                tips.toArray(new double[0][]), 6, true);
        heads.setLineColor(lc);
        heads.setLineStyle(new BasicStroke(1.1f));
        heads.setShowInLegend(false);
        return finish(c);
    }

    private static void addArrowSeries(FieldChart c, String name, PlaneVectors v, double scale, Color colour,
            float width, double headPx) {
        double[][] tails = v.points();
        double[][] tips = new double[tails.length][];
        for (int i = 0; i < tails.length; i++) {
            tips[i] = new double[] {tails[i][0] + scale * v.vectors()[i][0], tails[i][1] + scale * v.vectors()[i][1]};
        }
        XYSeries s = c.addArrows(name, tails, tips, headPx, false);
        s.setLineColor(colour);
        s.setMarkerColor(colour);
        s.setLineStyle(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    }

    /** Typical distance between arrow positions: √(area / n) over their bounding box, or the box scale. */
    private static double spacing(double[][] pts, double fallbackW, double fallbackH) {
        double[] b = bounds(pts, 0, 1);
        double w = b[1] - b[0];
        double h = b[3] - b[2];
        if (!(w > 0) || !(h > 0)) {
            w = w > 0 ? w : fallbackW;
            h = h > 0 ? h : fallbackH;
        }
        return Math.sqrt(w * h / pts.length);
    }
}
