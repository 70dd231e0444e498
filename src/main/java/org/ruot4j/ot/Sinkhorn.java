package org.ruot4j.ot;

import org.ruot4j.RuotException;

/**
 * Entropic optimal transport on plain arrays, by log-domain Sinkhorn iterations (reference implementation
 * for tests and small problems; {@link SinkhornDivergence} is the tensor version used in training):
 * <pre>
 *   OT_ε(a, b) = min_{π ≥ 0, π1 = a, πᵀ1 = b} ⟨π, C⟩ + ε KL(π ‖ a⊗b)
 *              = max_{f, g} ⟨a, f⟩ + ⟨b, g⟩ − ε ⟨a⊗b, exp((f ⊕ g − C)/ε) − 1⟩,
 *   f_i ← −ε log Σ_j b_j exp((g_j − C_ij)/ε),   g_j ← −ε log Σ_i a_i exp((f_i − C_ij)/ε),
 *   π_ij = a_i b_j exp((f_i + g_j − C_ij)/ε).
 * </pre>
 * ε is annealed geometrically (halved) from max C down to the target, one iteration per level, then
 * iterated at the target until the row marginals of π are within {@code tolerance} (L1). Weights are
 * normalized to sum 1; zero weights are allowed.
 */
public final class Sinkhorn {
    private Sinkhorn() {
    }

    /**
     * The outcome of {@link #entropic}; the arrays are copied on the way out, so a result cannot be changed.
     *
     * @param value OT_ε(a, b) = ⟨a, f⟩ + ⟨b, g⟩ (the dual value, equal to the primal one at convergence)
     * @param transportCost ⟨π, C⟩ = Σ_ij π_ij C_ij, the transport part of the primal objective
     * @param plan the plan π, row-major n x m
     * @param f the dual potential of the rows (length n)
     * @param g the dual potential of the columns (length m)
     * @param iterations the Sinkhorn iterations run, annealing included
     * @param marginalError Σ_i |Σ_j π_ij − a_i| at the end (column marginals are exact after the last g update)
     */
    public record Result(double value, double transportCost, double[] plan, double[] f, double[] g, int iterations,
            double marginalError) {
        /** The plan π, row-major n x m (a copy). */
        @Override
        public double[] plan() {
            return plan.clone();
        }

        /** The row potential f (a copy). */
        @Override
        public double[] f() {
            return f.clone();
        }

        /** The column potential g (a copy). */
        @Override
        public double[] g() {
            return g.clone();
        }
    }

    /** {@link #entropic(double[], double[], double[], int, int, double, int, double)} with 100,000 iterations, tolerance 1e-10. */
    public static Result entropic(double[] a, double[] b, double[] costRowMajor, int n, int m, double epsilon) {
        return entropic(a, b, costRowMajor, n, m, epsilon, 100_000, 1e-10);
    }

    /** Entropic OT between weights a (null = uniform) and b for the row-major n x m cost C; see the class comment. */
    public static Result entropic(double[] a, double[] b, double[] costRowMajor, int n, int m, double epsilon,
            int maxIterations, double tolerance) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new RuotException("Sinkhorn epsilon = " + epsilon + "; expected a finite number > 0");
        }
        if (costRowMajor == null || n < 1 || m < 1 || costRowMajor.length != (long) n * m) {
            throw new RuotException("Sinkhorn cost matrix has " + (costRowMajor == null ? 0 : costRowMajor.length)
                    + " entries; expected n*m = " + ((long) n * m));
        }
        double[] pa = normalized("a", a, n);
        double[] pb = normalized("b", b, m);
        double[] la = logs(pa);
        double[] lb = logs(pb);
        double maxC = 0;
        for (double c : costRowMajor) {
            if (!Double.isFinite(c)) {
                throw new RuotException("Sinkhorn cost entry " + c + " is not finite; expected finite costs");
            }
            maxC = Math.max(maxC, Math.abs(c));
        }
        double[] f = new double[n];
        double[] g = new double[m];
        double[] row = new double[Math.max(n, m)];
        double eps = Math.max(epsilon, maxC);
        int it = 0;
        double err = Double.POSITIVE_INFINITY;
        while (it < maxIterations) {
            it++;
            softminUpdate(f, g, lb, costRowMajor, n, m, m, 1, eps, row); // f from g, along the rows of C
            softminUpdate(g, f, la, costRowMajor, m, n, 1, m, eps, row); // g from f, along the columns
            if (eps > epsilon) {
                eps = Math.max(epsilon, eps / 2);
                continue;
            }
            err = rowError(f, g, pa, pb, costRowMajor, n, m, eps);
            if (err <= tolerance) {
                break;
            }
        }
        double[] plan = new double[n * m];
        double cost = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double p = pa[i] * pb[j] * Math.exp((f[i] + g[j] - costRowMajor[i * m + j]) / eps);
                plan[i * m + j] = p;
                cost += p * costRowMajor[i * m + j];
            }
        }
        double value = 0;
        for (int i = 0; i < n; i++) {
            if (pa[i] > 0) {
                value += pa[i] * f[i];
            }
        }
        for (int j = 0; j < m; j++) {
            if (pb[j] > 0) {
                value += pb[j] * g[j];
            }
        }
        return new Result(value, cost, plan, f, g, it, err);
    }

    /**
     * One half of a Sinkhorn iteration, the f update or (with the roles swapped) the g update:
     * out_o = −ε log Σ_k exp(logW_k + (other_k − C(o, k)) / ε) for each of the {@code outer} entries of out, with
     * C(o, k) = c[o · outerStride + k · innerStride] (f: strides m, 1; g: strides 1, m), by log-sum-exp in t.
     */
    private static void softminUpdate(double[] out, double[] other, double[] logW, double[] c, int outer, int inner,
            int outerStride, int innerStride, double eps, double[] t) {
        for (int o = 0; o < outer; o++) {
            double mx = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < inner; k++) {
                t[k] = logW[k] + (other[k] - c[o * outerStride + k * innerStride]) / eps;
                mx = Math.max(mx, t[k]);
            }
            double s = 0;
            for (int k = 0; k < inner; k++) {
                s += Math.exp(t[k] - mx);
            }
            out[o] = -eps * (mx + Math.log(s));
        }
    }

    private static double rowError(double[] f, double[] g, double[] pa, double[] pb, double[] c, int n, int m,
            double eps) {
        double err = 0;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < m; j++) {
                s += pb[j] * Math.exp((f[i] + g[j] - c[i * m + j]) / eps);
            }
            err += Math.abs(pa[i] * s - pa[i]);
        }
        return err;
    }

    private static double[] logs(double[] p) {
        double[] l = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            l[i] = Math.log(p[i]); // −∞ for zero weights: exp(−∞) = 0 drops them from the sums
        }
        return l;
    }

    static double[] normalized(String name, double[] w, int count) {
        double[] p = new double[count];
        if (w == null) {
            java.util.Arrays.fill(p, 1.0 / count);
            return p;
        }
        double s = Weights.checkedTotal("Sinkhorn", name, w, count);
        for (int i = 0; i < count; i++) {
            p[i] = w[i] / s;
        }
        return p;
    }
}
