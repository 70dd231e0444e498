package org.ruot4j.train;

import org.ruot4j.RuotException;
import org.ruot4j.data.Rows;
import org.ruot4j.data.Snapshots;

/**
 * A seeded split of the cells of every time into training and held-back (validation) cells: at time k,
 * h_k = round(f · N_k) cells chosen uniformly without replacement (a partial Fisher–Yates shuffle from a stream fixed by
 * (seed, k)), the other N_k − h_k train. The two parts are disjoint and together are all the cells; the same data,
 * fraction and seed give the same split. Both parts keep the relative masses r_k of the full data (the mass of a
 * time is the population's, not the part's).
 */
public final class ValidationSplit {
    private final Snapshots training;
    private final Snapshots validation;
    private final int[][] heldRows;

    private ValidationSplit(Snapshots training, Snapshots validation, int[][] heldRows) {
        this.training = training;
        this.validation = validation;
        this.heldRows = heldRows;
    }

    /**
     * Splits {@code data}, holding back the fraction {@code f} (0 &lt; f &lt; 0.5) of the cells of every time; every
     * time keeps at least two cells on each side (a snapshot needs two), so every time needs at least four.
     */
    public static ValidationSplit of(Snapshots data, double f, long seed) {
        if (!(f > 0 && f < 0.5)) {
            throw new RuotException("validation fraction must be in (0, 0.5), got " + f);
        }
        int d = data.dim();
        Snapshots.Builder train = Snapshots.builder(data.features()).source(data.source() + " (training cells)");
        Snapshots.Builder val = Snapshots.builder(data.features()).source(data.source() + " (held-back cells)");
        int[][] held = new int[data.numTimes()][];
        for (int k = 0; k < data.numTimes(); k++) {
            int n = data.count(k);
            if (n < 4) {
                throw new RuotException(data.source() + ": time " + data.time(k) + " has " + n + " cells; a validation "
                        + "split needs at least 4 per time (set validation.fraction = 0)");
            }
            int h = (int) Math.max(2, Math.min(n - 2, Math.round(f * n)));
            // stream 99: no stage uses it
            int[] heldK = Rows.sortedSample(n, h, Stage.stream(seed, 99, k));
            held[k] = heldK;
            boolean[] isHeld = new boolean[n];
            for (int i : heldK) {
                isHeld[i] = true;
            }
            double[] flat = data.flat(k);
            double[] tr = new double[(n - h) * d];
            double[] va = new double[h * d];
            int a = 0;
            int b = 0;
            for (int i = 0; i < n; i++) {
                if (isHeld[i]) {
                    System.arraycopy(flat, i * d, va, b++ * d, d);
                } else {
                    System.arraycopy(flat, i * d, tr, a++ * d, d);
                }
            }
            train.addAll(data.time(k), tr);
            val.addAll(data.time(k), va);
        }
        double[] r = data.relativeMasses();
        return new ValidationSplit(train.relativeMasses(r).build(), val.relativeMasses(r).build(), held);
    }

    /** The cells that train (relative masses of the full data). */
    public Snapshots training() {
        return training;
    }

    /** The held-back cells (relative masses of the full data). */
    public Snapshots validation() {
        return validation;
    }

    /** Row indices (in the full data, increasing) of the held-back cells of time k. */
    public int[] heldRows(int k) {
        return heldRows[k].clone();
    }
}
