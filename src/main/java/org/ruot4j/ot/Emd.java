package org.ruot4j.ot;

import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.IntToDoubleFunction;
import org.ruot4j.RuotException;
import org.ruot4j.data.Rows;

/**
 * Exact (earth mover's) optimal transport between discrete measures α = Σ_i a_i δ_(x_i) and
 * β = Σ_j b_j δ_(y_j), in the style of POT's {@code ot.emd}:
 * <pre>  OT(a, b, C) = min_{π ≥ 0, π 1 = a, πᵀ 1 = b} Σ_ij π_ij C_ij </pre>
 * solved by a network simplex (see {@link OtPlan} for what comes back).
 *
 * <p>Weights: nonnegative and finite, each with a positive sum; {@code null} means uniform (1/n each).
 * Masses need not be normalized, but when Σb ≠ Σa, b is rescaled to total mass Σa, so the plan has marginals
 * a and b·Σa/Σb (the ruot4j engine passes normalized weights, for which this changes nothing). Points of zero
 * mass are removed before solving and get no plan entries; their duals are still defined (see OtPlan).
 *
 * <p>Costs: finite, any sign. From point clouds (row-major n x dim and m x dim) costs are computed on the fly,
 * so no n·m matrix is needed: a 10,000 x 10,000 problem takes about 13 MB besides the clouds (in more than
 * two dimensions, problems up to 16M pairs store a double matrix, 128 MB at most, because that prices faster).
 * Problem size is limited to n·m &lt; 2^31.
 */
public final class Emd {
    /** Default pivot limit: far above what uniform 10,000 x 10,000 clouds need. */
    public static final long DEFAULT_MAX_ITERATIONS = 100_000_000L;

    /** Largest n·m for which point-cloud costs are stored in a matrix (16M doubles = 128 MB). */
    private static final long DENSE_CLOUD_LIMIT = 16L << 20;

    private Emd() {
    }

    /** Exact OT plan for a dense row-major n x m cost matrix C[i*m + j]. */
    public static OtPlan emd(double[] a, double[] b, double[] costRowMajor, int n, int m) {
        return emd(a, b, costRowMajor, n, m, DEFAULT_MAX_ITERATIONS);
    }

    /** As {@link #emd(double[], double[], double[], int, int)} with a pivot limit. */
    public static OtPlan emd(double[] a, double[] b, double[] costRowMajor, int n, int m, long maxIterations) {
        checkIterations(maxIterations);
        checkCost(costRowMajor == null ? -1 : costRowMajor.length, n, m);
        return emdDense(a, b, costRowMajor, k -> costRowMajor[k], n, m, maxIterations);
    }

    /** Exact OT plan for a dense row-major n x m cost matrix in single precision (half the memory). */
    public static OtPlan emd(double[] a, double[] b, float[] costRowMajor, int n, int m) {
        checkCost(costRowMajor == null ? -1 : costRowMajor.length, n, m);
        return emdDense(a, b, costRowMajor, k -> costRowMajor[k], n, m, DEFAULT_MAX_ITERATIONS);
    }

    /**
     * The dense solve of both precisions: {@code matrix} is the checked n x m cost matrix, a double[] or a float[]
     * (the network simplex keeps its precision, so a float matrix is never widened to a copy), and {@code entry}
     * reads its entries as doubles.
     */
    private static OtPlan emdDense(double[] a, double[] b, Object matrix, IntToDoubleFunction entry, int n, int m,
            long maxIterations) {
        double maxCost = 0;
        for (int k = 0; k < n * m; k++) {
            double c = entry.applyAsDouble(k);
            if (!Double.isFinite(c)) {
                throw new RuotException("OT cost matrix: entry " + c + " is not finite; costs must be finite numbers");
            }
            maxCost = Math.max(maxCost, Math.abs(c));
        }
        Problem p = new Problem(a, b, n, m);
        Object cost = p.compressed() ? p.keptEntries(matrix) : matrix;
        NetworkSimplex ns = cost instanceof float[] single ? NetworkSimplex.dense(p.a, p.b, single)
                : NetworkSimplex.dense(p.a, p.b, (double[]) cost);
        boolean optimal = ns.solve(identity(p.a.length), identity(p.b.length), maxCost, maxIterations);
        return p.result(ns, optimal, (i, j) -> entry.applyAsDouble(i * m + j));
    }

