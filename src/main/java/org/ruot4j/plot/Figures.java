package org.ruot4j.plot;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;
import org.ruot4j.data.Snapshots;
import org.ruot4j.data.WeightedCloud;
import org.ruot4j.train.MetricsReport;
import org.ruot4j.train.Simulation;
import org.ruot4j.train.TrainingHistory;

/**
 * The figures of a RUOT analysis as XChart charts, from plain data (arrays, {@link Snapshots} and the small
 * records of this package), so that the engine, the analyses, the CLI and notebooks can all call them. Each
 * factory returns a chart a notebook renders inline; {@link #savePng} and {@link #saveSvg} export it.
 *
 * <p>This class is the one entry point; the work is done by topic: {@link CloudFigures} (cells, predictions,
 * paths, weights), {@link FieldFigures} (growth, landscape, drift), {@link FitFigures} (losses, metrics),
 * {@link FateFigures}, {@link ChartExport} (PNG, SVG, grids), all in the style of {@link ChartStyle}.
 */
public final class Figures {
    private Figures() {
    }

    /** The cells of every time in the plane of the first two features, one colour per time. */
    public static XYChart snapshots(Snapshots s) {
        return CloudFigures.snapshots(s);
    }

    /** The cells of every time in the plane of features {@code fx}, {@code fy}, one colour per time. */
    public static XYChart snapshots(Snapshots s, String fx, String fy) {
        return CloudFigures.snapshots(s, fx, fy);
    }

    /** The cells of every time in the plane of features {@code fx}, {@code fy} (0-based), one colour per time. */
    public static XYChart snapshots(Snapshots s, int fx, int fy) {
        return CloudFigures.snapshots(s, fx, fy);
    }

    /**
     * Cells coloured by a label: a fate, a cluster, an annotation of the data. One colour per label (labels in
     * sorted order, the colour-blind-safe palette; null labels grey as "(none)"), the legend gives each label's
     * count; {@code labelName} names the label in the title ("Cells by fate").
     */
    public static XYChart cellsByLabel(double[][] cells, String[] labels, String labelName, List<String> features,
            int fx, int fy) {
        return CloudFigures.cellsByLabel(cells, labels, labelName, features, fx, fy);
    }

    /** The cells of time index {@code k} coloured by {@code labels[i]} (one per cell of that time). */
    public static XYChart cellsByLabel(Snapshots s, int k, String[] labels, String labelName, int fx, int fy) {
        return CloudFigures.cellsByLabel(s, k, labels, labelName, fx, fy);
    }

    /**
     * Cells coloured by a number (an annotation such as a gene's expression or a pseudotime) on the sequential
     * viridis map, with a colour bar named {@code valueName}; non-finite values are left out.
     */
    public static FieldChart cellsByValue(double[][] cells, double[] values, String valueName, List<String> features,
            int fx, int fy) {
        return FieldFigures.cellsByValue(cells, values, valueName, features, fx, fy);
    }

    /**
     * Predicted particles against the observed cells at time index {@code k}: observed cells as light circles,
     * predicted particles as darker markers whose area grows with the weight relative to the mean weight, in six
     * classes (w &lt; ¼, ¼–½, ½–1, 1–2, 2–4, &gt; 4 × mean; heavier classes also more opaque). Equal weights give one
     * class. With weights, the title compares the predicted mass Σw with the observed relative mass r_k (their
     * difference is the TMV).
     */
    public static XYChart predictedVsObserved(Snapshots observed, int k, WeightedCloud predicted, int fx, int fy) {
        return CloudFigures.predictedVsObserved(observed, k, predicted, fx, fy);
    }

    /**
     * One {@link #predictedVsObserved(Snapshots, int, WeightedCloud, int, int)} chart per time;
     * {@code predicted.get(k)} belongs to time index k, and null entries (e.g. t0) are skipped.
     */
    public static List<XYChart> predictedVsObserved(Snapshots observed, List<WeightedCloud> predicted, int fx, int fy) {
        return CloudFigures.predictedVsObserved(observed, predicted, fx, fy);
    }

    /**
     * The paths of an ODE or SDE simulation ({@code Session.simulate}; particle p is row p at every time) as thin
     * lines over the snapshot cloud (coloured by time, faded), each ending in a dot. With weights, a path's grey
     * says its final weight relative to the mean final weight, in the six classes of
     * {@link #predictedVsObserved(Snapshots, int, WeightedCloud, int, int)} (light: light, black: heavy); the greys
     * are opaque and the heavy paths drawn last, so a bundle of light paths stays light. At most {@code maxPaths}
     * paths are drawn, a random subset (fixed seed) when there are more. Branching simulations have no paths and
     * are refused.
     */
    public static XYChart trajectories(Simulation paths, Snapshots background, int fx, int fy, int maxPaths) {
        return CloudFigures.trajectories(paths, background, fx, fy, maxPaths);
    }

