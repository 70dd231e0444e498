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
            updateF(f, g, lb, costRowMajor, n, m, eps, row);
            updateG(f, g, la, costRowMajor, n, m, eps, row);
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

    private static void updateF(double[] f, double[] g, double[] lb, double[] c, int n, int m, double eps, double[] t) {
        for (int i = 0; i < n; i++) {
            double mx = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < m; j++) {
                t[j] = lb[j] + (g[j] - c[i * m + j]) / eps;
                mx = Math.max(mx, t[j]);
            }
            double s = 0;
            for (int j = 0; j < m; j++) {
                s += Math.exp(t[j] - mx);
            }
            f[i] = -eps * (mx + Math.log(s));
        }
    }

    private static void updateG(double[] f, double[] g, double[] la, double[] c, int n, int m, double eps, double[] t) {
        for (int j = 0; j < m; j++) {
            double mx = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                t[i] = la[i] + (f[i] - c[i * m + j]) / eps;
                mx = Math.max(mx, t[i]);
            }
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += Math.exp(t[i] - mx);
            }
            g[j] = -eps * (mx + Math.log(s));
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
        if (w.length != count) {
            throw new RuotException("Sinkhorn weights " + name + " have length " + w.length + "; expected " + count);
        }
        double s = 0;
        for (int i = 0; i < count; i++) {
            if (!(w[i] >= 0) || Double.isInfinite(w[i])) {
                throw new RuotException("Sinkhorn weights " + name + "[" + i + "] = " + w[i]
                        + "; expected a finite number >= 0");
            }
            s += w[i];
        }
        if (!(s > 0)) {
            throw new RuotException("Sinkhorn weights " + name + " sum to 0; expected a positive total mass");
        }
        for (int i = 0; i < count; i++) {
            p[i] = w[i] / s;
        }
        return p;
    }
}
