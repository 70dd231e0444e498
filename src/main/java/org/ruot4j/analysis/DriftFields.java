package org.ruot4j.analysis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ruot4j.RuotException;
import org.ruot4j.data.Snapshots;
import org.ruot4j.plot.FieldChart;
import org.ruot4j.plot.Figures;
import org.ruot4j.plot.PlaneField;

/**
 * The drift fields at cells: the probability-flow velocity v, the score part ∇s and the SDE drift v + ∇s
 * (without a potential only v, which is then also the SDE drift).
 *
 * @param cells the points (n × D) at which the fields were evaluated
 * @param vectors field name ("v", "∇s", "v + ∇s") → n × D vectors
 */
public record DriftFields(double time, double[][] cells, List<String> features, Map<String, double[][]> vectors) {

    /** Evaluates v, ∇s and v + ∇s at {@code cells} at time t. */
    public static DriftFields compute(Fields fields, double t, double[][] cells, List<String> features) {
        if (features.size() != fields.dim()) {
            throw new RuotException("drift fields: " + features.size() + " feature names for a " + fields.dim()
                    + "-dimensional model");
        }
        Map<String, double[][]> m = new LinkedHashMap<>();
        double[][] v = fields.velocity(t, cells);
        m.put("v", v);
        if (fields.hasScore()) {
            double[][] gs = fields.scoreGradient(t, cells);
            double[][] sum = new double[v.length][];
            for (int i = 0; i < v.length; i++) {
                sum[i] = v[i].clone();
                for (int j = 0; j < sum[i].length; j++) {
                    sum[i][j] += gs[i][j];
                }
            }
            m.put("∇s", gs);
            m.put("v + ∇s", sum);
        }
        return new DriftFields(t, cells, List.copyOf(features), m);
    }

    /**
     * v, ∇s and v + ∇s at every observed cell, each evaluated at its own sampling time (the result's {@code time} is
     * NaN): the field of the whole trajectory, for a stream plot over all cells of an embedding.
     */
    public static DriftFields atObservedTimes(Fields fields, Snapshots data) {
        List<double[]> cells = new java.util.ArrayList<>();
        Map<String, List<double[]>> parts = new LinkedHashMap<>();
        for (int k = 0; k < data.numTimes(); k++) {
            DriftFields at = compute(fields, data.time(k), data.points(k), data.features());
            cells.addAll(List.of(at.cells()));
            for (Map.Entry<String, double[][]> e : at.vectors().entrySet()) {
                parts.computeIfAbsent(e.getKey(), z -> new java.util.ArrayList<>()).addAll(List.of(e.getValue()));
            }
        }
        Map<String, double[][]> m = new LinkedHashMap<>();
        parts.forEach((name, rows) -> m.put(name, rows.toArray(new double[0][])));
        return new DriftFields(Double.NaN, cells.toArray(new double[0][]), data.features(), m);
    }

    /** "t = 2", or "each cell at its own time" for {@link #atObservedTimes}. */
    private String when() {
        return Double.isNaN(time) ? "each cell at its own time" : "t = " + Report.fmt(time);
    }

    /** Arrows of every field at up to {@code maxArrows} cells spread over the plane (features fx, fy). */
    public FieldChart arrows(int fx, int fy, int maxArrows) {
        FieldChart c = Figures.driftArrows(cells, vectors, features, fx, fy, maxArrows);
        c.setTitle("Drift at the cells, " + when() + ": " + String.join(", ", vectors.keySet()));
        return c;
    }

    /**
     * A stream plot of the SDE drift ("v + ∇s", or "v" for a model without a potential) on the 2-D embedding made by
     * features fx, fy (e.g. PC1 and PC2): {@link #streamlines(String, int, int)}.
     */
    public FieldChart streamlines(int fx, int fy) {
        return streamlines(vectors.containsKey("v + ∇s") ? "v + ∇s" : "v", fx, fy);
    }

