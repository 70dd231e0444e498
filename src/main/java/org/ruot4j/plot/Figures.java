package org.ruot4j.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.ruot4j.RuotException;
import org.ruot4j.data.Snapshots;

/**
 * The figures of a RUOT analysis as XChart charts, from plain data (arrays, {@link Snapshots} and the small
 * records of this package), so that the engine, the analyses, the CLI and notebooks can all call them. Each
 * factory returns a chart a notebook renders inline; {@link #savePng} and {@link #saveSvg} export it.
 *
 * <p>Conventions: axis titles are feature names; time is coloured with the sequential {@link
 * ColourMap#VIRIDIS} map (dark = early, light = late); signed values (growth) with the diverging {@link
 * ColourMap#COOLWARM} map centred on 0 with a colour bar; categories (fields, stages, fates) with the Okabe–Ito
 * colour-blind-safe palette. Legends sit outside the plot (right) so that they never hide data.
 */
public final class Figures {
    /** Default chart size in points (1/72 inch): 10 × 7.5 inches at 72 dpi, 3000 × 2250 pixels at 300 dpi. */
    public static final int WIDTH = 720;
    public static final int HEIGHT = 540;
    public static final int PRINT_DPI = 300;

    /** Okabe–Ito palette (colour-blind safe), reordered so the first colours contrast most on white. */
    static final Color[] CATEGORICAL = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73),
        new Color(0xCC79A7), new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000), new Color(0xF0E442)};
    static final Color CELL_GREY = new Color(150, 150, 150);
    private static final String FONT = Font.SANS_SERIF;

    private Figures() {
    }

    // ---------------------------------------------------------------- snapshots

    /** The cells of every time in the plane of the first two features, one colour per time. */
    public static XYChart snapshots(Snapshots s) {
        return snapshots(s, 0, 1);
    }

    /** The cells of every time in the plane of features {@code fx}, {@code fy}, one colour per time. */
    public static XYChart snapshots(Snapshots s, String fx, String fy) {
        return snapshots(s, featureIndex(s.features(), fx), featureIndex(s.features(), fy));
    }

    /** The cells of every time in the plane of features {@code fx}, {@code fy} (0-based), one colour per time. */
    public static XYChart snapshots(Snapshots s, int fx, int fy) {
        checkPair(s.features(), fx, fy);
        XYChart c = xyChart("Cells by time" + sourceSuffix(s), s.features().get(fx), s.features().get(fy));
        addSnapshotSeries(c, s, fx, fy, 0.7, "");
        return finish(c);
    }

    private static void addSnapshotSeries(XYChart c, Snapshots s, int fx, int fy, double alpha, String suffix) {
        int maxN = Arrays.stream(s.counts()).max().orElse(1);
        int size = maxN <= 400 ? 6 : maxN <= 2000 ? 4 : 3;
        for (int k = 0; k < s.numTimes(); k++) {
            double[] x = column(s, k, fx);
            double[] y = column(s, k, fy);
            // suffix null: short labels ("data t = 1") for charts whose legend has other entries too
            String name = suffix == null ? "data t = " + fmt(s.time(k)) : "t = " + fmt(s.time(k)) + " (n = " + s.count(k) + ")";
            XYSeries ser = c.addSeries(name, x, y);
            scatter(ser, ColourMap.withAlpha(timeColour(k, s.numTimes()), alpha), size);
        }
    }

    /** Colour of time index k of n on the sequential map (the lightest 10% of viridis is left out: too pale). */
    public static Color timeColour(int k, int n) {
        return ColourMap.VIRIDIS.at(n <= 1 ? 0 : 0.9 * k / (n - 1));
    }

    // ---------------------------------------------------------------- predicted vs observed

    /**
     * Predicted particles against the observed cells at time index {@code k}: observed cells as light circles,
     * predicted particles as dark markers whose size grows with the weight relative to the mean weight (three
     * classes: low w &lt; ½·mean, mid ½ to 2 × mean, high w &gt; 2 × mean). With weights, the title compares the predicted mass
     * Σw with the observed relative mass r_k (their difference is the TMV).
     */
    public static XYChart predictedVsObserved(Snapshots observed, int k, WeightedCloud predicted, int fx, int fy) {
        checkPair(observed.features(), fx, fy);
        if (k < 0 || k >= observed.numTimes()) {
            throw new RuotException("predicted vs observed: time index " + k + " is outside 0.." + (observed.numTimes() - 1));
        }
        checkPointDim(predicted.points(), observed.dim(), "predicted cloud '" + predicted.label() + "'");
        String label = predicted.label() == null || predicted.label().isEmpty() ? "" : " (" + predicted.label() + ")";
        String mass = predicted.weights() == null ? ""
                : " · mass " + fmt3(predicted.totalWeight()) + " (data " + fmt3(observed.relativeMass(k)) + ")";
        XYChart c = xyChart("Predicted" + label + " vs data at t = " + fmt(observed.time(k)) + mass,
                observed.features().get(fx), observed.features().get(fy));
        XYSeries obs = c.addSeries("data (" + observed.count(k) + " cells)", column(observed, k, fx),
                column(observed, k, fy));
        scatter(obs, ColourMap.withAlpha(CATEGORICAL[0], 0.35), 6);
        double[][] p = predicted.points();
        double[] w = predicted.weights();
        Color pc = CATEGORICAL[1];
        if (w == null || allEqual(w)) {
            XYSeries ser = c.addSeries("predicted (" + p.length + ")", col(p, fx), col(p, fy));
            scatter(ser, ColourMap.withAlpha(pc, 0.75), 4);
            return finish(c);
        }
        double mean = predicted.totalWeight() / w.length;
        String[] names = {"predicted, low w", "predicted, mid w", "predicted, high w"};
        int[] sizes = {3, 5, 8};
        double[] alphas = {0.45, 0.7, 0.9};
        for (int b = 0; b < 3; b++) {
            List<double[]> pts = new ArrayList<>();
            for (int i = 0; i < p.length; i++) {
                double r = w[i] / mean;
                int bin = r < 0.5 ? 0 : r <= 2 ? 1 : 2;
                if (bin == b) {
                    pts.add(p[i]);
                }
            }
            if (pts.isEmpty()) {
                continue;
            }
            double[][] q = pts.toArray(new double[0][]);
            XYSeries ser = c.addSeries(names[b] + " (" + q.length + ")", col(q, fx), col(q, fy));
            scatter(ser, ColourMap.withAlpha(pc, alphas[b]), sizes[b]);
        }
        return finish(c);
    }

    /**
     * One {@link #predictedVsObserved(Snapshots, int, WeightedCloud, int, int)} chart per time;
     * {@code predicted.get(k)} belongs to time index k, and null entries (e.g. t0) are skipped.
     */
    public static List<XYChart> predictedVsObserved(Snapshots observed, List<WeightedCloud> predicted, int fx, int fy) {
        if (predicted.size() != observed.numTimes()) {
            throw new RuotException("predicted vs observed: " + predicted.size() + " predicted clouds for "
                    + observed.numTimes() + " times; give one per time (null to skip)");
        }
        List<XYChart> out = new ArrayList<>();
        for (int k = 0; k < predicted.size(); k++) {
            if (predicted.get(k) != null) {
                out.add(predictedVsObserved(observed, k, predicted.get(k), fx, fy));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- trajectories

    /**
     * Simulated paths as thin lines over the snapshot cloud (coloured by time, faded). Darker lines are paths
     * of larger final weight when weights are given (low: &lt; ½·mean, mid: ½ to 2 × mean, high: &gt; 2 × mean). At most
     * {@code maxPaths} paths are drawn, a random subset (fixed seed) when there are more.
     */
    public static XYChart trajectories(PathSet paths, Snapshots background, int fx, int fy, int maxPaths) {
        checkPair(background.features(), fx, fy);
        return trajectories(paths, background, background.features(), fx, fy, maxPaths);
    }

    /** Simulated paths without a background cloud; {@code features} names the coordinates of the paths. */
    public static XYChart trajectories(PathSet paths, List<String> features, int fx, int fy, int maxPaths) {
        checkPair(features, fx, fy);
        return trajectories(paths, null, features, fx, fy, maxPaths);
    }

    private static XYChart trajectories(PathSet paths, Snapshots bg, List<String> features, int fx, int fy,
            int maxPaths) {
        if (paths.dim() != features.size()) {
            throw new RuotException("trajectories: paths have " + paths.dim() + " coordinates but " + features.size()
                    + " feature names are given");
        }
        if (maxPaths < 1) {
            throw new RuotException("trajectories: maxPaths must be ≥ 1, got " + maxPaths);
        }
        String label = paths.label() == null || paths.label().isEmpty() ? "Paths" : paths.label() + " paths";
        XYChart c = xyChart(label + " from t = " + fmt(paths.times()[0]) + " to t = "
                + fmt(paths.times()[paths.times().length - 1]), features.get(fx), features.get(fy));
        if (bg != null) {
            addSnapshotSeries(c, bg, fx, fy, 0.3, null);
        }
        int[] chosen = sample(paths.numPaths(), maxPaths);
        double[] finalW = new double[paths.numPaths()];
        Arrays.fill(finalW, 1.0);
        if (paths.weights() != null) {
            for (int p = 0; p < finalW.length; p++) {
                finalW[p] = lastFinite(paths.weights()[p]);
            }
        }
        double meanW = 0;
        int nw = 0;
        for (int p : chosen) {
            if (Double.isFinite(finalW[p])) {
                meanW += finalW[p];
                nw++;
            }
        }
        meanW = nw == 0 ? 1 : meanW / nw;
        boolean weighted = paths.weights() != null;
        String[] names = weighted ? new String[] {"paths, low w", "paths, mid w", "paths, high w"}
                : new String[] {"", "paths (" + chosen.length + " of " + paths.numPaths() + ")", ""};
        if (weighted) {
            c.setTitle(c.getTitle() + " (darker: heavier)");
        }
        double[] alphas = {0.25, 0.5, 0.85};
        List<double[]> ends = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            int count = 0;
            for (int p : chosen) {
                double r = finalW[p] / meanW;
                int bin = !weighted ? 1 : r < 0.5 ? 0 : r <= 2 ? 1 : 2;
                if (bin != b) {
                    continue;
                }
                count++;
                double[][] path = paths.positions()[p];
                double[] last = null;
                for (double[] pt : path) {
                    if (pt == null || Double.isNaN(pt[fx]) || Double.isNaN(pt[fy])) {
                        xs.add(Double.NaN);
                        ys.add(Double.NaN);
                    } else {
                        xs.add(pt[fx]);
                        ys.add(pt[fy]);
                        last = pt;
                    }
                }
                xs.add(Double.NaN);
                ys.add(Double.NaN);
                if (last != null) {
                    ends.add(new double[] {last[fx], last[fy]});
                }
            }
            if (count == 0) {
                continue;
            }
            XYSeries ser = c.addSeries(names[b] + (weighted ? " (" + count + ")" : ""), unbox(xs), unbox(ys));
            line(ser, ColourMap.withAlpha(new Color(30, 30, 30), alphas[b]), 0.9f, false);
        }
        if (!ends.isEmpty()) {
            double[][] e = ends.toArray(new double[0][]);
            XYSeries ser = c.addSeries("path ends", col(e, 0), col(e, 1));
            scatter(ser, ColourMap.withAlpha(new Color(20, 20, 20), 0.85), 3);
        }
        return finish(c);
    }

    // ---------------------------------------------------------------- particle weights

    /** Particle weights over time from simulated paths (which must carry weights). */
    public static XYChart particleWeights(PathSet paths, boolean perParticle, boolean logY) {
        if (paths.weights() == null) {
            throw new RuotException("particle weights: paths '" + paths.label() + "' carry no weights");
        }
        return particleWeights(paths.times(), paths.weights(), perParticle, logY);
    }

    /**
     * Weights w_i(t) of particles over time ({@code weights[i][k]} at {@code times[k]}; NaN where a particle
     * does not exist). Summary mode: mean, median and the 10%–90% quantile band (dashed). Per-particle mode:
     * one thin line per particle (at most 200, a random subset with a fixed seed) and the mean. With {@code logY}, weights ≤ 0
     * are left out.
     */
    public static XYChart particleWeights(double[] times, double[][] weights, boolean perParticle, boolean logY) {
        if (weights.length == 0) {
            throw new RuotException("particle weights: no particles");
        }
        for (int i = 0; i < weights.length; i++) {
            if (weights[i].length != times.length) {
                throw new RuotException("particle weights: particle " + i + " has " + weights[i].length
                        + " weights, expected one per time (" + times.length + ")");
            }
        }
        XYChart c = xyChart("Particle weights over time (" + weights.length + " particles)", "time",
                "weight w" + (logY ? " (log scale)" : ""));
        c.getStyler().setYAxisLogarithmic(logY);
        int nt = times.length;
        double[] mean = new double[nt];
        double[] median = new double[nt];
        double[] q10 = new double[nt];
        double[] q90 = new double[nt];
        for (int k = 0; k < nt; k++) {
            double[] v = new double[weights.length];
            int m = 0;
            for (double[] w : weights) {
                if (Double.isFinite(w[k]) && (!logY || w[k] > 0)) {
                    v[m++] = w[k];
                }
            }
            v = Arrays.copyOf(v, m);
            Arrays.sort(v);
            mean[k] = m == 0 ? Double.NaN : Arrays.stream(v).sum() / m;
            median[k] = quantile(v, 0.5);
            q10[k] = quantile(v, 0.1);
            q90[k] = quantile(v, 0.9);
        }
        if (perParticle) {
            int[] chosen = sample(weights.length, 200);
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i : chosen) {
                for (int k = 0; k < nt; k++) {
                    double w = weights[i][k];
                    boolean ok = Double.isFinite(w) && (!logY || w > 0);
                    xs.add(times[k]);
                    ys.add(ok ? w : Double.NaN);
                }
                xs.add(Double.NaN);
                ys.add(Double.NaN);
            }
            XYSeries all = c.addSeries("particles (" + chosen.length + " of " + weights.length + ")", unbox(xs),
                    unbox(ys));
            line(all, ColourMap.withAlpha(CATEGORICAL[0], 0.4), 0.8f, false);
        } else {
            XYSeries lo = c.addSeries("10%–90% of particles", times, q10);
            line(lo, CATEGORICAL[0], 1.2f, true);
            XYSeries hi = c.addSeries("90% quantile", times, q90);
            line(hi, CATEGORICAL[0], 1.2f, true);
            hi.setShowInLegend(false);
            XYSeries med = c.addSeries("median", times, median);
            line(med, CATEGORICAL[0], 2f, false);
        }
        XYSeries mu = c.addSeries("mean", times, mean);
        line(mu, CATEGORICAL[1], 2.5f, false);
        return finish(c);
    }

    // ---------------------------------------------------------------- growth map

    /** Growth rate g at every cell of every time (concatenated); {@code g[k][i]} belongs to cell i of time k. */
    public static FieldChart growthMap(Snapshots s, double[][] g, int fx, int fy) {
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

    /**
     * Cells coloured by their growth rate g on a diverging map symmetric about 0 (blue: net death, grey: g ≈ 0,
     * red: net proliferation), with a colour bar. Colours are quantised into 24 classes of equal width
     * (one series each, legend hidden); cells with large |g| are drawn last so they stay visible.
     */
    public static FieldChart growthMap(double[][] cells, double[] g, List<String> features, int fx, int fy) {
        checkPair(features, fx, fy);
        checkPointDim(cells, features.size(), "growth map cells");
        if (g.length != cells.length) {
            throw new RuotException("growth map: " + cells.length + " cells but " + g.length + " values of g");
        }
        double lim = 0;
        for (double v : g) {
            if (Double.isFinite(v)) {
                lim = Math.max(lim, Math.abs(v));
            }
        }
        if (lim == 0) {
            lim = 1;
        }
        FieldChart c = fieldChart("Growth rate g (red: proliferating, blue: dying)", features.get(fx), features.get(fy));
        c.setColourScale(ColourMap.COOLWARM, -lim, lim, "growth rate g");
        c.getStyler().setLegendVisible(false);
        int bins = 24;
        List<List<Integer>> members = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < g.length; i++) {
            if (Double.isFinite(g[i])) {
                int b = (int) Math.floor((g[i] + lim) / (2 * lim) * bins);
                members.get(Math.max(0, Math.min(bins - 1, b))).add(i);
            }
        }
        Integer[] order = new Integer[bins];
        for (int b = 0; b < bins; b++) {
            order[b] = b;
        }
        Arrays.sort(order, (a, b) -> Double.compare(Math.abs(a + 0.5 - bins / 2.0), Math.abs(b + 0.5 - bins / 2.0)));
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
            double centre = -lim + (b + 0.5) * 2 * lim / bins;
            XYSeries ser = c.addSeries(String.format(Locale.ROOT, "g ≈ %.3g", centre), x, y);
            scatter(ser, ColourMap.withAlpha(ColourMap.COOLWARM.at(centre, -lim, lim), 0.9), size);
        }
        return finish(c);
    }

    // ---------------------------------------------------------------- landscape

    /**
     * The landscape −s on a grid as a heat map (viridis, low = valleys where cells accumulate), with a colour
     * bar, arrows of ∇s (pointing downhill; computed from the grid by central differences when {@code gradS}
     * is null) and optionally the cells as white dots. Arrows are scaled together so that the longest is 0.9
     * of the arrow spacing; their lengths are relative.
     */
    public static FieldChart landscape(GridValues minusS, PlaneVectors gradS, double[][] cells, String xName,
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
        st.setPlotBackgroundColor(new Color(0, 0, 0, 0));
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
        frame.setMarker(SeriesMarkers.NONE);
        frame.setLineColor(new Color(0, 0, 0, 0));
        frame.setShowInLegend(false);
        if (withCells) {
            XYSeries cs = c.addSeries("cells", col(cells, 0), col(cells, 1));
            scatter(cs, new Color(255, 255, 255, 170), cells.length <= 1000 ? 4 : 3);
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

    // ---------------------------------------------------------------- drift fields

    /**
     * Drift vectors at cells: for each named field (e.g. "v", "∇s", "v + ∇s") an arrow per cell, in one colour
     * per field, over the grey cell cloud. {@code vectors.get(name)[i]} is the D-dimensional vector at
     * {@code cells[i]}; components fx, fy are drawn. Arrows at most {@code maxArrows} cells spread over the
     * plane (at most one per cell of a grid over the cloud, chosen with a fixed seed);
     * all fields share one length scale (the longest arrow is as long as a grid cell), so their lengths compare.
     */
    public static FieldChart driftArrows(double[][] cells, Map<String, double[][]> vectors, List<String> features,
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

    /**
     * Streamlines of a plane field over the cells (features fx, fy), evenly spaced over the cells' bounding box
     * (padded by 5%), with an arrow head in the middle of each line showing the direction of flow.
     * {@code density} sets how many lines fit across the box (about density / 2; 30 is a good default).
     */
    public static FieldChart streamlines(double[][] cells, List<String> features, int fx, int fy, PlaneField field,
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

    // ---------------------------------------------------------------- loss curves

    /**
     * Every loss term over all stages in the order they ran (x: epochs counted across stages), on a log scale;
     * dotted vertical lines separate the stages, whose names are written at the top. On the log scale, values
     * ≤ 0 are not shown and the legend says so.
     */
    public static XYChart lossCurves(LossHistory h) {
        return lossCurves(h, true);
    }

    public static XYChart lossCurves(LossHistory h, boolean logY) {
        int n = h.size();
        double[] x = new double[n];
        for (int r = 0; r < n; r++) {
            x[r] = r + 1;
        }
        XYChart c = xyChart("Loss terms per stage", "epoch (all stages in order)", "loss" + (logY ? " (log scale)" : ""));
        addLossSeries(c, h, x, logY, h.termNames());
        List<String> st = h.stages();
        double top = Double.NEGATIVE_INFINITY;
        double bottom = Double.POSITIVE_INFINITY;
        for (double[] v : h.terms().values()) {
            for (double d : v) {
                if (Double.isFinite(d) && (!logY || d > 0)) {
                    top = Math.max(top, d);
                    bottom = Math.min(bottom, d);
                }
            }
        }
        if (Double.isFinite(top) && h.stageNames().size() > 1) {
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
            for (int r = 1; r <= n; r++) {
                if (r == n || !st.get(r).equals(st.get(start))) {
                    if (start > 0) {
                        AnnotationLine boundary = new AnnotationLine(start + 0.5, true, false);
                        c.addAnnotation(boundary);
                    }
                    c.addAnnotation(new AnnotationText(st.get(start), (start + r + 1) / 2.0, labelY, false));
                    start = r;
                }
            }
            c.getStyler().setAnnotationLineColor(Color.GRAY);
            c.getStyler().setAnnotationLineStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {3f, 3f}, 0f));
            c.getStyler().setAnnotationTextFont(new Font(FONT, Font.BOLD, 12));
            c.getStyler().setAnnotationTextFontColor(Color.DARK_GRAY);
        }
        return finish(c);
    }

    /** The loss terms of one stage against its own epochs. */
    public static XYChart lossCurves(LossHistory h, String stage, boolean logY) {
        LossHistory s = h.stage(stage);
        double[] x = Arrays.stream(s.epochs()).asDoubleStream().toArray();
        XYChart c = xyChart("Loss terms, stage " + stage, "epoch", "loss" + (logY ? " (log scale)" : ""));
        addLossSeries(c, s, x, logY, h.termNames());
        return finish(c);
    }

    /** Adds one line per term; a term's colour is fixed by its place in {@code allTerms} so it matches across charts. */
    private static void addLossSeries(XYChart c, LossHistory h, double[] x, boolean logY, List<String> allTerms) {
        c.getStyler().setYAxisLogarithmic(logY);
        boolean any = false;
        for (Map.Entry<String, double[]> e : h.terms().entrySet()) {
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
            XYSeries s = c.addSeries(e.getKey() + (dropped ? " (values ≤ 0 not shown)" : ""), x, y);
            int i = Math.max(0, allTerms.indexOf(e.getKey()));
            Color col = CATEGORICAL[i % CATEGORICAL.length];
            line(s, col, e.getKey().equals("total") ? 2.2f : 1.4f, i >= CATEGORICAL.length);
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
        pad.setMarker(SeriesMarkers.NONE);
        pad.setLineColor(new Color(0, 0, 0, 0));
        pad.setShowInLegend(false);
    }

    // ---------------------------------------------------------------- metrics

    /**
     * W1, W2 and TMV per time: one colour per metric, solid lines with circles for the ODE prediction, dashed
     * lines with squares for the SDE prediction. Lower is better.
     */
    public static XYChart metrics(TimeMetrics m) {
        XYChart c = xyChart("Fit quality per time (lower is better)", "time", "W1, W2: distance   TMV: mass error");
        String[] metrics = {"w1", "w2", "tmv"};
        String[] pretty = {"W1", "W2", "TMV"};
        boolean any = false;
        for (int j = 0; j < metrics.length; j++) {
            for (String mode : new String[] {"ode", "sde"}) {
                double[] v = (mode.equals("ode") ? m.ode() : m.sde()).get(metrics[j]);
                if (v == null || Arrays.stream(v).noneMatch(Double::isFinite)) {
                    continue;
                }
                any = true;
                double[][] xy = finitePairs(m.times(), v);
                XYSeries s = c.addSeries(pretty[j] + " " + mode.toUpperCase(Locale.ROOT), xy[0], xy[1]);
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                s.setLineColor(CATEGORICAL[j]);
                s.setMarkerColor(CATEGORICAL[j]);
                s.setMarker(mode.equals("ode") ? SeriesMarkers.CIRCLE : SeriesMarkers.SQUARE);
                s.setLineStyle(mode.equals("ode") ? new BasicStroke(2f)
                        : new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f},
                                0f));
            }
        }
        if (!any) {
            throw new RuotException("metrics: no finite W1, W2 or TMV values to plot");
        }
        c.getStyler().setMarkerSize(8);
        c.getStyler().setYAxisMin(0.0);
        return finish(c);
    }

    /** One metric ("w1", "w2" or "tmv") as grouped bars, ODE next to SDE, one group per evaluated time. */
    public static CategoryChart metricBars(TimeMetrics m, String metric) {
        String key = metric.toLowerCase(Locale.ROOT);
        double[] ode = m.ode().get(key);
        double[] sde = m.sde().get(key);
        if (ode == null && sde == null) {
            throw new RuotException("metric bars: no metric '" + metric + "'; available: " + m.ode().keySet());
        }
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

    // ---------------------------------------------------------------- fate probabilities

    /**
     * Stacked bars: for each group (a cell state, a cluster, or single cells), the probability of ending in each
     * terminal fate; {@code probability[g][f]} for group g and fate f. Rows must be in [0, 1] and sum to at most
     * 1 (+1e-6); a remainder (paths that reached no fate) is shown as "undetermined".
     */
    public static CategoryChart fateProbabilities(List<String> groups, List<String> fates, double[][] probability) {
        if (groups.isEmpty() || fates.isEmpty()) {
            throw new RuotException("fate probabilities: need at least one group and one fate");
        }
        if (probability.length != groups.size()) {
            throw new RuotException("fate probabilities: " + probability.length + " rows for " + groups.size()
                    + " groups");
        }
        double maxRemainder = 0;
        for (int g = 0; g < probability.length; g++) {
            if (probability[g].length != fates.size()) {
                throw new RuotException("fate probabilities: group '" + groups.get(g) + "' has " + probability[g].length
                        + " values for " + fates.size() + " fates");
            }
            double sum = 0;
            for (int f = 0; f < fates.size(); f++) {
                double p = probability[g][f];
                if (!(p >= -1e-9 && p <= 1 + 1e-9)) {
                    throw new RuotException("fate probabilities: group '" + groups.get(g) + "', fate '" + fates.get(f)
                            + "': " + p + " is not a probability in [0, 1]");
                }
                sum += p;
            }
            if (sum > 1 + 1e-6) {
                throw new RuotException("fate probabilities: group '" + groups.get(g) + "' sums to " + sum
                        + ", more than 1");
            }
            maxRemainder = Math.max(maxRemainder, 1 - sum);
        }
        CategoryChart c = categoryChart("Fate probabilities", "", "probability of fate");
        c.getStyler().setStacked(true);
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(1.0);
        c.getStyler().setOverlapped(false);
        for (int f = 0; f < fates.size(); f++) {
            List<Double> v = new ArrayList<>();
            for (double[] row : probability) {
                v.add(Math.max(0, row[f]));
            }
            CategorySeries s = c.addSeries(fates.get(f), groups, v);
            s.setFillColor(CATEGORICAL[f % CATEGORICAL.length]);
        }
        if (maxRemainder > 1e-6) {
            List<Double> v = new ArrayList<>();
            for (double[] row : probability) {
                v.add(Math.max(0, 1 - Arrays.stream(row).sum()));
            }
            CategorySeries s = c.addSeries("undetermined", groups, v);
            s.setFillColor(new Color(210, 210, 210));
        }
        return finish(c);
    }

    /**
     * Fate probabilities averaged over the cells of each group: {@code perCell[i][f]} for cell i, whose group is
     * {@code cellGroups[i]}. Groups appear in order of first occurrence, labelled with their cell count.
     */
    public static CategoryChart fateProbabilities(String[] cellGroups, List<String> fates, double[][] perCell) {
        if (cellGroups.length != perCell.length) {
            throw new RuotException("fate probabilities: " + cellGroups.length + " group labels for " + perCell.length
                    + " cells");
        }
        Map<String, double[]> sums = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < perCell.length; i++) {
            if (perCell[i].length != fates.size()) {
                throw new RuotException("fate probabilities: cell " + i + " has " + perCell[i].length + " values for "
                        + fates.size() + " fates");
            }
            double[] s = sums.computeIfAbsent(cellGroups[i], z -> new double[fates.size()]);
            for (int f = 0; f < s.length; f++) {
                s[f] += perCell[i][f];
            }
            counts.merge(cellGroups[i], 1, Integer::sum);
        }
        List<String> labels = new ArrayList<>();
        double[][] mean = new double[sums.size()][];
        int g = 0;
        for (Map.Entry<String, double[]> e : sums.entrySet()) {
            int n = counts.get(e.getKey());
            labels.add(e.getKey() + " (n = " + n + ")");
            mean[g++] = Arrays.stream(e.getValue()).map(v -> v / n).toArray();
        }
        return fateProbabilities(labels, fates, mean);
    }

    // ---------------------------------------------------------------- export

    /** The chart rendered at {@code dpi} (72 = one pixel per point); size = chart size × dpi / 72. */
    public static BufferedImage toImage(Chart<?, ?> chart, int dpi) {
        checkDpi(dpi);
        double s = dpi / 72.0;
        BufferedImage img = new BufferedImage((int) Math.round(chart.getWidth() * s),
                (int) Math.round(chart.getHeight() * s), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.scale(s, s);
            chart.paint(g, chart.getWidth(), chart.getHeight());
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Several charts side by side, {@code columns} per row, as one image at {@code dpi}. */
    public static BufferedImage grid(List<? extends Chart<?, ?>> charts, int columns, int dpi) {
        if (charts.isEmpty() || columns < 1) {
            throw new RuotException("grid: need at least one chart and one column");
        }
        List<BufferedImage> imgs = new ArrayList<>();
        int cw = 0;
        int ch = 0;
        for (Chart<?, ?> c : charts) {
            BufferedImage i = toImage(c, dpi);
            imgs.add(i);
            cw = Math.max(cw, i.getWidth());
            ch = Math.max(ch, i.getHeight());
        }
        int cols = Math.min(columns, imgs.size());
        int rows = (imgs.size() + cols - 1) / cols;
        BufferedImage out = new BufferedImage(cw * cols, ch * rows, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            for (int i = 0; i < imgs.size(); i++) {
                g.drawImage(imgs.get(i), (i % cols) * cw, (i / cols) * ch, null);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * Writes the chart as a PNG at {@code dpi} (300 for print) with XChart's BitmapEncoder, atomically: into a
     * temporary file in the same folder, then renamed over {@code file}. Missing folders are created.
     */
    public static void savePng(Chart<?, ?> chart, Path file, int dpi) {
        checkDpi(dpi);
        Path dir = parentOf(file);
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + file.getFileName() + "-", ".png");
            BitmapEncoder.saveBitmapWithDPI(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG, dpi);
            org.ruot4j.AtomicFiles.publish(tmp, file);
        } catch (IOException e) {
            throw new RuotException(file + ": cannot write PNG (" + e.getMessage() + ")", e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** Writes an image (e.g. from {@link #grid}) as a PNG whose metadata says {@code dpi}, atomically. */
    public static void savePng(BufferedImage image, Path file, int dpi) {
        checkDpi(dpi);
        writeAtomically(file, out -> writePng(image, out, dpi));
    }

    /** PNG bytes of the chart at {@code dpi}, e.g. to embed in an HTML report as a data URI. */
    public static byte[] pngBytes(Chart<?, ?> chart, int dpi) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try {
            writePng(toImage(chart, dpi), bos, dpi);
        } catch (IOException e) {
            throw new RuotException("cannot encode PNG (" + e.getMessage() + ")", e);
        }
        return bos.toByteArray();
    }

    /** Writes the chart as SVG (XChart's VectorGraphicsEncoder), atomically. */
    public static void saveSvg(Chart<?, ?> chart, Path file) {
        writeAtomically(file, out -> VectorGraphicsEncoder.saveVectorGraphic(chart, out,
                VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
    }

    /** Something that writes a file's content to a stream. */
    @FunctionalInterface
    public interface ContentWriter {
        void write(OutputStream out) throws IOException;
    }

    /** Writes a file atomically: a temporary file in the same folder, then a rename over the target. */
    public static void writeAtomically(Path file, ContentWriter content) {
        Path dir = parentOf(file);
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + file.getFileName() + "-", ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.write(out);
            }
            org.ruot4j.AtomicFiles.publish(tmp, file);
        } catch (IOException e) {
            throw new RuotException(file + ": cannot write (" + e.getMessage() + ")", e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static void writePng(BufferedImage image, OutputStream out, int dpi) throws IOException {
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("png");
        if (!it.hasNext()) {
            throw new IOException("no PNG writer in this Java runtime");
        }
        ImageWriter writer = it.next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
            double mmPerPixel = 25.4 / dpi;
            IIOMetadataNode h = new IIOMetadataNode("HorizontalPixelSize");
            h.setAttribute("value", Double.toString(mmPerPixel));
            IIOMetadataNode v = new IIOMetadataNode("VerticalPixelSize");
            v.setAttribute("value", Double.toString(mmPerPixel));
            IIOMetadataNode dim = new IIOMetadataNode("Dimension");
            dim.appendChild(h);
            dim.appendChild(v);
            IIOMetadataNode root = new IIOMetadataNode("javax_imageio_1.0");
            root.appendChild(dim);
            meta.mergeTree("javax_imageio_1.0", root);
            writer.write(meta, new IIOImage(image, null, meta), param);
        } finally {
            writer.dispose();
        }
    }

    private static Path parentOf(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new RuotException(dir + ": cannot create folder (" + e.getMessage() + ")", e);
        }
        return dir;
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // the temporary file is already gone or unreachable; nothing more to do
            }
        }
    }

    private static void checkDpi(int dpi) {
        if (dpi < 36 || dpi > 1200) {
            throw new RuotException("dpi must be between 36 and 1200, got " + dpi);
        }
    }

    // ---------------------------------------------------------------- styling and helpers

    /**
     * Sets tick-label patterns on linear axes from the data range, so labels read "0.05" (XChart's default
     * pattern writes ".05") and carry as many decimals as the tick step needs.
     */
    static <C extends Chart<?, ?>> C finish(C chart) {
        if (chart instanceof XYChart c) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (XYSeries s : c.getSeriesMap().values()) {
                for (double v : s.getXData()) {
                    xs.add(v);
                }
                for (double v : s.getYData()) {
                    ys.add(v);
                }
            }
            if (c.getStyler().isYAxisLogarithmic()) {
                // every 1…9 label on a wide log axis overlaps; decade labels alone on a narrow one leave it bare
                double lo = ys.stream().filter(v -> v > 0 && Double.isFinite(v)).mapToDouble(v -> v).min().orElse(1);
                double hi = ys.stream().filter(v -> v > 0 && Double.isFinite(v)).mapToDouble(v -> v).max().orElse(1);
                Double top = c.getStyler().getYAxisMax();
                c.getStyler().setYAxisLogarithmicDecadeOnly((top != null ? Math.max(hi, top) : hi) / lo >= 30);
            }
            if (!c.getStyler().isXAxisLogarithmic()) {
                String px = decimalPattern(xs, c.getStyler().getXAxisMin(), c.getStyler().getXAxisMax());
                if (px != null) {
                    c.getStyler().setXAxisDecimalPattern(px);
                }
            }
            if (!c.getStyler().isYAxisLogarithmic()) {
                String py = decimalPattern(ys, c.getStyler().getYAxisMin(), c.getStyler().getYAxisMax());
                if (py != null) {
                    c.getStyler().setYAxisDecimalPattern(py);
                }
            }
        } else if (chart instanceof CategoryChart c && !c.getStyler().isYAxisLogarithmic()) {
            List<Double> ys = new ArrayList<>();
            for (CategorySeries s : c.getSeriesMap().values()) {
                for (Number v : s.getYData()) {
                    ys.add(v.doubleValue());
                }
            }
            String py = decimalPattern(ys, c.getStyler().getYAxisMin(), c.getStyler().getYAxisMax());
            if (py != null) {
                c.getStyler().setYAxisDecimalPattern(py);
            }
        }
        return chart;
    }

    /** "0.##…" with enough decimals for about 8 ticks over the range; null (XChart's default) for extreme ranges. */
    static String decimalPattern(List<Double> values, Double fixedMin, Double fixedMax) {
        double lo = fixedMin != null ? fixedMin : Double.POSITIVE_INFINITY;
        double hi = fixedMax != null ? fixedMax : Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                if (fixedMin == null) {
                    lo = Math.min(lo, v);
                }
                if (fixedMax == null) {
                    hi = Math.max(hi, v);
                }
            }
        }
        double big = Math.max(Math.abs(lo), Math.abs(hi));
        if (!(hi > lo) || big >= 1e6 || big < 1e-4) {
            return null;
        }
        double step = (hi - lo) / 8;
        int decimals = (int) Math.max(0, Math.ceil(-Math.log10(step)) + 1);
        return decimals == 0 ? "0" : "0." + "#".repeat(decimals);
    }

    static XYChart xyChart(String title, String xTitle, String yTitle) {
        XYChart c = new XYChart(WIDTH, HEIGHT);
        setup(c, title, xTitle, yTitle);
        return finish(c);
    }

    static FieldChart fieldChart(String title, String xTitle, String yTitle) {
        FieldChart c = new FieldChart(WIDTH + 60, HEIGHT);
        setup(c, title, xTitle, yTitle);
        return finish(c);
    }

    static CategoryChart categoryChart(String title, String xTitle, String yTitle) {
        CategoryChart c = new CategoryChart(WIDTH, HEIGHT);
        c.setTitle(title);
        c.setXAxisTitle(xTitle);
        c.setYAxisTitle(yTitle);
        style(c.getStyler());
        c.getStyler().setSeriesColors(CATEGORICAL);
        c.getStyler().setAvailableSpaceFill(0.7);
        return finish(c);
    }

    private static void setup(XYChart c, String title, String xTitle, String yTitle) {
        c.setTitle(title);
        c.setXAxisTitle(xTitle);
        c.setYAxisTitle(yTitle);
        style(c.getStyler());
        c.getStyler().setSeriesColors(CATEGORICAL);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setMarkerSize(5);
    }

    private static void style(AxesChartStyler st) {
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotBorderColor(new Color(120, 120, 120));
        st.setPlotGridLinesColor(new Color(228, 228, 228));
        st.setChartFontColor(new Color(30, 30, 30));
        st.setChartTitleFont(new Font(FONT, Font.BOLD, 15));
        st.setChartTitleBoxVisible(false);
        st.setAxisTitleFont(new Font(FONT, Font.PLAIN, 13));
        st.setAxisTickLabelsFont(new Font(FONT, Font.PLAIN, 11));
        st.setLegendFont(new Font(FONT, Font.PLAIN, 11));
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        st.setLegendBorderColor(new Color(200, 200, 200));
        st.setLegendBackgroundColor(Color.WHITE);
        st.setToolTipsEnabled(false);
        st.setChartPadding(12);
        st.setAxisTickPadding(6);
        st.setXAxisTickMarkSpacingHint(90); // fewer, readable tick labels (epoch counts run into each other)
        st.setYAxisTickMarkSpacingHint(60);
        st.setXAxisLogarithmicDecadeOnly(false);
        st.setYAxisLogarithmicDecadeOnly(false);
        st.setAntiAlias(true);
    }

    private static void scatter(XYSeries s, Color c, int size) {
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(new Dot(size));
        s.setMarkerColor(c);
    }

    /** A filled circle of fixed diameter: XChart 3.8 sizes markers per chart only, these figures need per series. */
    static final class Dot extends org.knowm.xchart.style.markers.Marker {
        private final double diameter;

        Dot(double diameter) {
            this.diameter = diameter;
        }

        @Override
        public void paint(Graphics2D g, double x, double y, int ignoredChartMarkerSize) {
            g.fill(new java.awt.geom.Ellipse2D.Double(x - diameter / 2, y - diameter / 2, diameter, diameter));
        }
    }

    private static void line(XYSeries s, Color c, float width, boolean dashed) {
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(c);
        s.setLineStyle(dashed ? new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                new float[] {5f, 4f}, 0f) : new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
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

    private static double[] bounds(double[][] pts, int fx, int fy) {
        double[] b = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY};
        for (double[] p : pts) {
            if (Double.isFinite(p[fx]) && Double.isFinite(p[fy])) {
                b[0] = Math.min(b[0], p[fx]);
                b[1] = Math.max(b[1], p[fx]);
                b[2] = Math.min(b[2], p[fy]);
                b[3] = Math.max(b[3], p[fy]);
            }
        }
        if (!(b[1] >= b[0])) {
            throw new RuotException("no finite points to plot");
        }
        if (b[1] == b[0]) {
            b[0] -= 0.5;
            b[1] += 0.5;
        }
        if (b[3] == b[2]) {
            b[2] -= 0.5;
            b[3] += 0.5;
        }
        return b;
    }

    static int featureIndex(List<String> features, String name) {
        int i = features.indexOf(name);
        if (i < 0) {
            throw new RuotException("no feature '" + name + "'; features are " + features);
        }
        return i;
    }

    private static void checkPair(List<String> features, int fx, int fy) {
        if (features.size() < 2) {
            throw new RuotException("a plane plot needs at least 2 features, the data has " + features.size() + " ("
                    + features + ")");
        }
        for (int f : new int[] {fx, fy}) {
            if (f < 0 || f >= features.size()) {
                throw new RuotException("feature index " + f + " is outside 0.." + (features.size() - 1) + " ("
                        + features + ")");
            }
        }
        if (fx == fy) {
            throw new RuotException("the two plotted features must differ, both are " + features.get(fx));
        }
    }

    private static void checkPointDim(double[][] pts, int dim, String what) {
        for (int i = 0; i < pts.length; i++) {
            if (pts[i] == null || pts[i].length != dim) {
                throw new RuotException(what + ": row " + i + " has " + (pts[i] == null ? 0 : pts[i].length)
                        + " coordinates, expected " + dim);
            }
        }
    }

    private static double[] column(Snapshots s, int k, int j) {
        double[] v = new double[s.count(k)];
        for (int i = 0; i < v.length; i++) {
            v[i] = s.get(k, i, j);
        }
        return v;
    }

    private static double[] col(double[][] p, int j) {
        double[] v = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            v[i] = p[i][j];
        }
        return v;
    }

    private static double[] unbox(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[][] finitePairs(double[] x, double[] y) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(y[i])) {
                out.add(new double[] {x[i], y[i]});
            }
        }
        return new double[][] {out.stream().mapToDouble(p -> p[0]).toArray(), out.stream().mapToDouble(p -> p[1]).toArray()};
    }

    /**
     * At most {@code max} of the indices 0..n−1 (all when n ≤ max), drawn without replacement with a fixed seed
     * and sorted; random rather than every k-th so that data stored in an interleaved order is not aliased.
     */
    static int[] sample(int n, int max) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        if (n <= max) {
            return idx;
        }
        java.util.Random r = new java.util.Random(20250101L);
        for (int i = 0; i < max; i++) { // partial Fisher–Yates
            int j = i + r.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] out = Arrays.copyOf(idx, max);
        Arrays.sort(out);
        return out;
    }

    /**
     * At most {@code max} point indices spread over the plane: a g × g grid over the bounding box with g² ≈ 2·max,
     * one point per occupied grid cell (the first in a seeded random order), then a seeded subset of those.
     */
    static int thinningGrid(int max) {
        return Math.max(1, (int) Math.round(Math.sqrt(2.0 * max)));
    }

    static int[] spreadOut(double[][] pts, int fx, int fy, int max) {
        if (pts.length <= max) {
            return sample(pts.length, max);
        }
        double[] b = bounds(pts, fx, fy);
        int g = thinningGrid(max);
        int[] order = sample(pts.length, pts.length);
        java.util.Random r = new java.util.Random(7L);
        for (int i = order.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        Map<Integer, Integer> pick = new LinkedHashMap<>();
        for (int i : order) {
            double x = pts[i][fx];
            double y = pts[i][fy];
            if (!Double.isFinite(x) || !Double.isFinite(y)) {
                continue;
            }
            int cx = Math.min(g - 1, (int) ((x - b[0]) / (b[1] - b[0]) * g));
            int cy = Math.min(g - 1, (int) ((y - b[2]) / (b[3] - b[2]) * g));
            pick.putIfAbsent(cy * g + cx, i);
        }
        int[] chosen = pick.values().stream().mapToInt(Integer::intValue).toArray();
        int[] sub = sample(chosen.length, max);
        int[] out = new int[sub.length];
        for (int i = 0; i < sub.length; i++) {
            out[i] = chosen[sub[i]];
        }
        Arrays.sort(out);
        return out;
    }

    private static double lastFinite(double[] v) {
        for (int i = v.length - 1; i >= 0; i--) {
            if (Double.isFinite(v[i])) {
                return v[i];
            }
        }
        return Double.NaN;
    }

    /** Linear-interpolation quantile of sorted values (NaN when empty). */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double p = q * (sorted.length - 1);
        int i = (int) Math.floor(p);
        int j = Math.min(i + 1, sorted.length - 1);
        return sorted[i] + (p - i) * (sorted[j] - sorted[i]);
    }

    private static boolean allEqual(double[] w) {
        for (double v : w) {
            if (v != w[0]) {
                return false;
            }
        }
        return true;
    }

    private static String sourceSuffix(Snapshots s) {
        String src = s.source();
        return src == null || src.isEmpty() || src.equals("data") ? "" : " — " + src;
    }

    static String fmt(double t) {
        if (t == Math.rint(t) && Math.abs(t) < 1e15) {
            return Long.toString((long) t);
        }
        return String.format(Locale.ROOT, "%.4g", t).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }

    private static String fmt3(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
