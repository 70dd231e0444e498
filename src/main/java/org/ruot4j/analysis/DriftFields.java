package org.ruot4j.analysis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ruot4j.RuotException;
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

    /** Arrows of every field at up to {@code maxArrows} cells spread over the plane (features fx, fy). */
    public FieldChart arrows(int fx, int fy, int maxArrows) {
        FieldChart c = Figures.driftArrows(cells, vectors, features, fx, fy, maxArrows);
        c.setTitle("Drift at the cells, t = " + Report.fmt(time) + ": " + String.join(", ", vectors.keySet()));
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
