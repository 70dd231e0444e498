package org.ruot4j.plot;

import static org.ruot4j.plot.ChartStyle.*;
import static org.ruot4j.plot.PlotData.*;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.ruot4j.RuotException;
import org.ruot4j.data.Snapshots;
import org.ruot4j.data.WeightedCloud;
import org.ruot4j.train.Simulation;

/** Factories for cells and particles: snapshots by time, predictions against data, paths, particle weights. */
final class CloudFigures {
    private CloudFigures() {
    }

    static XYChart snapshots(Snapshots s) {
        return snapshots(s, 0, 1);
    }

    static XYChart snapshots(Snapshots s, String fx, String fy) {
        return snapshots(s, featureIndex(s.features(), fx), featureIndex(s.features(), fy));
    }

    static XYChart snapshots(Snapshots s, int fx, int fy) {
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

    static XYChart cellsByLabel(double[][] cells, String[] labels, String labelName, List<String> features, int fx,
            int fy) {
        checkPair(features, fx, fy);
        checkPointDim(cells, features.size(), "labelled cells");
        if (labels.length != cells.length) {
            throw new RuotException("cells by " + labelName + ": " + labels.length + " labels for " + cells.length
                    + " cells");
        }
        java.util.TreeMap<String, List<double[]>> groups = new java.util.TreeMap<>();
        for (int i = 0; i < cells.length; i++) {
            groups.computeIfAbsent(labels[i] == null ? "(none)" : labels[i], z -> new ArrayList<>()).add(cells[i]);
        }
        XYChart c = xyChart("Cells by " + labelName, features.get(fx), features.get(fy));
        int size = cells.length <= 1000 ? 6 : cells.length <= 5000 ? 4 : 3;
        int g = 0;
        for (var e : groups.entrySet()) {
            double[][] q = e.getValue().toArray(new double[0][]);
            XYSeries ser = c.addSeries(e.getKey() + " (n = " + q.length + ")", col(q, fx), col(q, fy));
            Color colour = e.getKey().equals("(none)") ? REMAINDER_GREY : CATEGORICAL[g++ % CATEGORICAL.length];
            scatter(ser, ColourMap.withAlpha(colour, 0.75), size);
        }
        return finish(c);
    }

    static XYChart cellsByLabel(Snapshots s, int k, String[] labels, String labelName, int fx, int fy) {
        if (k < 0 || k >= s.numTimes()) {
            throw new RuotException("cells by " + labelName + ": time index " + k + " is outside 0.." + (s.numTimes() - 1));
        }
        XYChart c = cellsByLabel(s.points(k), labels, labelName, s.features(), fx, fy);
        c.setTitle("Cells at t = " + fmt(s.time(k)) + " by " + labelName);
        return c;
    }

    static XYChart predictedVsObserved(Snapshots observed, int k, WeightedCloud predicted, int fx, int fy) {
        checkPair(observed.features(), fx, fy);
        if (k < 0 || k >= observed.numTimes()) {
            throw new RuotException("predicted vs observed: time index " + k + " is outside 0.." + (observed.numTimes() - 1));
        }
        checkCloud(predicted, observed.dim());
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
        for (int b = 0; b < WEIGHT_LABELS.length; b++) {
            List<double[]> pts = new ArrayList<>();
            for (int i = 0; i < p.length; i++) {
                if (weightClass(w[i] / mean) == b) {
                    pts.add(p[i]);
                }
            }
            if (pts.isEmpty()) {
                continue;
            }
            double[][] q = pts.toArray(new double[0][]);
            XYSeries ser = c.addSeries("predicted, " + WEIGHT_LABELS[b] + " (" + q.length + ")", col(q, fx), col(q, fy));
            scatter(ser, ColourMap.withAlpha(pc, WEIGHTED_ALPHA[b]), markerDiameter(b));
        }
        return finish(c);
    }

    /** Opacity of the predicted particles of each weight class: heavier particles are more opaque. */
    private static final double[] WEIGHTED_ALPHA = {0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
    /** Grey of the paths of each weight class (opaque, so that a bundle of light paths stays light). */
    private static final int[] PATH_GREY = {205, 175, 140, 100, 60, 15};

    /** Marker diameter of weight class c: the area grows in proportion to the class's weight (5 points at the mean). */
    static double markerDiameter(int c) {
        return Math.max(2, Math.min(14, 5 * Math.sqrt(weightClassRatio(c))));
    }

    /** A cloud to draw against data of {@code dim} features: points, that many coordinates, weights finite ≥ 0. */
    private static void checkCloud(WeightedCloud cloud, int dim) {
        String what = "predicted cloud '" + cloud.label() + "'";
        if (cloud.size() == 0) {
            throw new RuotException(what + ": no points");
        }
        if (cloud.dim() != dim) {
            throw new RuotException(what + ": points have " + cloud.dim() + " coordinates, the data " + dim);
        }
        double[] w = cloud.weights();
        for (int i = 0; w != null && i < w.length; i++) {
            if (!(w[i] >= 0) || !Double.isFinite(w[i])) {
                throw new RuotException(what + ": weight " + i + " is " + w[i] + ", expected a finite number ≥ 0");
            }
        }
    }

    static List<XYChart> predictedVsObserved(Snapshots observed, List<WeightedCloud> predicted, int fx, int fy) {
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

    static XYChart trajectories(Simulation paths, Snapshots background, int fx, int fy, int maxPaths) {
        checkPair(background.features(), fx, fy);
        return trajectories(paths, background, background.features(), fx, fy, maxPaths);
    }

    static XYChart trajectories(Simulation paths, int fx, int fy, int maxPaths) {
        checkPair(paths.features(), fx, fy);
        return trajectories(paths, null, paths.features(), fx, fy, maxPaths);
    }

    private static XYChart trajectories(Simulation paths, Snapshots bg, List<String> features, int fx, int fy,
            int maxPaths) {
        int n = pathCount(paths);
        int d = paths.dim();
        if (d != features.size()) {
            throw new RuotException("trajectories: paths have " + d + " coordinates but " + features.size()
                    + " feature names are given");
        }
        if (maxPaths < 1) {
            throw new RuotException("trajectories: maxPaths must be ≥ 1, got " + maxPaths);
        }
        double[] times = paths.times();
        XYChart c = xyChart(paths.mode().toUpperCase(Locale.ROOT) + " paths from t = " + fmt(times[0]) + " to t = "
                + fmt(times[times.length - 1]), features.get(fx), features.get(fy));
        if (bg != null) {
            addSnapshotSeries(c, bg, fx, fy, 0.3, null);
        }
        int[] chosen = sample(n, maxPaths);
        boolean weighted = paths.weights() != null;
        double[][] pathWeights = weighted ? pathWeights(paths, n) : null;
        double[] finalW = new double[n];
        Arrays.fill(finalW, 1.0);
        if (weighted) {
            for (int p = 0; p < finalW.length; p++) {
                finalW[p] = lastFinite(pathWeights[p]);
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
        if (weighted) {
            c.setTitle(c.getTitle() + " · darker: heavier at the end");
        }
        // lightest first, so that the heavy paths are drawn over the light ones
        int classes = weighted ? WEIGHT_LABELS.length : 1;
        for (int b = 0; b < classes; b++) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            List<double[]> ends = new ArrayList<>();
            int count = 0;
            for (int p : chosen) {
                if (weighted && weightClass(finalW[p] / meanW) != b) {
                    continue;
                }
                count++;
                double[] last = null;
                for (double[] x : paths.positions()) {
                    double px = x[p * d + fx];
                    double py = x[p * d + fy];
                    if (Double.isNaN(px) || Double.isNaN(py)) {
                        xs.add(Double.NaN);
                        ys.add(Double.NaN);
                    } else {
                        xs.add(px);
                        ys.add(py);
                        last = new double[] {px, py};
                    }
                }
                xs.add(Double.NaN);
                ys.add(Double.NaN);
                if (last != null) {
                    ends.add(last);
                }
            }
            if (count == 0) {
                continue;
            }
            int grey = weighted ? PATH_GREY[b] : 60;
            Color colour = new Color(grey, grey, grey);
            String name = weighted ? "paths, final " + WEIGHT_LABELS[b] + " (" + count + ")"
                    : "paths (" + chosen.length + " of " + n + ")";
            XYSeries ser = c.addSeries(name, unbox(xs), unbox(ys));
            line(ser, colour, weighted ? 0.6f + 0.1f * b : 0.8f, false);
            if (!ends.isEmpty()) {
                double[][] e = ends.toArray(new double[0][]);
                XYSeries end = c.addSeries(name + " ends", col(e, 0), col(e, 1));
                scatter(end, colour, 3.5);
                end.setShowInLegend(false);
            }
        }
        return finish(c);
    }

    static XYChart particleWeights(Simulation paths, boolean perParticle, boolean logY) {
        if (paths.weights() == null) {
            throw new RuotException("particle weights: the " + paths.mode() + " simulation carries no weights");
        }
        return particleWeights(paths.times(), pathWeights(paths, pathCount(paths)), perParticle, logY);
    }

    /**
     * The number of paths of an ODE or SDE simulation: particle p keeps its row at every time (the solvers never
     * reorder particles), so row p of each time is one path. Branching simulations have no fixed identities.
     */
    private static int pathCount(Simulation sim) {
        if (sim.mode().equals("branching")) {
            throw new RuotException("paths: a branching simulation has no particle identities; simulate in ode or sde"
                    + " mode");
        }
        int n = sim.count(0);
        for (int t = 1; t < sim.times().length; t++) {
            if (sim.count(t) != n) {
                throw new RuotException("paths: time index " + t + " has " + sim.count(t) + " particles, expected " + n);
            }
        }
        if (n == 0) {
            throw new RuotException("paths: the " + sim.mode() + " simulation has no particles");
        }
        return n;
    }

    /** {@code w[p][k]}: the weight of path p at time index k. */
    private static double[][] pathWeights(Simulation sim, int n) {
        double[][] w = new double[n][sim.times().length];
        for (int k = 0; k < sim.times().length; k++) {
            double[] wk = sim.weights().get(k);
            for (int p = 0; p < n; p++) {
                w[p][k] = wk[p];
            }
        }
        return w;
    }

    static XYChart particleWeights(double[] times, double[][] weights, boolean perParticle, boolean logY) {
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
}
