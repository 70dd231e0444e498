package org.ruot4j.train;

import java.util.Random;
import java.util.SplittableRandom;
import org.ruot4j.dynamics.SdeSolver;
import org.ruot4j.ot.OtPlan;

/**
 * SF2M bridge samples (DESIGN.md §3.4; torchcfm's {@code sample_xt}, {@code compute_sigma_t} and
 * {@code compute_lambda}): pairs (x0, x1) drawn from the exact OT plan between the clouds X̂_k and X̂_{k+1},
 * τ ~ U(0,1), ε ~ N(0, I) and
 * <pre>
 *   x_τ = (1 − τ) x0 + τ x1 + σ_τ ε,   σ_τ = σ √(τ(1 − τ)),   at t = t_k + τ (t_{k+1} − t_k),
 *   λ(τ) = 2 √(τ(1 − τ)) / σ
 * </pre>
 * The potential s of ρ = exp(2s/σ²) is (σ²/2) log p, and for the bridge's Gaussian p_τ(· | x0, x1) that gives
 * λ ∇s(x_τ) = λ (σ²/2)(−ε/σ_τ) = −ε: the regression target of {@link ScoreMatchingLoss}.
 */
final class BridgeSampler {
    /** {@code rows} samples: t (rows), x_τ and ε (rows × D, row-major), λ (rows). */
    record Batch(int rows, double[] t, double[] x, double[] eps, double[] lambda) {
    }

    private final double[][] clouds;
    private final int[] counts;
    private final OtPlan[] plans;
    private final double[] times;
    private final int d;
    private final double sigma;

    /**
     * @param clouds the clouds X̂_k (row-major, counts[k] × d) at {@code times[k]}
     * @param plans  plans[k] couples the rows of X̂_k with those of X̂_{k+1}
     */
    BridgeSampler(double[][] clouds, int[] counts, OtPlan[] plans, double[] times, int d, double sigma) {
        if (plans.length + 1 != clouds.length || times.length != clouds.length || counts.length != clouds.length) {
            throw new IllegalArgumentException(clouds.length + " clouds, " + counts.length + " counts, " + times.length
                    + " times need " + (clouds.length - 1) + " plans, got " + plans.length);
        }
        this.clouds = clouds;
        this.counts = counts;
        this.plans = plans;
        this.times = times;
        this.d = d;
        this.sigma = sigma;
    }

    /** σ_τ = σ √(τ(1 − τ)), the bridge's standard deviation at τ. */
    static double sigmaT(double tau, double sigma) {
        return sigma * Math.sqrt(tau * (1 - tau));
    }

    /** One coordinate of x_τ = (1 − τ) x0 + τ x1 + σ_τ ε. */
    static double sampleXt(double x0, double x1, double tau, double sigmaT, double eps) {
        return (1 - tau) * x0 + tau * x1 + sigmaT * eps;
    }

    /** λ(τ) = 2 √(τ(1 − τ)) / σ, the weight that makes the regression target of λ ∇s exactly −ε. */
    static double lambda(double tau, double sigma) {
        return 2 * Math.sqrt(tau * (1 - tau)) / sigma;
    }

    /**
     * {@code perInterval} samples from every interval, interval by interval. Draws: one long from {@code rng} seeds
     * the plan sampling of all intervals; then per sample τ and D normals from {@code rng}, in order.
     */
    Batch sample(int perInterval, SplittableRandom rng) {
        Random pairs = new Random(rng.nextLong());
        int intervals = plans.length;
        int rows = perInterval * intervals;
        double[] t = new double[rows];
        double[] xt = new double[rows * d];
        double[] eps = new double[rows * d];
        double[] lam = new double[rows];
        int r = 0;
        for (int k = 0; k < intervals; k++) {
            int[] picks = plans[k].sample(perInterval, pairs);
            double t0 = times[k];
            double dt = times[k + 1] - t0;
            for (int p : picks) {
                int i = plans[k].row(p);
                int j = plans[k].column(p);
                if (i >= counts[k] || j >= counts[k + 1]) {
                    throw new IllegalStateException("plan " + k + " pairs rows " + i + ", " + j + " beyond the clouds");
                }
                double tau = rng.nextDouble();
                double sd = sigmaT(tau, sigma);
                for (int c = 0; c < d; c++) {
                    double e = SdeSolver.normal(rng);
                    eps[r * d + c] = e;
                    xt[r * d + c] = sampleXt(clouds[k][i * d + c], clouds[k + 1][j * d + c], tau, sd, e);
                }
                t[r] = t0 + tau * dt;
                lam[r] = lambda(tau, sigma);
                r++;
            }
        }
        return new Batch(rows, t, xt, eps, lam);
    }
}
