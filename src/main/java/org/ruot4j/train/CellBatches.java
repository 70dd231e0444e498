package org.ruot4j.train;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded minibatches of b cells of one time that cover every cell: the cells are dealt out in passes; each pass is a
 * fresh seeded permutation π of 0..N−1 cut into P = ⌈N/b⌉ batches — batch p &lt; P−1 holds π[p·b, (p+1)·b), the last
 * holds the r = N − (P−1)·b remaining cells topped up to b with π[0, b − r) (cells of the pass's first batch) — and
 * epoch e (1-based) takes batch (e−1) mod P of pass ⌊(e−1)/P⌋. So every pass of P epochs uses every cell at least
 * once, every batch holds exactly b distinct cells, and the batch of an epoch depends on (seed, stream, epoch) alone:
 * a fit resumed at an epoch boundary draws what the uninterrupted fit would have drawn.
 *
 * <p>With b ≥ N (or b = 0) every epoch gets all cells in their original order: the full-batch case is exactly the
 * unbatched computation.
 */
public final class CellBatches {
    private final long seed;
    private final long stream;
    private final int n;
    private final int parts;
    private final int size;
    /** The permutation of the pass last asked for (passes are asked for in order, so one is kept). */
    private int cachedPass = -1;
    private int[] cachedPermutation;

    /**
     * @param seed   the fit's seed
     * @param stream which sequence (e.g. a phase and a time index): different streams are unrelated
     * @param n      number of cells
     * @param batch  largest batch; 0 or ≥ n means all cells every epoch
     */
    public CellBatches(long seed, long stream, int n, int batch) {
        if (n < 1) {
            throw new IllegalArgumentException("cell batches of an empty time");
        }
        this.seed = seed;
        this.stream = stream;
        this.n = n;
        this.parts = batch <= 0 || batch >= n ? 1 : (n + batch - 1) / batch;
        this.size = parts == 1 ? n : batch;
    }

    /** Number of batches in one pass over the cells (1 when every epoch uses all cells). */
    public int batchesPerPass() {
        return parts;
    }

    /** Cells in every batch: b, or N when b = 0 or b ≥ N. */
    public int batchSize() {
        return size;
    }

    /** The cell indices of epoch {@code epoch} (1-based), ascending. */
    public int[] batch(int epoch) {
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch " + epoch + "; epochs count from 1");
        }
        if (parts == 1) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int pass = (epoch - 1) / parts;
        int part = (epoch - 1) % parts;
        int[] perm = permutation(pass);
        int from = part * size;
        int[] out;
        if (part < parts - 1) {
            out = Arrays.copyOfRange(perm, from, from + size);
        } else {
            // the r remaining cells (positions ≥ (P−1)·b ≥ b), topped up with cells of the first batch (positions < b)
            int r = n - from;
            out = new int[size];
            System.arraycopy(perm, from, out, 0, r);
            System.arraycopy(perm, 0, out, r, size - r);
        }
        // ascending: the rows keep the data's order, as in the unbatched computation
        Arrays.sort(out);
        return out;
    }

    /**
     * A partition of 0..N−1 into {@link #batchesPerPass()} blocks of at most b cells: pass {@code pass}'s permutation
     * cut into consecutive blocks (the last one of r ≤ b cells, not topped up), each ascending.
     */
    public int[][] partition(int pass) {
        if (parts == 1) {
            return new int[][] {batch(1)};
        }
        int[] perm = permutation(pass);
        int[][] out = new int[parts][];
        for (int p = 0; p < parts; p++) {
            out[p] = Arrays.copyOfRange(perm, p * size, Math.min(n, (p + 1) * size));
            Arrays.sort(out[p]);
        }
        return out;
    }

    private int[] permutation(int pass) {
        if (pass != cachedPass) {
            int[] p = new int[n];
            for (int i = 0; i < n; i++) {
                p[i] = i;
            }
            SplittableRandom rnd = new SplittableRandom(mix(seed, stream, pass));
            for (int i = n - 1; i > 0; i--) { // Fisher–Yates
                int j = rnd.nextInt(i + 1);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
            cachedPermutation = p;
            cachedPass = pass;
        }
        return cachedPermutation;
    }

    /**
     * A seeded subset of at most {@code max} of {@code n} indices, ascending (all of them, in order, when n ≤ max or
     * max = 0): a fixed sample for quantities that are computed on a bounded set of cells.
     */
    public static int[] sample(int n, int max, long seed, long stream) {
        CellBatches b = new CellBatches(seed, stream, n, max);
        if (b.parts == 1) {
            return b.batch(1);
        }
        int[] perm = b.permutation(0);
        int[] out = Arrays.copyOf(perm, Math.min(max, n));
        Arrays.sort(out);
        return out;
    }

    /** Rows {@code idx} of a row-major matrix with {@code d} columns (the matrix itself when idx is all rows). */
    public static double[] rows(double[] flat, int d, int[] idx) {
        if (idx.length * d == flat.length) {
            return flat;
        }
        double[] out = new double[idx.length * d];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(flat, idx[i] * d, out, i * d, d);
        }
        return out;
    }

    private static long mix(long seed, long stream, long pass) {
        long z = seed * 0x9E3779B97F4A7C15L + stream * 0xD1B54A32D192ED03L + pass * 0x8CB92BA72F3D8DD7L + 0x632BE59BD9B4E019L;
        // SplitMix64 finaliser: neighbouring (stream, pass) pairs get unrelated permutations
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