    /** Simulated paths without a background cloud, in the plane of the simulation's features fx, fy. */
    public static XYChart trajectories(Simulation paths, int fx, int fy, int maxPaths) {
        return CloudFigures.trajectories(paths, fx, fy, maxPaths);
    }

    /** Particle weights over time along the paths of an ODE or SDE simulation. */
    public static XYChart particleWeights(Simulation paths, boolean perParticle, boolean logY) {
        return CloudFigures.particleWeights(paths, perParticle, logY);
    }

    /**
     * Weights w_i(t) of particles over time ({@code weights[i][k]} at {@code times[k]}; NaN where a particle
     * does not exist). Summary mode: mean, median and the 10%–90% quantile band (dashed). Per-particle mode:
     * one thin line per particle (at most 200, a random subset with a fixed seed) and the mean. With {@code logY}, weights ≤ 0
     * are left out.
     */
    public static XYChart particleWeights(double[] times, double[][] weights, boolean perParticle, boolean logY) {
        return CloudFigures.particleWeights(times, weights, perParticle, logY);
    }

    /** Growth rate g at every cell of every time (concatenated); {@code g[k][i]} belongs to cell i of time k. */
    public static FieldChart growthMap(Snapshots s, double[][] g, int fx, int fy) {
        return FieldFigures.growthMap(s, g, fx, fy);
    }

    /**
     * Cells coloured by their growth rate g on a diverging map symmetric about 0 (blue: net death, grey: g ≈ 0,
     * red: net proliferation), with a colour bar. Colours are quantised into 24 classes of equal width
     * (one series each, legend hidden); cells with large |g| are drawn last so they stay visible.
     */
    public static FieldChart growthMap(double[][] cells, double[] g, List<String> features, int fx, int fy) {
        return FieldFigures.growthMap(cells, g, features, fx, fy);
    }

    /**
     * The landscape −s on a grid as a heat map (viridis, low = valleys where cells accumulate), with a colour
     * bar, arrows of ∇s (pointing downhill; computed from the grid by central differences when {@code gradS}
     * is null) and optionally the cells as white dots. Arrows are scaled together so that the longest is 0.9
     * of the arrow spacing; their lengths are relative.
     */
    public static FieldChart landscape(GridValues minusS, PlaneVectors gradS, double[][] cells, String xName,
            String yName) {
        return FieldFigures.landscape(minusS, gradS, cells, xName, yName);
    }

    /**
     * Drift vectors at cells: for each named field (e.g. "v", "∇s", "v + ∇s") an arrow per cell, in one colour
     * per field, over the grey cell cloud. {@code vectors.get(name)[i]} is the D-dimensional vector at
     * {@code cells[i]}; components fx, fy are drawn. Arrows at most {@code maxArrows} cells spread over the
     * plane (at most one per cell of a grid over the cloud, chosen with a fixed seed);
     * all fields share one length scale (the longest arrow is as long as a grid cell), so their lengths compare.
     */
    public static FieldChart driftArrows(double[][] cells, Map<String, double[][]> vectors, List<String> features,
            int fx, int fy, int maxArrows) {
        return FieldFigures.driftArrows(cells, vectors, features, fx, fy, maxArrows);
    }

    /**
     * Streamlines of a plane field over the cells (features fx, fy), evenly spaced over the cells' bounding box
     * (padded by 5%), with an arrow head in the middle of each line showing the direction of flow.
     * {@code density} sets how many lines fit across the box (about density / 2; 30 is a good default).
     */
    public static FieldChart streamlines(double[][] cells, List<String> features, int fx, int fy, PlaneField field,
            String fieldName, int density) {
        return FieldFigures.streamlines(cells, features, fx, fy, field, fieldName, density);
    }

    /**
     * Every loss term over all stages in the order they ran (x: epochs counted across stages), on a log scale;
     * dotted vertical lines separate the stages, whose names are written at the top, and a term's line stops at the
     * end of its stage. Each term has a fixed colour by name ({@link ChartStyle#termColour}), the same in every
     * chart; a value alone in its stage (a one-epoch stage) is a short level line with a dot. On the log scale,
     * values ≤ 0 are not shown and the legend says so.
     */
    public static XYChart lossCurves(TrainingHistory h) {
        return FitFigures.lossCurves(h, true);
    }

