package org.ruot4j.data.synthetic;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.ruot4j.data.SnapshotTables;
import org.ruot4j.data.Snapshots;

/**
 * The large-N data set of the minibatch benchmarks (bench/largen): a {@link GaussianMixturePopulation} in D
 * dimensions (default 30) with four components at times 0, 1, 2, 3, each moving along its own seeded random unit
 * direction, with growth rates 0.2, 0.1, 0 and −0.05 (relative masses about 1, 1.07, 1.16, 1.26), initial spread 0.3
 * and σ = 0.1. {@code of(23_200, 30, seed)} gives about 104,000 cells (23k–29k per time), the size of issue 12's
 * data set. The truth is known, and no preset was tuned on it.
 */
public final class LargePopulation {
    private LargePopulation() {
    }

    /** Total cells over the four times per cell at t0 (Σ_k r_k ≈ 4.48). */
    public static final double CELLS_PER_T0_CELL = 4.482;

    /** The generator with {@code cells} cells at t0 in {@code dim} dimensions. */
    public static GaussianMixturePopulation of(int cells, int dim, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        double[] growth = {0.2, 0.1, 0.0, -0.05};
        GaussianMixturePopulation.Builder b = GaussianMixturePopulation.builder().dim(dim).cells(cells)
                .times(0, 1, 2, 3).sigma(0.1).initialSpread(0.3).seed(seed);
        for (double g : growth) {
            double[] v = new double[dim];
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                v[j] = rnd.nextGaussian();
                norm += v[j] * v[j];
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < dim; j++) {
                v[j] /= norm;
            }
            b.component(0.25, new double[dim], v, g);
        }
        return b.build();
    }

    /** About {@code total} cells over the four times (cells at t0 = total / {@link #CELLS_PER_T0_CELL}). */
    public static GaussianMixturePopulation ofTotal(int total, int dim, long seed) {
        return of((int) Math.round(total / CELLS_PER_T0_CELL), dim, seed);
    }

    /**
     * Writes the data set as CSV ({@code samples,x1,…,xD}, the format of ../shared/data):
     * {@code LargePopulation OUT.csv [TOTAL_CELLS=104000] [DIM=30] [SEED=1]}.
     */
    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: LargePopulation OUT.csv [TOTAL_CELLS=104000] [DIM=30] [SEED=1]");
            System.exit(2);
        }
        int total = args.length > 1 ? Integer.parseInt(args[1]) : 104_000;
        int dim = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
        Snapshots s = ofTotal(total, dim, seed).generate().snapshots();
        // values to 1e-5 as floats: far below the spread of the data, a third of the file size
        String csv = SnapshotTables.csv(s, Double::toString, v -> Float.toString((float) (Math.round(v * 1e5) / 1e5)));
        org.ruot4j.AtomicFiles.writeString(Path.of(args[0]), csv);
        System.out.println(args[0] + ": " + s.totalCount() + " cells, counts " + java.util.Arrays.toString(s.counts())
                + ", D = " + dim);
    }
}
