package org.ruot4j.data.synthetic;

/**
 * The known dynamics behind a synthetic population: a cell state x in R^D follows the Itô SDE
 * dX = b(t, X) dt + σ(t) dW (W a D-dimensional Brownian motion, the same σ on every coordinate), and a cell at x
 * divides at rate β(t, x) and dies at rate δ(t, x). The population density p then solves
 * ∂t p = −∇·(p b) + ½ σ² Δp + g p with the net growth rate g = β − δ.
 *
 * <p>Tests and the evaluation protocol use it to score how well a fitted model recovers the drift, the growth
 * and the noise. Every method is a pure function of its arguments.
 */
public interface GroundTruth {

    /** The state dimension D. */
    int dim();

    /** The SDE drift b(t, x) ∈ R^D (a new array). */
    double[] drift(double t, double[] x);

    /** The division (birth) rate β(t, x) ≥ 0, per unit time. */
    double birthRate(double t, double[] x);

    /** The death rate δ(t, x) ≥ 0, per unit time. */
    double deathRate(double t, double[] x);

    /** The net growth rate g(t, x) = β(t, x) − δ(t, x). */
    default double growth(double t, double[] x) {
        return birthRate(t, x) - deathRate(t, x);
    }

    /** The noise amplitude σ(t) ≥ 0 (the diffusion coefficient is ½ σ²). */
    double sigma(double t);

    /**
     * The Jacobian J_ij = ∂b_i/∂x_j at (t, x). The default is the central difference
     * (b(x + ε e_j) − b(x − ε e_j)) / (2ε) with ε = 1e-6·max(1, |x_j|); implementations with a closed form
     * override it (the gene-regulation analysis compares against the analytic one).
     */
    default double[][] driftJacobian(double t, double[] x) {
        int d = dim();
        double[][] j = new double[d][d];
        double[] y = x.clone();
        for (int c = 0; c < d; c++) {
            double eps = 1e-6 * Math.max(1.0, Math.abs(x[c]));
            y[c] = x[c] + eps;
            double[] up = drift(t, y);
            y[c] = x[c] - eps;
            double[] down = drift(t, y);
            y[c] = x[c];
            for (int r = 0; r < d; r++) {
                j[r][c] = (up[r] - down[r]) / (2 * eps);
            }
        }
        return j;
    }
}
