package org.ruot4j.analysis;

import java.util.List;
import org.ruot4j.RuotException;
import org.ruot4j.data.Pca;
import org.ruot4j.data.Snapshots;
import org.ruot4j.plot.FieldChart;
import org.ruot4j.plot.Figures;
import org.ruot4j.plot.GridValues;
import org.ruot4j.plot.PlaneVectors;

/**
 * The landscape −s(t, ·) on a 2-D grid with ∇s arrows. The plane is either two features (the other coordinates
 * held at the population mean μ of all cells) or the first two principal components (a grid point (z1, z2) is
 * the state μ + z1 w1 + z2 w2). Since ρ ∝ exp(2s/σ²), valleys of −s are where cells accumulate and ∇s (the score
 * part of the SDE drift) points downhill. The arrows are ∇s at the grid nodes projected on the plane
 * (eᵢ·∇s for features, wₐ·∇s for components).
 *
 * @param minusS {@code minusS.values()[j][i]} = −s at (xs[i], ys[j]) of the plane
 * @param gradS ∇s projected on the plane at every {@code arrowEvery}-th grid node
 * @param cells the cells of all times, projected on the plane (for the white dots)
 */
public record Landscape(double time, String xName, String yName, GridValues minusS, PlaneVectors gradS,
        double[][] cells) {

    /** Grid points per side. */
    public static final int GRID = 41;

    /** In the plane of features fx, fy (0-based), other coordinates at the mean of all cells. */
    public static Landscape inFeatures(Fields fields, Snapshots data, double t, int fx, int fy) {
        int d = data.dim();
        if (fx < 0 || fy < 0 || fx >= d || fy >= d || fx == fy) {
            throw new RuotException("landscape: feature indices " + fx + ", " + fy + " must be two different values "
                    + "in 0.." + (d - 1));
        }
        double[] mean = mean(data);
        double[][] e = new double[2][d];
        e[0][fx] = 1;
        e[1][fy] = 1;
        double[] origin = mean.clone();
        origin[fx] = 0;
        origin[fy] = 0;
        return compute(fields, data, t, origin, e, data.features().get(fx), data.features().get(fy));
    }

    /** In the plane of the first two principal components of all cells (needs D ≥ 2). */
    public static Landscape inPcaPlane(Fields fields, Snapshots data, double t) {
        if (data.dim() < 2) {
            throw new RuotException("landscape: a PCA plane needs at least 2 features, the data have " + data.dim());
        }
        Pca pca = Pca.fit(data, 2);
        double[][] e = {pca.loading(0), pca.loading(1)};
        List<String> names = pca.componentNames();
        return compute(fields, data, t, pca.mean(), e, names.get(0), names.get(1));
    }

    /** Grid over the cells' range in the plane x = origin + a e0 + b e1, padded by 10%. */
    private static Landscape compute(Fields fields, Snapshots data, double t, double[] origin, double[][] e,
            String xName, String yName) {
        if (!fields.hasScore()) {
            throw new RuotException("landscape: the model has no potential s (it was fitted without noise)");
        }
        int d = data.dim();
        int total = data.totalCount();
        double[][] plane = new double[total][2];
        int r = 0;
        for (int k = 0; k < data.numTimes(); k++) {
            for (double[] x : data.points(k)) {
                for (int a = 0; a < 2; a++) {
                    double s = 0;
                    for (int j = 0; j < d; j++) {
                        s += e[a][j] * (x[j] - origin[j]);
                    }
                    plane[r][a] = s;
                }
                r++;
            }
        }
        double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (double[] p : plane) {
            for (int a = 0; a < 2; a++) {
                lo[a] = Math.min(lo[a], p[a]);
                hi[a] = Math.max(hi[a], p[a]);
            }
        }
        for (int a = 0; a < 2; a++) {
            double pad = 0.1 * Math.max(hi[a] - lo[a], 1e-6);
            lo[a] -= pad;
            hi[a] += pad;
        }
        double[] xs = GridValues.linspace(lo[0], hi[0], GRID);
        double[] ys = GridValues.linspace(lo[1], hi[1], GRID);
        double[][] states = new double[GRID * GRID][d];
        for (int j = 0; j < GRID; j++) {
            for (int i = 0; i < GRID; i++) {
                double[] x = states[j * GRID + i];
                for (int c = 0; c < d; c++) {
                    x[c] = origin[c] + xs[i] * e[0][c] + ys[j] * e[1][c];
                }
            }
        }
        double[] s = fields.score(t, states);
        double[][] gs = fields.scoreGradient(t, states);
        double[][] v = new double[GRID][GRID];
        for (int j = 0; j < GRID; j++) {
            for (int i = 0; i < GRID; i++) {
                v[j][i] = -s[j * GRID + i];
            }
        }
        int every = 3;
        int n = 0;
        for (int j = 1; j < GRID; j += every) {
            for (int i = 1; i < GRID; i += every) {
                n++;
            }
        }
        double[][] at = new double[n][];
        double[][] arrows = new double[n][];
        int q = 0;
        for (int j = 1; j < GRID; j += every) {
            for (int i = 1; i < GRID; i += every) {
                double[] g = gs[j * GRID + i];
                double u0 = 0;
                double u1 = 0;
                for (int c = 0; c < d; c++) {
                    u0 += e[0][c] * g[c];
                    u1 += e[1][c] * g[c];
                }
                at[q] = new double[] {xs[i], ys[j]};
                arrows[q++] = new double[] {u0, u1};
            }
        }
        return new Landscape(t, xName, yName, new GridValues(xs, ys, v), new PlaneVectors(at, arrows), plane);
    }

    static double[] mean(Snapshots data) {
        double[] m = new double[data.dim()];
        int n = 0;
        for (int k = 0; k < data.numTimes(); k++) {
            for (double[] x : data.points(k)) {
                for (int j = 0; j < m.length; j++) {
                    m[j] += x[j];
                }
                n++;
            }
        }
        for (int j = 0; j < m.length; j++) {
            m[j] /= Math.max(1, n);
        }
        return m;
    }

    /** {@link Figures#landscape} with the cells as dots. */
    public FieldChart chart() {
        FieldChart c = Figures.landscape(minusS, gradS, cells, xName, yName);
        c.setTitle("Landscape −s at t = " + Report.fmt(time) + " with ∇s arrows (drift downhill) · dots: cells");
        return c;
    }
}