    /** {@link #lossCurves(TrainingHistory)} on a log ({@code logY}) or linear scale. */
    public static XYChart lossCurves(TrainingHistory h, boolean logY) {
        return FitFigures.lossCurves(h, logY);
    }

    /** The loss terms of one stage against its own epochs. */
    public static XYChart lossCurves(TrainingHistory h, String stage, boolean logY) {
        return FitFigures.lossCurves(h, stage, logY);
    }

    /**
     * W1, W2 and TMV per time: one colour per metric, solid lines with circles for the ODE prediction, dashed
     * lines with squares for the SDE prediction. Lower is better. A fit directory's metrics:
     * {@code MetricsReport.read(dir.resolve("metrics.json"))}.
     */
    public static XYChart metrics(MetricsReport m) {
        return FitFigures.metrics(m);
    }

    /** One metric ("w1", "w2" or "tmv") as grouped bars, ODE next to SDE, one group per evaluated time. */
    public static CategoryChart metricBars(MetricsReport m, String metric) {
        return FitFigures.metricBars(m, metric);
    }

    /**
     * Stacked bars: for each group (a cell state, a cluster, or single cells), the probability of ending in each
     * terminal fate; {@code probability[g][f]} for group g and fate f. Rows must be in [0, 1] and sum to at most
     * 1 (+1e-6); a remainder (paths that reached no fate) is shown as "undetermined".
     */
    public static CategoryChart fateProbabilities(List<String> groups, List<String> fates, double[][] probability) {
        return FateFigures.fateProbabilities(groups, fates, probability);
    }

    /**
     * Fate probabilities averaged over the cells of each group: {@code perCell[i][f]} for cell i, whose group is
     * {@code cellGroups[i]}. Groups appear in order of first occurrence, labelled with their cell count.
     */
    public static CategoryChart fateProbabilities(String[] cellGroups, List<String> fates, double[][] perCell) {
        return FateFigures.fateProbabilities(cellGroups, fates, perCell);
    }

    /**
     * A notebook's own numbers as lines over a common x in this library's style: one colour per series (in the
     * map's order), with markers at the values; {@code logY} for a log axis.
     */
    public static XYChart lines(String title, String xTitle, String yTitle, double[] x, Map<String, double[]> series,
            boolean logY) {
        return PlainFigures.lines(title, xTitle, yTitle, x, series, logY);
    }

    /**
     * Grouped bars in this library's style: one bar per category and series, one colour per series (a single series
     * has no legend). Put quantities of different units in separate charts (and {@link #grid} them), not on one axis.
     */
    public static CategoryChart bars(String title, String xTitle, String yTitle, List<String> categories,
            Map<String, double[]> series) {
        return PlainFigures.bars(title, xTitle, yTitle, categories, series);
    }

    /** The chart rendered at {@code dpi} (72 = one pixel per point); size = chart size × dpi / 72. */
    public static BufferedImage toImage(Chart<?, ?> chart, int dpi) {
        return ChartExport.toImage(chart, dpi);
    }

    /** Several charts side by side, {@code columns} per row, as one image at {@code dpi}. */
    public static BufferedImage grid(List<? extends Chart<?, ?>> charts, int columns, int dpi) {
        return ChartExport.grid(charts, columns, dpi);
    }

    /**
     * Writes the chart as a PNG at {@code dpi} (300 for print) with XChart's BitmapEncoder, atomically: into a
     * temporary file in the same folder, then renamed over {@code file}. Missing folders are created.
     */
    public static void savePng(Chart<?, ?> chart, Path file, int dpi) {
        ChartExport.savePng(chart, file, dpi);
    }

    /** Writes an image (e.g. from {@link #grid}) as a PNG whose metadata says {@code dpi}, atomically. */
    public static void savePng(BufferedImage image, Path file, int dpi) {
        ChartExport.savePng(image, file, dpi);
    }

    /** PNG bytes of the chart at {@code dpi}, e.g. to embed in an HTML report as a data URI. */
    public static byte[] pngBytes(Chart<?, ?> chart, int dpi) {
        return ChartExport.pngBytes(chart, dpi);
    }

    /** Writes the chart as SVG (XChart's VectorGraphicsEncoder), atomically. */
    public static void saveSvg(Chart<?, ?> chart, Path file) {
        ChartExport.saveSvg(chart, file);
    }
}
