package org.ruot4j.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.DoublePoint;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.JDKRandomGenerator;
import org.knowm.xchart.CategoryChart;
import org.ruot4j.RuotException;
import org.ruot4j.data.Snapshots;
import org.ruot4j.dynamics.SdeSolver;
import org.ruot4j.plot.Figures;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Fate probabilities: from each starting cell x_i at time t_a, R paths of the SDE dX = (v + ∇s) dt + σ dW
 * (Euler–Maruyama, step ≤ h, Gaussian increments from a seeded generator, as in {@link SdeSolver}) run to the
 * last observed time t_K; each end point takes the fate label of its nearest observed cell at t_K (1-nearest
 * neighbour, Euclidean). The fate labels are k-means clusters of the t_K cells (k-means++ with a seed, clusters
 * ordered by their centroid's first coordinate, largest first) or labels given by the user. Then
 * P_i(fate f) = Σ_r [end_r ∈ f] ω_r / Σ_r ω_r with ω_r = 1 (unweighted: where a single cell's descendants'
 * lineage goes) or ω_r = exp(∫ g dt) along the path (weighted: the share of the cell's descendant mass).
 * Rows sum to 1.
 *
 * @param fates fate names
 * @param probability {@code probability[i][f]} for start cell i and fate f
 */
public record FateProbabilities(double startTime, double endTime, double[][] startCells, List<String> fates,
        double[][] probability) {

    /** Settings of the path simulation. */
    public record Options(int pathsPerCell, double step, long seed, boolean weighted) {
        public Options {
            if (pathsPerCell < 1) {
                throw new RuotException("fate probabilities: pathsPerCell must be >= 1, got " + pathsPerCell);
            }
            if (!(step > 0) || !Double.isFinite(step)) {
                throw new RuotException("fate probabilities: step must be a positive number, got " + step);
            }
        }

        /** 20 paths per cell, step 0.02, seed 1, unweighted. */
        public static Options defaults() {
            return new Options(20, 0.02, 1, false);
        }
    }

    /**
     * k-means labels (k clusters, seeded) of the cells at the last time of {@code data}, clusters ordered by
     * their centroid's first coordinate (largest first); names "fate 1 (f1 = …, f2 = …)" list up to three
     * centroid coordinates.
     */
    public static Labels kMeansLabels(Snapshots data, int k, long seed) {
        int last = data.numTimes() - 1;
        double[][] pts = data.points(last);
        if (k < 2 || k > pts.length) {
            throw new RuotException("fate probabilities: number of clusters must be between 2 and the " + pts.length
                    + " cells at the last time, got " + k);
        }
        List<DoublePoint> in = new ArrayList<>();
        for (double[] p : pts) {
            in.add(new DoublePoint(p));
        }
        JDKRandomGenerator rng = new JDKRandomGenerator();
        rng.setSeed(seed);
        List<CentroidCluster<DoublePoint>> cl = new KMeansPlusPlusClusterer<DoublePoint>(k, 200,
                new EuclideanDistance(), rng).cluster(in);
        cl.sort((a, b) -> Double.compare(b.getCenter().getPoint()[0], a.getCenter().getPoint()[0]));
        String[] label = new String[pts.length];
        List<String> names = new ArrayList<>();
        for (int c = 0; c < cl.size(); c++) {
            double[] centre = cl.get(c).getCenter().getPoint();
            StringBuilder sb = new StringBuilder("fate " + (c + 1));
            if (centre.length <= 3) {
                sb.append(" (");
                for (int j = 0; j < centre.length; j++) {
                    sb.append(j > 0 ? ", " : "").append(data.features().get(j)).append(" ")
                            .append(String.format(Locale.ROOT, "%.2f", centre[j]));
                }
                sb.append(')');
            }
            names.add(sb.toString());
        }
        // the clusterer returns its own point objects: label each cell by its nearest centroid (k-means' rule)
        for (int i = 0; i < pts.length; i++) {
            int best = 0;
            double bd = Double.POSITIVE_INFINITY;
            for (int c = 0; c < cl.size(); c++) {
                double dist = dist2(pts[i], cl.get(c).getCenter().getPoint());
                if (dist < bd) {
                    bd = dist;
                    best = c;
                }
            }
            label[i] = names.get(best);
        }
        return new Labels(pts, label, names);
    }

    /** Labelled cells at the last time: {@code labels[i]} is the fate of {@code cells[i]}; {@code fates} the distinct names in order. */
    public record Labels(double[][] cells, String[] labels, List<String> fates) {
        public Labels {
            if (cells.length != labels.length || cells.length == 0) {
                throw new RuotException("fate labels: " + labels.length + " labels for " + cells.length + " cells");
            }
        }

        /** User labels of the cells at the last time of {@code data}; fates in order of first appearance. */
        public static Labels of(Snapshots data, String[] labels) {
            double[][] pts = data.points(data.numTimes() - 1);
            if (labels.length != pts.length) {
                throw new RuotException("fate labels: " + labels.length + " labels for the " + pts.length
                        + " cells at the last time t = " + data.time(data.numTimes() - 1));
            }
            Map<String, Boolean> seen = new LinkedHashMap<>();
            for (String l : labels) {
                if (l == null || l.isBlank()) {
                    throw new RuotException("fate labels: a label is empty");
                }
                seen.put(l, true);
            }
            return new Labels(pts, labels.clone(), List.copyOf(seen.keySet()));
        }

        /** The label of the labelled cell nearest to x (Euclidean): the fate of a state x at the last time. */
        public String labelOf(double[] x) {
            if (x.length != cells[0].length) {
                throw new RuotException("fate labels: a point with " + x.length + " coordinates; the cells have "
                        + cells[0].length);
            }
            return labels[nearest(cells, x)];
        }
    }

    /** Runs the paths from {@code start} (n × D) at {@code t0} to the last time of {@code data}. */
    public static FateProbabilities compute(Fields fields, double t0, double[][] start, Snapshots data, Labels labels,
            Options o) {
        double t1 = data.time(data.numTimes() - 1);
        if (!(t1 > t0)) {
            throw new RuotException("fate probabilities: start time " + t0 + " must be before the last time " + t1);
        }
        Fields.check(start, fields.dim());
        int n = start.length;
        int r = o.pathsPerCell();
        int d = fields.dim();
        double[][] x = new double[n * r][];
        for (int i = 0; i < n; i++) {
            for (int q = 0; q < r; q++) {
                x[i * r + q] = start[i].clone();
            }
        }
        double[] lnw = new double[n * r];
        int steps = Math.max(1, (int) Math.ceil((t1 - t0) / o.step() - 1e-9));
        double h = (t1 - t0) / steps;
        double noise = fields.sigma() * Math.sqrt(h);
        SplittableRandom rng = new SplittableRandom(o.seed());
        for (int s = 0; s < steps; s++) {
            double t = t0 + s * h;
            double[][] b = fields.sdeDrift(t, x);
            double[] g = o.weighted() ? fields.growth(t, x) : null;
            for (int p = 0; p < x.length; p++) {
                for (int j = 0; j < d; j++) {
                    x[p][j] += b[p][j] * h + (noise > 0 ? noise * SdeSolver.normal(rng) : 0);
                }
                if (g != null) {
                    lnw[p] += g[p] * h;
                }
            }
        }
        List<String> fates = labels.fates();
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int f = 0; f < fates.size(); f++) {
            index.put(fates.get(f), f);
        }
        double[][] prob = new double[n][fates.size()];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int q = 0; q < r; q++) {
                max = Math.max(max, lnw[i * r + q]);
            }
            double total = 0;
            for (int q = 0; q < r; q++) {
                int p = i * r + q;
                double w = Math.exp(lnw[p] - max); // relative weights: the common factor cancels
                prob[i][index.get(labels.labelOf(x[p]))] += w;
                total += w;
            }
            for (int f = 0; f < fates.size(); f++) {
                prob[i][f] /= total;
            }
        }
        double[][] st = new double[n][];
        for (int i = 0; i < n; i++) {
            st[i] = start[i].clone();
        }
        return new FateProbabilities(t0, t1, st, fates, prob);
    }

    private static int nearest(double[][] cells, double[] x) {
        int best = 0;
        double bd = Double.POSITIVE_INFINITY;
        for (int i = 0; i < cells.length; i++) {
            double dd = dist2(cells[i], x);
            if (dd < bd) {
                bd = dd;
                best = i;
            }
        }
        return best;
    }

    private static double dist2(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double u = a[j] - b[j];
            s += u * u;
        }
        return s;
    }

    /** Index of the most likely fate of start cell i. */
    public int mostLikely(int i) {
        int best = 0;
        for (int f = 1; f < fates.size(); f++) {
            if (probability[i][f] > probability[i][best]) {
                best = f;
            }
        }
        return best;
    }

    /** One row per start cell: cell, its coordinates (x1, x2, … named by {@code features}), P(fate) per fate. */
    public Table toTable(List<String> features) {
        if (features.size() != startCells[0].length) {
            throw new RuotException("fate table: " + features.size() + " feature names for " + startCells[0].length
                    + " coordinates");
        }
        Table t = Table.create("fate probabilities");
        IntColumn cell = IntColumn.create("cell");
        for (int i = 0; i < startCells.length; i++) {
            cell.append(i);
        }
        t.addColumns(cell);
        for (int j = 0; j < features.size(); j++) {
            DoubleColumn c = DoubleColumn.create(features.get(j));
            for (double[] x : startCells) {
                c.append(x[j]);
            }
            t.addColumns(c);
        }
        for (int f = 0; f < fates.size(); f++) {
            DoubleColumn c = DoubleColumn.create("P(" + fates.get(f) + ")");
            for (double[] p : probability) {
                c.append(p[f]);
            }
            t.addColumns(c);
        }
        StringColumn ml = StringColumn.create("most likely");
        for (int i = 0; i < startCells.length; i++) {
            ml.append(fates.get(mostLikely(i)));
        }
        return t.addColumns(ml);
    }

    /**
     * Stacked bars of the mean fate probabilities of the start cells grouped by their most likely fate ("cells
     * heading to fate 1", …): the height of the other colours shows how undecided the cells still are.
     */
    public CategoryChart chart() {
        String[] groups = new String[startCells.length];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = "→ " + fates.get(mostLikely(i)).replaceFirst(" \\(.*", "");
        }
        CategoryChart c = Figures.fateProbabilities(groups, fates, probability);
        c.setTitle("Fates at t = " + Report.fmt(endTime) + " of the t = " + Report.fmt(startTime)
                + " cells, by most likely fate");
        return c;
    }

    /** Mean probability of each fate over all start cells. */
    public double[] meanProbability() {
        double[] m = new double[fates.size()];
        for (double[] p : probability) {
            for (int f = 0; f < m.length; f++) {
                m[f] += p[f] / probability.length;
            }
        }
        return m;
    }

    @Override
    public String toString() {
        return "FateProbabilities[t " + startTime + " → " + endTime + ", " + startCells.length + " cells, fates "
                + fates + ", mean " + Arrays.toString(meanProbability()) + "]";
    }
}
