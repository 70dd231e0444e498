package org.ruot4j.data;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealVector;
import org.ruot4j.RuotException;

/**
 * Principal component analysis fitted on all cells of all times pooled. With μ the feature means and
 * C = (1/(N−1)) Σ_i (x_i − μ)(x_i − μ)ᵀ the sample covariance, the loadings W = [w_1 … w_k] (D × k) are the
 * eigenvectors of C for its k largest eigenvalues λ_1 ≥ … ≥ λ_k (the explained variances). Coordinates are
 * z = Wᵀ(x − μ) and the map back to the features is x̂ = μ + W z (exact when k = D). Each loading's sign is
 * fixed so that its largest-magnitude entry is positive, which makes the result deterministic.
 */
public final class Pca {
    private final List<String> features;
    private final double[] mean;
    private final double[][] loadings; // D x k
    private final double[] variance; // λ_1..λ_k
    private final double totalVariance; // Σ of all D eigenvalues = trace C

    private Pca(List<String> features, double[] mean, double[][] loadings, double[] variance, double totalVariance) {
        this.features = List.copyOf(features);
        this.mean = mean;
        this.loadings = loadings;
        this.variance = variance;
        this.totalVariance = totalVariance;
    }

    /** Fits k components (1 ≤ k ≤ D) on every cell of {@code s}. */
    public static Pca fit(Snapshots s, int k) {
        int d = s.dim();
        if (k < 1 || k > d) {
            throw new RuotException("PCA: number of components must be between 1 and D = " + d + ", got " + k);
        }
        int n = s.totalCount();
        if (n < 2) {
            throw new RuotException("PCA: needs at least 2 cells, got " + n);
        }
        double[] mean = new double[d];
        for (int t = 0; t < s.numTimes(); t++) {
            double[] f = s.flat(t);
            for (int i = 0; i < f.length; i++) {
                mean[i % d] += f[i];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double[][] cov = new double[d][d];
        double[] c = new double[d];
        for (int t = 0; t < s.numTimes(); t++) {
            double[] f = s.flat(t);
            for (int i = 0; i < s.count(t); i++) {
                for (int j = 0; j < d; j++) {
                    c[j] = f[i * d + j] - mean[j];
                }
                for (int a = 0; a < d; a++) {
                    for (int b = a; b < d; b++) {
                        cov[a][b] += c[a] * c[b];
                    }
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                cov[a][b] /= (n - 1);
                cov[b][a] = cov[a][b];
            }
        }
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(cov, false));
        double[] values = eig.getRealEigenvalues();
        Integer[] order = new Integer[d];
        for (int j = 0; j < d; j++) {
            order[j] = j;
        }
        java.util.Arrays.sort(order, (p, q) -> Double.compare(values[q], values[p]));
        double[][] w = new double[d][k];
        double[] var = new double[k];
        double total = 0;
        for (double v : values) {
            total += Math.max(v, 0);
        }
        for (int a = 0; a < k; a++) {
            RealVector v = eig.getEigenvector(order[a]);
            int big = 0;
            for (int j = 1; j < d; j++) {
                if (Math.abs(v.getEntry(j)) > Math.abs(v.getEntry(big))) {
                    big = j;
                }
            }
            double sign = v.getEntry(big) < 0 ? -1 : 1;
            double norm = v.getNorm();
            for (int j = 0; j < d; j++) {
                w[j][a] = sign * v.getEntry(j) / norm;
            }
            var[a] = Math.max(values[order[a]], 0); // round-off can make a zero eigenvalue slightly negative
        }
        return new Pca(s.features(), mean, w, var, total);
    }

    /** z = Wᵀ(x − μ) for every cell; features are named PC1…PCk. */
    public Snapshots transform(Snapshots s) {
        if (!s.features().equals(features)) {
            throw new RuotException(s.source() + ": PCA was fitted on features " + Cells.listNames(features)
                    + " but the data has " + Cells.listNames(s.features()));
        }
        return s.mapRows(componentNames(), (x, z) -> project(x, z));
    }

    /** x̂ = μ + W z for every cell (back to the original features). */
    public Snapshots inverse(Snapshots z) {
        if (z.dim() != components()) {
            throw new RuotException(z.source() + ": expected " + components() + " PCA coordinates, got D = " + z.dim());
        }
        return z.mapRows(features, (in, out) -> {
            double[] x = toFeatures(in);
            System.arraycopy(x, 0, out, 0, x.length);
        });
    }

    /** z = Wᵀ(x − μ) of one cell. */
    public double[] project(double[] x) {
        double[] z = new double[components()];
        project(x, z);
        return z;
    }

    private void project(double[] x, double[] z) {
        int d = mean.length;
        for (int a = 0; a < z.length; a++) {
            double sum = 0;
            for (int j = 0; j < d; j++) {
                sum += loadings[j][a] * (x[j] - mean[j]);
            }
            z[a] = sum;
        }
    }

    /** x̂ = μ + W z: a point in PCA coordinates mapped back to the features (genes). */
    public double[] toFeatures(double[] z) {
        double[] x = directionToFeatures(z);
        for (int j = 0; j < x.length; j++) {
            x[j] += mean[j];
        }
        return x;
    }

    /**
     * W dz: a direction (a velocity, a gradient) in PCA coordinates mapped to the features, without the mean —
     * for reading a learned drift in gene space.
     */
    public double[] directionToFeatures(double[] dz) {
        if (dz.length != components()) {
            throw new RuotException("PCA: expected " + components() + " coordinates, got " + dz.length);
        }
        int d = mean.length;
        double[] x = new double[d];
        for (int j = 0; j < d; j++) {
            double sum = 0;
            for (int a = 0; a < dz.length; a++) {
                sum += loadings[j][a] * dz[a];
            }
            x[j] = sum;
        }
        return x;
    }

    public int components() {
        return variance.length;
    }

    /** The original feature names (length D). */
    public List<String> features() {
        return features;
    }

    public List<String> componentNames() {
        List<String> names = new ArrayList<>();
        for (int a = 1; a <= components(); a++) {
            names.add("PC" + a);
        }
        return names;
    }

    public double[] mean() {
        return mean.clone();
    }

    /** W as a D × k copy: column a is the unit loading vector of component a+1. */
    public double[][] loadings() {
        double[][] w = new double[loadings.length][];
        for (int j = 0; j < w.length; j++) {
            w[j] = loadings[j].clone();
        }
        return w;
    }

    /** The loading vector w_a (length D) of component a (0-based). */
    public double[] loading(int a) {
        double[] v = new double[mean.length];
        for (int j = 0; j < v.length; j++) {
            v[j] = loadings[j][a];
        }
        return v;
    }

    /** λ_1 ≥ … ≥ λ_k: the variance of the data along each component. */
    public double[] explainedVariance() {
        return variance.clone();
    }

    /** λ_a / Σ_{all D} λ: the share of the total variance along each component. */
    public double[] explainedVarianceRatio() {
        double[] r = new double[variance.length];
        for (int a = 0; a < r.length; a++) {
            r[a] = totalVariance > 0 ? variance[a] / totalVariance : 0;
        }
        return r;
    }
}
