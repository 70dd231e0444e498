package org.ruot4j.ot;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * An exact optimal transport plan between weights a (n points) and b (m points), as returned by
 * {@link Emd}: the sparse plan π (a basic solution, so at most n + m − 1 nonzero entries, stored as
 * row/column/mass triplets sorted by row then column), its cost Σ_ij π_ij C_ij, the dual potentials u, v and
 * the solver status.
 *
 * <p>Duals: for every row with a_i &gt; 0 and every column j, u_i + v_j ≤ C_ij, with equality where π_ij &gt; 0
 * (complementary slackness); rows and columns of zero mass get the largest values that keep the inequality
 * for every pair. The free constant (u + k, v − k) is fixed so that Σ_i a_i u_i = Σ_j b_j v_j, as POT's
 * {@code center_dual}. When the status is {@link Status#OPTIMAL}, Σ a_i u_i + Σ b_j v_j equals the cost.
 *
 * <p>Immutable; accessors return copies.
 */
public final class OtPlan {
    /** How the solver ended. */
    public enum Status {
        /** No arc of negative reduced cost is left: the plan is optimal (to rounding). */
        OPTIMAL,
        /** The pivot limit was reached: the plan is feasible but may not be optimal. */
        MAX_ITERATIONS
    }

    private final int n;
    private final int m;
    private final int[] rows;
    private final int[] cols;
    private final double[] mass;
    private final double cost;
    private final double[] u;
    private final double[] v;
    private final Status status;
    private final long iterations;

    OtPlan(int n, int m, int[] rows, int[] cols, double[] mass, double cost, double[] u, double[] v,
            Status status, long iterations) {
        this.n = n;
        this.m = m;
        this.rows = rows;
        this.cols = cols;
        this.mass = mass;
        this.cost = cost;
        this.u = u;
        this.v = v;
        this.status = status;
        this.iterations = iterations;
    }

    /** Number of source points n. */
    public int rowCount() {
        return n;
    }

    /** Number of target points m. */
    public int columnCount() {
        return m;
    }

    /** Number of nonzero entries of π (at most n + m − 1). */
    public int size() {
        return mass.length;
    }

    /** Row index of nonzero entry k (0 ≤ k &lt; size()). */
    public int row(int k) {
        return rows[k];
    }

    /** Column index of nonzero entry k. */
    public int column(int k) {
        return cols[k];
    }

    /** Mass π_ij of nonzero entry k. */
    public double mass(int k) {
        return mass[k];
    }

    /** Row indices of the nonzero entries (a copy), sorted ascending. */
    public int[] rows() {
        return rows.clone();
    }

    /** Column indices of the nonzero entries (a copy), aligned with {@link #rows()}. */
    public int[] columns() {
        return cols.clone();
    }

    /** Masses of the nonzero entries (a copy), aligned with {@link #rows()}. */
    public double[] masses() {
        return mass.clone();
    }

    /** The transport cost Σ_ij π_ij C_ij. */
    public double cost() {
        return cost;
    }

    /** Dual potential of the rows (length n), see the class comment for the normalization. */
    public double[] u() {
        return u.clone();
    }

    /** Dual potential of the columns (length m). */
    public double[] v() {
        return v.clone();
    }

    public Status status() {
        return status;
    }

    /** Number of network simplex pivots performed. */
    public long iterations() {
        return iterations;
    }

    /** The dense plan, row-major n x m: P[i*m + j] = π_ij. Allocates n·m doubles. */
    public double[] toDense() {
        double[] p = new double[Math.multiplyExact(n, m)];
        for (int k = 0; k < mass.length; k++) {
            p[rows[k] * m + cols[k]] += mass[k];
        }
        return p;
    }

    /** Row marginals Σ_j π_ij (length n). */
    public double[] rowSums() {
        double[] s = new double[n];
        for (int k = 0; k < mass.length; k++) {
            s[rows[k]] += mass[k];
        }
        return s;
    }

    /** Column marginals Σ_i π_ij (length m). */
    public double[] columnSums() {
        double[] s = new double[m];
        for (int k = 0; k < mass.length; k++) {
            s[cols[k]] += mass[k];
        }
        return s;
    }

    /** For each row i, the column j maximizing π_ij, or −1 for a row without mass (lowest j on ties). */
    public int[] argmaxPerRow() {
        return argmax(rows, cols, n);
    }

    /** For each column j, the row i maximizing π_ij, or −1 for a column without mass (lowest i on ties). */
    public int[] argmaxPerColumn() {
        return argmax(cols, rows, m);
    }

    private int[] argmax(int[] key, int[] other, int count) {
        int[] best = new int[count];
        double[] bestMass = new double[count];
        Arrays.fill(best, -1);
        for (int k = 0; k < mass.length; k++) {
            int r = key[k];
            if (mass[k] > bestMass[r] || (mass[k] == bestMass[r] && best[r] >= 0 && other[k] < best[r])) {
                bestMass[r] = mass[k];
                best[r] = other[k];
            }
        }
        return best;
    }

    /**
     * Barycentric projection of the rows onto the target cloud y (row-major m x dim):
     * T(x_i) = Σ_j π_ij y_j / Σ_j π_ij; rows without mass get NaN. Returns row-major n x dim.
     */
    public double[] barycentricProjection(double[] y, int dim) {
        if (y.length != m * dim) {
            throw new IllegalArgumentException("y has length " + y.length + ", expected m*dim = " + (m * dim));
        }
        double[] t = new double[n * dim];
        double[] s = rowSums();
        for (int k = 0; k < mass.length; k++) {
            int i = rows[k];
            int j = cols[k];
            for (int d = 0; d < dim; d++) {
                t[i * dim + d] += mass[k] * y[j * dim + d];
            }
        }
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < dim; d++) {
                t[i * dim + d] = s[i] > 0 ? t[i * dim + d] / s[i] : Double.NaN;
            }
        }
        return t;
    }

    /**
     * Draws {@code count} nonzero entries independently with probability π_k / Σπ (e.g. pairs (x_i, y_j)
     * for score matching) and returns their entry indices k; use {@link #row(int)} and {@link #column(int)}.
     */
    public int[] sample(int count, RandomGenerator rng) {
        double[] cum = new double[mass.length];
        double s = 0;
        for (int k = 0; k < mass.length; k++) {
            s += mass[k];
            cum[k] = s;
        }
        int[] out = new int[count];
        for (int c = 0; c < count; c++) {
            double r = rng.nextDouble() * s;
            int k = Arrays.binarySearch(cum, r);
            k = k >= 0 ? k + 1 : -k - 1; // first k with cum[k] > r
            out[c] = Math.min(k, mass.length - 1);
        }
        return out;
    }
}
