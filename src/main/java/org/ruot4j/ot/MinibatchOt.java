package org.ruot4j.ot;

import java.util.Arrays;
import org.ruot4j.RuotException;

/**
 * Minibatch exact OT between two uniform clouds of the same n points (e.g. the same cells pushed to two times): the
 * indices are split into blocks B_1 … B_P (a partition of 0..n−1 given by the caller, of at most b points each), and
 * each block is solved exactly, rows B_p of x against rows B_p of y,
 * <pre>  π = Σ_p (|B_p| / n) · π*_p,   π*_p = exact EMD(1/|B_p|, 1/|B_p|, C[B_p, B_p]) </pre>
 * (Fatras et al., "Learning with minibatch Wasserstein", 2020; torchcfm's OT plan sampler on batches). π is a
 * coupling of the uniform measures on x and y, so its cost is an upper bound of the exact OT cost; with a single
 * block holding every point it is the exact plan. Memory and time are those of P problems of size b × b, not of one
 * n × n problem.
 *
 * <p>The returned plan's dual potentials are those of the block problems (each defined up to its own constant, so
 * not duals of the whole problem); its status is {@link OtPlan.Status#MAX_ITERATIONS} if any block stopped at the
 * pivot limit.
 */
public final class MinibatchOt {
    private MinibatchOt() {
    }

    /**
     * The minibatch plan between x and y (row-major n × dim each) over the blocks {@code blocks} (a partition of
     * 0..n−1; one block with every index in order gives exactly {@link Emd#emd} of the whole clouds).
     */
    public static OtPlan plan(double[] x, double[] y, int n, int dim, Metric metric, int[][] blocks) {
        if (x == null || y == null || x.length != (long) n * dim || y.length != (long) n * dim) {
            throw new RuotException("minibatch OT: expected two clouds of " + n + " x " + dim + " values");
        }
        checkPartition(blocks, n);
        if (blocks.length == 1 && isIdentity(blocks[0])) {
            return Emd.emd(null, null, x, n, y, n, dim, metric);
        }
        int entries = 0;
        OtPlan[] parts = new OtPlan[blocks.length];
        for (int p = 0; p < blocks.length; p++) {
            int[] b = blocks[p];
            parts[p] = Emd.emd(null, null, gather(x, b, dim), b.length, gather(y, b, dim), b.length, dim, metric);
            entries += parts[p].size();
        }
        long[] keys = new long[entries];
        int[] rows = new int[entries];
        int[] cols = new int[entries];
        double[] mass = new double[entries];
        double[] u = new double[n];
        double[] v = new double[n];
        double cost = 0;
        boolean optimal = true;
        long iterations = 0;
        int e = 0;
        for (int p = 0; p < blocks.length; p++) {
            int[] b = blocks[p];
            OtPlan q = parts[p];
            double share = (double) b.length / n;
            for (int k = 0; k < q.size(); k++) {
                rows[e] = b[q.row(k)];
                cols[e] = b[q.column(k)];
                mass[e] = q.mass(k) * share;
                e++;
            }
            double[] qu = q.u();
            double[] qv = q.v();
            for (int i = 0; i < b.length; i++) {
                u[b[i]] = qu[i];
                v[b[i]] = qv[i];
            }
            cost += share * q.cost();
            optimal &= q.status() == OtPlan.Status.OPTIMAL;
            iterations += q.iterations();
        }
        // entries sorted by row, then column, as every OtPlan
        Integer[] order = new Integer[entries];
        for (int k = 0; k < entries; k++) {
            order[k] = k;
            keys[k] = ((long) rows[k] << 32) | cols[k];
        }
        Arrays.sort(order, (a, c) -> Long.compare(keys[a], keys[c]));
        int[] r2 = new int[entries];
        int[] c2 = new int[entries];
        double[] m2 = new double[entries];
        for (int k = 0; k < entries; k++) {
            r2[k] = rows[order[k]];
            c2[k] = cols[order[k]];
            m2[k] = mass[order[k]];
        }
        return new OtPlan(n, n, r2, c2, m2, cost, u, v, optimal ? OtPlan.Status.OPTIMAL : OtPlan.Status.MAX_ITERATIONS,
                iterations);
    }

    private static boolean isIdentity(int[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] != i) {
                return false;
            }
        }
        return true;
    }

    private static void checkPartition(int[][] blocks, int n) {
        if (blocks == null || blocks.length == 0) {
            throw new RuotException("minibatch OT: no blocks; expected a partition of 0.." + (n - 1));
        }
        boolean[] seen = new boolean[n];
        int count = 0;
        for (int[] b : blocks) {
            if (b == null || b.length == 0) {
                throw new RuotException("minibatch OT: an empty block; expected a partition of 0.." + (n - 1));
            }
            for (int i : b) {
                if (i < 0 || i >= n || seen[i]) {
                    throw new RuotException("minibatch OT: index " + i + " is out of range or in two blocks; expected "
                            + "a partition of 0.." + (n - 1));
                }
                seen[i] = true;
                count++;
            }
        }
        if (count != n) {
            throw new RuotException("minibatch OT: the blocks hold " + count + " of " + n + " points; expected a "
                    + "partition of 0.." + (n - 1));
        }
    }

    private static double[] gather(double[] p, int[] idx, int dim) {
        double[] out = new double[idx.length * dim];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(p, idx[i] * dim, out, i * dim, dim);
        }
        return out;
    }
}
