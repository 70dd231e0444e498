package org.ruot4j.plot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.ruot4j.RuotException;
import org.ruot4j.data.Rows;
import org.ruot4j.data.Snapshots;

/**
 * The data side of the figures: argument checks with messages that name what is wrong, columns and bounds of
 * point sets, seeded subsets of paths and arrows, quantiles and number formats for titles.
 */
final class PlotData {
    private PlotData() {
    }

    static double[] bounds(double[][] pts, int fx, int fy) {
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

    static void checkPair(List<String> features, int fx, int fy) {
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

    static void checkPointDim(double[][] pts, int dim, String what) {
        for (int i = 0; i < pts.length; i++) {
            if (pts[i] == null || pts[i].length != dim) {
                throw new RuotException(what + ": row " + i + " has " + (pts[i] == null ? 0 : pts[i].length)
                        + " coordinates, expected " + dim);
            }
        }
    }

    static double[] column(Snapshots s, int k, int j) {
        double[] v = new double[s.count(k)];
        for (int i = 0; i < v.length; i++) {
            v[i] = s.get(k, i, j);
        }
        return v;
    }

    static double[] col(double[][] p, int j) {
        double[] v = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            v[i] = p[i][j];
        }
        return v;
    }

    static double[] unbox(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double[][] finitePairs(double[] x, double[] y) {
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
        return Rows.sortedSample(n, Math.min(n, max), new Random(20250101L));
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
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < pts.length; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(7L));
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

    /** Edges of the weight classes, as multiples of the mean weight: ¼, ½, 1, 2, 4. */
    static final double[] WEIGHT_EDGES = {0.25, 0.5, 1, 2, 4};
    /** Legend text of each weight class. */
    static final String[] WEIGHT_LABELS = {"w < ¼ × mean", "w ¼–½ × mean", "w ½–1 × mean", "w 1–2 × mean",
        "w 2–4 × mean", "w > 4 × mean"};

    /** The class (0 … 5) of a weight {@code ratio} times the mean weight; NaN falls in the middle class below 1. */
    static int weightClass(double ratio) {
        if (Double.isNaN(ratio)) {
            return 2;
        }
        int c = 0;
        while (c < WEIGHT_EDGES.length && ratio >= WEIGHT_EDGES[c]) {
            c++;
        }
        return c;
    }

    /** A typical weight ratio of class c: the geometric middle of its edges (⅛ and 8 for the open ends). */
    static double weightClassRatio(int c) {
        double lo = c == 0 ? WEIGHT_EDGES[0] / 2 : WEIGHT_EDGES[c - 1];
        double hi = c == WEIGHT_EDGES.length ? WEIGHT_EDGES[WEIGHT_EDGES.length - 1] * 2 : WEIGHT_EDGES[c];
        return Math.sqrt(lo * hi);
    }

    static double lastFinite(double[] v) {
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

    static boolean allEqual(double[] w) {
        for (double v : w) {
            if (v != w[0]) {
                return false;
            }
        }
        return true;
    }

    static String sourceSuffix(Snapshots s) {
        String src = s.source();
        return src == null || src.isEmpty() || src.equals("data") ? "" : " — " + src;
    }

    static String fmt(double t) {
        if (t == Math.rint(t) && Math.abs(t) < 1e15) {
            return Long.toString((long) t);
        }
        return String.format(Locale.ROOT, "%.4g", t).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }

    static String fmt3(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
