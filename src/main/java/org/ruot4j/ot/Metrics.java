package org.ruot4j.ot;

import org.ruot4j.RuotException;

/**
 * The evaluation metrics of DESIGN.md §4 between predicted particles x_i with weights w_i (n x dim,
 * row-major) and data points y_j (m x dim), with μ = w / Σw and ν uniform (1/m):
 * <ul>
 *   <li>W1 = min_π Σ_ij π_ij ‖x_i − y_j‖ over plans between μ and ν (exact EMD);</li>
 *   <li>W2 = sqrt(min_π Σ_ij π_ij ‖x_i − y_j‖²);</li>
 *   <li>TMV = |Σ_i w_i − r_k| (total mass variation against the relative mass r_k of the data).</li>
 * </ul>
 * A {@code null} w means uniform weights.
 */
public final class Metrics {
    private Metrics() {
    }

    /** W1(μ, ν) = exact EMD with Euclidean cost between w/Σw and uniform weights on y. */
    public static double w1(double[] x, double[] w, int n, double[] y, int m, int dim) {
        return Emd.emd2(normalized(w, n), null, x, n, y, m, dim, Metric.EUCLIDEAN);
    }

    /** W2(μ, ν) = sqrt(exact EMD with squared Euclidean cost) between w/Σw and uniform weights on y. */
    public static double w2(double[] x, double[] w, int n, double[] y, int m, int dim) {
        return Math.sqrt(Math.max(0, squaredW2(x, w, n, y, m, dim)));
    }

    /**
     * W2²(μ, ν) = min_π Σ_ij π_ij ‖x_i − y_j‖² between w/Σw and uniform weights on y: the exact squared cost
     * itself (the training's OT loss and selection score), without the rounding of squaring {@link #w2}.
     */
    public static double squaredW2(double[] x, double[] w, int n, double[] y, int m, int dim) {
        return Emd.emd2(normalized(w, n), null, x, n, y, m, dim, Metric.SQEUCLIDEAN);
    }

    /** μ = w / Σw (validated by Emd); the plan then carries total mass 1 and its cost is the metric. */
    private static double[] normalized(double[] w, int n) {
        if (w == null) {
            return null;
        }
        if (w.length != n) {
            throw new RuotException("predicted weights have length " + w.length + "; expected " + n);
        }
        double s = 0;
        for (double v : w) {
            s += v;
        }
        if (!(s > 0) || Double.isInfinite(s)) {
            return w; // Emd reports the offending entry
        }
        double[] mu = new double[n];
        for (int i = 0; i < n; i++) {
            mu[i] = w[i] / s;
        }
        return mu;
    }

    /** TMV = |Σ_i w_i − r_k|. */
    public static double tmv(double[] w, double relativeMass) {
        if (w == null) {
            throw new RuotException("TMV weights: null; expected the predicted particle weights");
        }
        if (!Double.isFinite(relativeMass)) {
            throw new RuotException("TMV relative mass r_k = " + relativeMass + "; expected a finite number");
        }
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            if (!Double.isFinite(w[i])) {
                throw new RuotException("TMV weight w[" + i + "] = " + w[i] + "; expected a finite number");
            }
            s += w[i];
        }
        return Math.abs(s - relativeMass);
    }
}
