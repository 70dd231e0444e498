package org.ruot4j.data;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Row selections of flat row-major point arrays ({@code flat[i * dim + j]} is coordinate j of row i), shared by
 * the subsampling of snapshots and of the synthetic generators so that both draw the same subset for the same
 * random stream.
 */
public final class Rows {
    private Rows() {
    }

    /**
     * {@code k} of the indices 0..n−1 drawn uniformly without replacement, in increasing order (so a subset keeps
     * the original order of the rows). A partial Fisher–Yates shuffle: exactly {@code k} draws
     * {@code rnd.nextInt(n − i)}, so callers that must stay reproducible can rely on how much of the stream it uses.
     */
    public static int[] sortedSample(int n, int k, RandomGenerator rnd) {
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("cannot draw " + k + " of " + n + " rows");
        }
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + rnd.nextInt(n - i);
            int s = idx[i];
            idx[i] = idx[j];
            idx[j] = s;
        }
        int[] keep = Arrays.copyOf(idx, k);
        Arrays.sort(keep);
        return keep;
    }

    /** The rows {@code idx} of {@code flat} (rows of {@code dim} values), in the order of {@code idx}, as a new array. */
    public static double[] gather(double[] flat, int dim, int[] idx) {
        double[] out = new double[idx.length * dim];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(flat, idx[i] * dim, out, i * dim, dim);
        }
        return out;
    }
}