    /**
     * A stream plot of field {@code field} on the 2-D embedding made by features fx, fy, in the manner of scVelo's
     * velocity stream plots: each cell's vector is projected on the plane (its fx, fy components, the exact
     * projection when the features are principal components), the projections are averaged on a 40 × 40 grid with a
     * Gaussian kernel (bandwidth 1.5 grid steps, in units of each axis's range), grid points with less than half a
     * cell's kernel weight are left empty, and the smoothed field is traced between them. Unlike
     * {@link #streamlines(Fields, double, double[][], List, int, int)} it uses only the cells' own vectors, so the
     * other coordinates are the cells' own, not a mean.
     */
    public FieldChart streamlines(String field, int fx, int fy) {
        double[][] v = vectors.get(field);
        if (v == null) {
            throw new RuotException("drift fields: no field '" + field + "'; fields are " + vectors.keySet());
        }
        if (cells.length < 2) {
            throw new RuotException("drift stream plot: needs at least 2 cells, got " + cells.length);
        }
        double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        int[] comp = {fx, fy};
        for (double[] x : cells) {
            for (int c = 0; c < 2; c++) {
                lo[c] = Math.min(lo[c], x[comp[c]]);
                hi[c] = Math.max(hi[c], x[comp[c]]);
            }
        }
        int n = 40;
        double[] range = new double[2];
        double[][] axis = new double[2][n];
        for (int c = 0; c < 2; c++) {
            range[c] = Math.max(hi[c] - lo[c], 1e-9);
            double pad = 0.05 * range[c];
            for (int i = 0; i < n; i++) {
                axis[c][i] = lo[c] - pad + (range[c] + 2 * pad) * i / (n - 1);
            }
        }
        double h = 1.5 / (n - 1) * 1.1; // 1.5 grid steps, as a fraction of each axis's (padded) range
        double[][][] grid = new double[n][n][];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double w = 0;
                double u0 = 0;
                double u1 = 0;
                for (int p = 0; p < cells.length; p++) {
                    double dx = (cells[p][fx] - axis[0][i]) / range[0];
                    double dy = (cells[p][fy] - axis[1][j]) / range[1];
                    double d2 = (dx * dx + dy * dy) / (h * h);
                    if (d2 > 16) {
                        continue;
                    }
                    double k = Math.exp(-0.5 * d2);
                    w += k;
                    u0 += k * v[p][fx];
                    u1 += k * v[p][fy];
                }
                grid[j][i] = w < 0.5 ? null : new double[] {u0 / w, u1 / w};
            }
        }
        PlaneField smooth = (a, b) -> {
            double gx = (a - axis[0][0]) / (axis[0][n - 1] - axis[0][0]) * (n - 1);
            double gy = (b - axis[1][0]) / (axis[1][n - 1] - axis[1][0]) * (n - 1);
            if (!(gx >= 0 && gy >= 0 && gx <= n - 1 && gy <= n - 1)) {
                return new double[] {Double.NaN, Double.NaN};
            }
            int i = Math.min((int) gx, n - 2);
            int j = Math.min((int) gy, n - 2);
            double[][] corner = {grid[j][i], grid[j][i + 1], grid[j + 1][i], grid[j + 1][i + 1]};
            for (double[] q : corner) {
                if (q == null) {
                    return new double[] {Double.NaN, Double.NaN};
                }
            }
            double u = gx - i;
            double w = gy - j;
            double[] out = new double[2];
            for (int c = 0; c < 2; c++) {
                out[c] = (1 - u) * (1 - w) * corner[0][c] + u * (1 - w) * corner[1][c] + (1 - u) * w * corner[2][c]
                        + u * w * corner[3][c];
            }
            return out;
        };
        String name = "the drift " + field + " on the " + features.get(fx) + "–" + features.get(fy) + " plane";
        FieldChart c = Figures.streamlines(cells, features, fx, fy, smooth, name, 30);
        c.setTitle("Streamlines of " + field + " over the cells" + (Double.isNaN(time) ? " (all times)" : ", " + when()));
        return c;
    }

    /**
     * Streamlines of the SDE drift v + ∇s (v without a potential) in the plane of features fx, fy through the
     * mean of the cells, over the cells. The field is evaluated once, in one batch, on a 64 × 64 grid over the
     * cells' box (padded by 10%), and interpolated bilinearly while the lines are traced.
     */
    public static FieldChart streamlines(Fields fields, double t, double[][] cells, List<String> features, int fx,
            int fy) {
        if (cells.length == 0) {
            throw new RuotException("streamlines: no cells");
        }
        int d = fields.dim();
        double[] mean = new double[d];
        double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (double[] x : cells) {
            for (int j = 0; j < d; j++) {
                mean[j] += x[j] / cells.length;
            }
            lo[0] = Math.min(lo[0], x[fx]);
            hi[0] = Math.max(hi[0], x[fx]);
            lo[1] = Math.min(lo[1], x[fy]);
            hi[1] = Math.max(hi[1], x[fy]);
        }
        int n = 64;
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            double pad0 = 0.1 * Math.max(hi[0] - lo[0], 1e-6);
            double pad1 = 0.1 * Math.max(hi[1] - lo[1], 1e-6);
            xs[i] = lo[0] - pad0 + (hi[0] - lo[0] + 2 * pad0) * i / (n - 1);
            ys[i] = lo[1] - pad1 + (hi[1] - lo[1] + 2 * pad1) * i / (n - 1);
        }
        double[][] pts = new double[n * n][];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double[] x = mean.clone();
                x[fx] = xs[i];
                x[fy] = ys[j];
                pts[j * n + i] = x;
            }
        }
        double[][] f = fields.sdeDrift(t, pts);
        PlaneField grid = (a, b) -> {
            double gx = (a - xs[0]) / (xs[n - 1] - xs[0]) * (n - 1);
            double gy = (b - ys[0]) / (ys[n - 1] - ys[0]) * (n - 1);
            if (!(gx >= 0 && gy >= 0 && gx <= n - 1 && gy <= n - 1)) {
                return new double[] {Double.NaN, Double.NaN};
            }
            int i = Math.min((int) gx, n - 2);
            int j = Math.min((int) gy, n - 2);
            double u = gx - i;
            double w = gy - j;
            double[] out = new double[2];
            int[] comp = {fx, fy};
            for (int c = 0; c < 2; c++) {
                out[c] = (1 - u) * (1 - w) * f[j * n + i][comp[c]] + u * (1 - w) * f[j * n + i + 1][comp[c]]
                        + (1 - u) * w * f[(j + 1) * n + i][comp[c]] + u * w * f[(j + 1) * n + i + 1][comp[c]];
            }
            return out;
        };
        String name = fields.hasScore() ? "the SDE drift v + ∇s" : "the velocity v";
        if (d > 2) {
            name += " (other coordinates at the mean)";
        }
        FieldChart c = Figures.streamlines(cells, features, fx, fy, grid, name, 30);
        c.setTitle("Streamlines of " + name + ", t = " + Report.fmt(t));
        return c;
    }
}