    /**
     * Exact OT plan between weighted point clouds x (row-major n x dim, weights a) and y (m x dim, weights b)
     * with C_ij = metric(x_i, y_j), computed on the fly.
     */
    public static OtPlan emd(double[] a, double[] b, double[] x, int n, double[] y, int m, int dim, Metric metric) {
        return emd(a, b, x, n, y, m, dim, metric, DEFAULT_MAX_ITERATIONS);
    }

    /** As {@link #emd(double[], double[], double[], int, double[], int, int, Metric)} with a pivot limit. */
    public static OtPlan emd(double[] a, double[] b, double[] x, int n, double[] y, int m, int dim, Metric metric,
            long maxIterations) {
        return emd(a, b, x, n, y, m, dim, metric, maxIterations, ns -> { });
    }

    /** The cloud solve with a hook on the solver before it runs (pricing options, for tests and benches). */
    static OtPlan emd(double[] a, double[] b, double[] x, int n, double[] y, int m, int dim, Metric metric,
            long maxIterations, Consumer<NetworkSimplex> configure) {
        checkIterations(maxIterations);
        if (metric == null) {
            throw new RuotException("OT metric: null; expected SQEUCLIDEAN or EUCLIDEAN");
        }
        if (dim < 1) {
            throw new RuotException("OT point clouds: dim = " + dim + "; expected at least 1");
        }
        checkCloud("x", x, n, dim);
        checkCloud("y", y, m, dim);
        Problem p = new Problem(a, b, n, m);
        double[] xs = gather(x, p.rowIdx, dim);
        double[] ys = gather(y, p.colIdx, dim);
        // Upper bound of the costs from the bounding box of both clouds (sets the optimality tolerance).
        double diag2 = 0;
        int axis = 0;
        double widest = -1;
        for (int d = 0; d < dim; d++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < xs.length / dim; i++) {
                lo = Math.min(lo, xs[i * dim + d]);
                hi = Math.max(hi, xs[i * dim + d]);
            }
            for (int j = 0; j < ys.length / dim; j++) {
                lo = Math.min(lo, ys[j * dim + d]);
                hi = Math.max(hi, ys[j * dim + d]);
            }
            diag2 += (hi - lo) * (hi - lo);
            if (hi - lo > widest) {
                widest = hi - lo;
                axis = d;
            }
        }
        double maxCost = metric == Metric.SQEUCLIDEAN ? diag2 : Math.sqrt(diag2);
        int na = p.a.length;
        int ma = p.b.length;
        // Above 2-D a stored matrix prices an arc faster than recomputing a D-term distance; it is used while
        // it stays small (≤ 128 MB), beyond that costs are computed on the fly.
        NetworkSimplex ns = dim > 2 && (long) na * ma <= DENSE_CLOUD_LIMIT
                ? NetworkSimplex.dense(p.a, p.b, metric.costMatrix(xs, na, ys, ma, dim))
                : NetworkSimplex.points(p.a, p.b, xs, ys, dim, metric);
        configure.accept(ns);
        // Both sides in the order of one Hilbert curve over their joint bounding box: the north-west-corner start
        // then matches quantiles along the curve, i.e. nearby points, which saves most pivots.
        double[] lo = new double[dim];
        double[] span = new double[dim];
        boundingBox(xs, ys, dim, lo, span);
        boolean optimal = dim <= 63
                ? ns.solve(hilbertOrder(xs, dim, lo, span), hilbertOrder(ys, dim, lo, span), maxCost, maxIterations)
                : ns.solve(sortedAlong(xs, dim, axis), sortedAlong(ys, dim, axis), maxCost, maxIterations);
        return p.result(ns, optimal, (i, j) -> metric.cost(x, i, y, j, dim));
    }

    /** The optimal cost OT(a, b, C) = Σ π_ij C_ij for a dense row-major cost matrix (POT's emd2). */
    public static double emd2(double[] a, double[] b, double[] costRowMajor, int n, int m) {
        return emd(a, b, costRowMajor, n, m).cost();
    }

    /** The optimal cost between weighted point clouds with C_ij = metric(x_i, y_j). */
    public static double emd2(double[] a, double[] b, double[] x, int n, double[] y, int m, int dim, Metric metric) {
        return emd(a, b, x, n, y, m, dim, metric).cost();
    }

    // ---------------------------------------------------------------- helpers

    private interface CostLookup {
        double cost(int i, int j);
    }

    private static void checkIterations(long maxIterations) {
        if (maxIterations < 0) {
            throw new RuotException("OT maxIterations = " + maxIterations + "; expected a number >= 0");
        }
    }

    private static void checkCost(int length, int n, int m) {
        if (n < 1 || m < 1) {
            throw new RuotException("OT problem size " + n + " x " + m + "; expected at least one point on each side");
        }
        if (length != (long) n * m) {
            throw new RuotException("OT cost matrix has " + (length < 0 ? "no" : String.valueOf(length))
                    + " entries; expected n*m = " + ((long) n * m));
        }
    }

    private static void checkCloud(String name, double[] p, int count, int dim) {
        if (count < 1) {
            throw new RuotException("OT point cloud " + name + ": " + count + " points; expected at least 1");
        }
        if (p == null || p.length != (long) count * dim) {
            throw new RuotException("OT point cloud " + name + " has " + (p == null ? "no" : String.valueOf(p.length))
                    + " coordinates; expected " + count + " x " + dim + " = " + ((long) count * dim));
        }
        for (int k = 0; k < p.length; k++) {
            if (!Double.isFinite(p[k])) {
                throw new RuotException("OT point cloud " + name + ": coordinate " + (k % dim) + " of point "
                        + (k / dim) + " is " + p[k] + "; expected a finite number");
            }
        }
    }

    private static int[] identity(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /** The points idx of p; p itself when idx keeps every point (the solver only reads them). */
    private static double[] gather(double[] p, int[] idx, int dim) {
        return idx.length * dim == p.length ? p : Rows.gather(p, dim, idx);
    }

    /**
     * Indices of the points sorted by coordinate {@code axis}. Sorts primitive longs whose high bits are the
     * order-preserving bit pattern of the coordinate and whose low 24 bits hold the index; the lost low
     * mantissa bits only perturb the order of nearly equal coordinates, harmless for a starting basis.
     */
    static int[] sortedAlong(double[] p, int dim, int axis) {
        int count = p.length / dim;
        if (count >= (1 << 24)) {
            return identity(count);
        }
        long[] keys = new long[count];
        for (int i = 0; i < count; i++) {
            long bits = Double.doubleToLongBits(p[i * dim + axis] + 0.0);
            bits = bits < 0 ? bits ^ Long.MAX_VALUE : bits;
            keys[i] = (bits & ~0xFFFFFFL) | i;
        }
        Arrays.sort(keys);
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = (int) (keys[i] & 0xFFFFFFL);
        }
        return order;
    }

    private static void boundingBox(double[] xs, double[] ys, int dim, double[] lo, double[] span) {
        for (int d = 0; d < dim; d++) {
            double a = Double.POSITIVE_INFINITY;
            double b = Double.NEGATIVE_INFINITY;
            for (int k = d; k < xs.length; k += dim) {
                a = Math.min(a, xs[k]);
                b = Math.max(b, xs[k]);
            }
            for (int k = d; k < ys.length; k += dim) {
                a = Math.min(a, ys[k]);
                b = Math.max(b, ys[k]);
            }
            lo[d] = a;
            span[d] = b - a;
        }
    }

    /**
     * Indices of the points sorted by their position along a Hilbert curve through the box lo + [0, span]:
     * coordinates are quantized to ⌊63/dim⌋ bits, mapped to the curve by Skilling's transpose algorithm
     * ("Programming the Hilbert curve", AIP Conf. Proc. 707, 2004) and sorted as primitive longs carrying the
     * top 40 bits of the curve position and the index in the low 24 bits.
     */
    static int[] hilbertOrder(double[] p, int dim, double[] lo, double[] span) {
        int count = p.length / dim;
        if (count >= (1 << 24)) {
            return identity(count);
        }
        int bits = Math.min(31, 63 / dim);
        long cells = 1L << bits;
        long[] axes = new long[dim];
        long[] keys = new long[count];
        for (int i = 0; i < count; i++) {
            for (int d = 0; d < dim; d++) {
                double t = span[d] > 0 ? (p[i * dim + d] - lo[d]) / span[d] : 0;
                axes[d] = Math.min(cells - 1, (long) (t * cells));
            }
            long h = hilbertIndex(axes, bits);
            keys[i] = ((h << (63 - bits * dim)) >>> 23 << 24) | i;
        }
        Arrays.sort(keys);
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = (int) (keys[i] & 0xFFFFFFL);
        }
        return order;
    }

    /** Skilling's AxesToTranspose, then the bits interleaved (most significant first) into one index. */
    private static long hilbertIndex(long[] x, int bits) {
        int n = x.length;
        long m = 1L << (bits - 1);
        for (long q = m; q > 1; q >>= 1) {
            long p = q - 1;
            for (int i = 0; i < n; i++) {
                if ((x[i] & q) != 0) {
                    x[0] ^= p;
                } else {
                    long t = (x[0] ^ x[i]) & p;
                    x[0] ^= t;
                    x[i] ^= t;
                }
            }
        }
        for (int i = 1; i < n; i++) {
            x[i] ^= x[i - 1];
        }
        long t = 0;
        for (long q = m; q > 1; q >>= 1) {
            if ((x[n - 1] & q) != 0) {
                t ^= q - 1;
            }
        }
        for (int i = 0; i < n; i++) {
            x[i] ^= t;
        }
        long h = 0;
        for (int b = bits - 1; b >= 0; b--) {
            for (int i = 0; i < n; i++) {
                h = (h << 1) | ((x[i] >>> b) & 1);
            }
        }
        return h;
    }

    /** Validated weights with zero-mass points removed; maps results back to the original indices. */
    private static final class Problem {
        final int n;
        final int m;
        final double[] aFull;
        final double[] bFull;
        final int[] rowIdx;
        final int[] colIdx;
        final double[] a;
        final double[] b;

        Problem(double[] aIn, double[] bIn, int n, int m) {
            this.n = n;
            this.m = m;
            aFull = weights("a", aIn, n);
            double[] bw = weights("b", bIn, m);
            double sa = sum(aFull);
            double sb = sum(bw);
            if (sa != sb) {
                double s = sa / sb;
                for (int j = 0; j < m; j++) {
                    bw[j] *= s;
                }
            }
            bFull = bw;
            rowIdx = positive(aFull);
            colIdx = positive(bFull);
            a = new double[rowIdx.length];
            b = new double[colIdx.length];
            for (int i = 0; i < a.length; i++) {
                a[i] = aFull[rowIdx[i]];
            }
            for (int j = 0; j < b.length; j++) {
                b[j] = bFull[colIdx[j]];
            }
        }

        boolean compressed() {
            return rowIdx.length != n || colIdx.length != m;
        }

        /**
         * The entries of the kept rows and columns of a row-major n x m matrix (a double[] or a float[]), in a new
         * array of the same type; consecutive kept columns are copied in one run.
         */
        Object keptEntries(Object matrix) {
            int mc = colIdx.length;
            Object out = Array.newInstance(matrix.getClass().getComponentType(), rowIdx.length * mc);
            for (int i = 0; i < rowIdx.length; i++) {
                for (int j = 0; j < mc; ) {
                    int run = 1;
                    while (j + run < mc && colIdx[j + run] == colIdx[j] + run) {
                        run++;
                    }
                    System.arraycopy(matrix, rowIdx[i] * m + colIdx[j], out, i * mc + j, run);
                    j += run;
                }
            }
            return out;
        }

        private static double[] weights(String name, double[] w, int count) {
            if (count < 1) {
                throw new RuotException("OT weights " + name + ": " + count + " points; expected at least 1");
            }
            if (w == null) {
                double[] u = new double[count];
                Arrays.fill(u, 1.0 / count);
                return u;
            }
            Weights.checkedTotal("OT", name, w, count);
            return w.clone();
        }

        private static double sum(double[] w) {
            double s = 0;
            for (double v : w) {
                s += v;
            }
            return s;
        }

        private static int[] positive(double[] w) {
            int c = 0;
            for (double v : w) {
                if (v > 0) {
                    c++;
                }
            }
            int[] idx = new int[c];
            c = 0;
            for (int i = 0; i < w.length; i++) {
                if (w[i] > 0) {
                    idx[c++] = i;
                }
            }
            return idx;
        }

        OtPlan result(NetworkSimplex ns, boolean optimal, CostLookup cost) {
            // triplets in original indices, bucketed by row then sorted by column within each row
            int[] rowCount = new int[n + 1];
            int[] count = {0};
            ns.forEachFlow((i, j, f) -> {
                rowCount[rowIdx[i] + 1]++;
                count[0]++;
            });
            for (int i = 0; i < n; i++) {
                rowCount[i + 1] += rowCount[i];
            }
            int size = count[0];
            int[] rows = new int[size];
            int[] cols = new int[size];
            double[] mass = new double[size];
            int[] fill = Arrays.copyOf(rowCount, n);
            double[] total = {0};
            ns.forEachFlow((i, j, f) -> {
                int r = rowIdx[i];
                int c = colIdx[j];
                int k = fill[r]++;
                rows[k] = r;
                cols[k] = c;
                mass[k] = f;
                total[0] += f * cost.cost(r, c);
            });
            for (int r = 0; r < n; r++) {
                for (int k = rowCount[r] + 1; k < rowCount[r + 1]; k++) {
                    int c = cols[k];
                    double f = mass[k];
                    int q = k - 1;
                    while (q >= rowCount[r] && cols[q] > c) {
                        cols[q + 1] = cols[q];
                        mass[q + 1] = mass[q];
                        q--;
                    }
                    cols[q + 1] = c;
                    mass[q + 1] = f;
                }
            }
            // duals: from the tree for the active points; for zero-mass points the largest feasible value
            double[] u = new double[n];
            double[] v = new double[m];
            boolean[] activeRow = new boolean[n];
            boolean[] activeCol = new boolean[m];
            for (int i = 0; i < rowIdx.length; i++) {
                u[rowIdx[i]] = ns.rowDual(i);
                activeRow[rowIdx[i]] = true;
            }
            for (int j = 0; j < colIdx.length; j++) {
                v[colIdx[j]] = ns.colDual(j);
                activeCol[colIdx[j]] = true;
            }
            for (int j = 0; j < m; j++) {
                if (!activeCol[j]) {
                    double best = Double.POSITIVE_INFINITY;
                    for (int i : rowIdx) {
                        best = Math.min(best, cost.cost(i, j) - u[i]);
                    }
                    v[j] = best;
                }
            }
            for (int i = 0; i < n; i++) {
                if (!activeRow[i]) {
                    double best = Double.POSITIVE_INFINITY;
                    for (int j = 0; j < m; j++) {
                        best = Math.min(best, cost.cost(i, j) - v[j]);
                    }
                    u[i] = best;
                }
            }
            // center: Σ a u = Σ b v (the constant k solves Σa(u+k) = Σb(v−k))
            double au = 0;
            double bv = 0;
            double sa = 0;
            double sb = 0;
            for (int i = 0; i < n; i++) {
                au += aFull[i] * u[i];
                sa += aFull[i];
            }
            for (int j = 0; j < m; j++) {
                bv += bFull[j] * v[j];
                sb += bFull[j];
            }
            double k = (bv - au) / (sa + sb);
            for (int i = 0; i < n; i++) {
                u[i] += k;
            }
            for (int j = 0; j < m; j++) {
                v[j] -= k;
            }
            return new OtPlan(n, m, rows, cols, mass, total[0], u, v,
                    optimal ? OtPlan.Status.OPTIMAL : OtPlan.Status.MAX_ITERATIONS, ns.iterations());
        }
    }
}
