package org.ruot4j.data;

import java.util.List;
import org.ruot4j.RuotException;

/**
 * Per-feature standardisation fitted on all cells of all times pooled: z_j = (x_j − μ_j) / s_j with
 * μ_j = (1/N) Σ_i x_ij and s_j = sqrt((1/N) Σ_i (x_ij − μ_j)²) (population standard deviation, as scikit-learn's
 * StandardScaler). A constant feature gets s_j = 1 so that it maps to 0 instead of dividing by zero.
 */
public final class Standardizer {
    private final List<String> features;
    private final double[] mean;
    private final double[] scale;

    private Standardizer(List<String> features, double[] mean, double[] scale) {
        this.features = List.copyOf(features);
        this.mean = mean;
        this.scale = scale;
    }

    /** Per-feature mean and population variance of every cell of every time. */
    public record Moments(double[] mean, double[] variance) {
        /** Σ_j Var_j: the total variance of the cells. */
        public double totalVariance() {
            double v = 0;
            for (double x : variance) {
                v += x;
            }
            return v;
        }
    }

    /**
     * The mean and population variance of each feature over all cells of {@code s} (pooled over the times), by
     * Welford's update, which stays accurate when |μ| is much larger than the standard deviation.
     */
    public static Moments moments(Snapshots s) {
        int d = s.dim();
        double[] mean = new double[d];
        double[] m2 = new double[d];
        long n = 0;
        for (int k = 0; k < s.numTimes(); k++) {
            double[] f = s.flat(k);
            for (int i = 0; i < s.count(k); i++) {
                n++;
                for (int j = 0; j < d; j++) {
                    double x = f[i * d + j];
                    double delta = x - mean[j];
                    mean[j] += delta / n;
                    m2[j] += delta * (x - mean[j]);
                }
            }
        }
        double[] var = new double[d];
        for (int j = 0; j < d; j++) {
            var[j] = m2[j] / n;
        }
        return new Moments(mean, var);
    }

    /** Fits μ and s on every cell of {@code s}. */
    public static Standardizer fit(Snapshots s) {
        Moments m = moments(s);
        double[] mean = m.mean();
        double[] scale = new double[mean.length];
        for (int j = 0; j < mean.length; j++) {
            double sd = Math.sqrt(m.variance()[j]);
            scale[j] = sd > 1e-12 * Math.max(1, Math.abs(mean[j])) ? sd : 1.0;
        }
        return new Standardizer(s.features(), mean, scale);
    }

    /** z = (x − μ) / s for every cell; feature names are kept. */
    public Snapshots apply(Snapshots s) {
        check(s);
        int d = mean.length;
        return s.mapRows(features, (in, out) -> {
            for (int j = 0; j < d; j++) {
                out[j] = (in[j] - mean[j]) / scale[j];
            }
        });
    }

    /** x = z·s + μ for every cell (the inverse of {@link #apply}). */
    public Snapshots inverse(Snapshots z) {
        check(z);
        int d = mean.length;
        return z.mapRows(features, (in, out) -> {
            for (int j = 0; j < d; j++) {
                out[j] = in[j] * scale[j] + mean[j];
            }
        });
    }

    public double[] mean() {
        return mean.clone();
    }

    /** The divisors s_j (1 for constant features). */
    public double[] scale() {
        return scale.clone();
    }

    public List<String> features() {
        return features;
    }

    private void check(Snapshots s) {
        if (!s.features().equals(features)) {
            throw new RuotException(s.source() + ": standardizer was fitted on features " + Cells.listNames(features)
                    + " but the data has " + Cells.listNames(s.features()));
        }
    }
}
