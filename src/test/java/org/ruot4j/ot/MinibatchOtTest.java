package org.ruot4j.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ruot4j.RuotException;

class MinibatchOtTest {

    private static double[] cloud(Random rng, int n, int dim, double shift) {
        double[] p = new double[n * dim];
        for (int k = 0; k < p.length; k++) {
            p[k] = rng.nextGaussian() + shift;
        }
        return p;
    }

    private static int[] shuffled(int n, Random rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    @Test
    void oneBlockInOrderIsTheExactPlan() {
        Random rng = new Random(1);
        int n = 60;
        int d = 3;
        double[] x = cloud(rng, n, d, 0);
        double[] y = cloud(rng, n, d, 0.5);
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        OtPlan exact = Emd.emd(null, null, x, n, y, n, d, Metric.SQEUCLIDEAN);
        OtPlan mb = MinibatchOt.plan(x, y, n, d, Metric.SQEUCLIDEAN, new int[][] {all});
        assertArrayEquals(exact.rows(), mb.rows());
        assertArrayEquals(exact.columns(), mb.columns());
        assertArrayEquals(exact.masses(), mb.masses());
        assertEquals(exact.cost(), mb.cost());
    }

    @Test
    void minibatchEmdEqualsExactEmdWhenTheBatchCoversEverything() {
        // one block with every point in a shuffled order: solved on gathered copies and mapped back
        Random rng = new Random(2);
        int n = 80;
        int d = 4;
        double[] x = cloud(rng, n, d, 0);
        double[] y = cloud(rng, n, d, 1);
        OtPlan exact = Emd.emd(null, null, x, n, y, n, d, Metric.SQEUCLIDEAN);
        OtPlan mb = MinibatchOt.plan(x, y, n, d, Metric.SQEUCLIDEAN, new int[][] {shuffled(n, rng)});
        assertEquals(exact.cost(), mb.cost(), 1e-10 * exact.cost());
        // the plan's own cost recomputed from its entries at the original indices
        double c = 0;
        for (int k = 0; k < mb.size(); k++) {
            c += mb.mass(k) * Metric.SQEUCLIDEAN.cost(x, mb.row(k), y, mb.column(k), d);
        }
        assertEquals(exact.cost(), c, 1e-10 * exact.cost());
        assertMarginalsUniform(mb, n);
    }

    @Test
    void severalBlocksGiveAUniformCouplingWhoseCostIsTheSumOfTheBlockOptima() {
        Random rng = new Random(3);
        int n = 90;
        int d = 2;
        double[] x = cloud(rng, n, d, 0);
        double[] y = cloud(rng, n, d, 2);
        int[] perm = shuffled(n, rng);
        int[][] blocks = {Arrays.copyOfRange(perm, 0, 30), Arrays.copyOfRange(perm, 30, 61),
                Arrays.copyOfRange(perm, 61, 90)};
        OtPlan mb = MinibatchOt.plan(x, y, n, d, Metric.SQEUCLIDEAN, blocks);
        assertMarginalsUniform(mb, n);
        double expected = 0;
        for (int[] b : blocks) {
            double[] xb = new double[b.length * d];
            double[] yb = new double[b.length * d];
            for (int i = 0; i < b.length; i++) {
                System.arraycopy(x, b[i] * d, xb, i * d, d);
                System.arraycopy(y, b[i] * d, yb, i * d, d);
            }
            expected += (double) b.length / n * Emd.emd2(null, null, xb, b.length, yb, b.length, d, Metric.SQEUCLIDEAN);
        }
        assertEquals(expected, mb.cost(), 1e-10 * expected);
        double c = 0;
        for (int k = 0; k < mb.size(); k++) {
            c += mb.mass(k) * Metric.SQEUCLIDEAN.cost(x, mb.row(k), y, mb.column(k), d);
            // a pair only within one block
            int row = mb.row(k);
            int col = mb.column(k);
            assertTrue(Arrays.stream(blocks).anyMatch(b -> contains(b, row) && contains(b, col)));
            if (k > 0) {
                long prev = ((long) mb.row(k - 1) << 32) | mb.column(k - 1);
                assertTrue(prev < (((long) row << 32) | col), "entries sorted by row, then column");
            }
        }
        assertEquals(mb.cost(), c, 1e-10 * c);
        double exact = Emd.emd2(null, null, x, n, y, n, d, Metric.SQEUCLIDEAN);
        assertTrue(mb.cost() >= exact - 1e-12, "a coupling costs at least the optimum");
    }

    @Test
    void refusesBlocksThatAreNotAPartition() {
        double[] x = new double[8];
        assertThrows(RuotException.class, () -> MinibatchOt.plan(x, x, 4, 2, Metric.SQEUCLIDEAN,
                new int[][] {{0, 1}, {1, 2, 3}}));
        assertThrows(RuotException.class, () -> MinibatchOt.plan(x, x, 4, 2, Metric.SQEUCLIDEAN,
                new int[][] {{0, 1}, {2}}));
        assertThrows(RuotException.class, () -> MinibatchOt.plan(x, x, 4, 2, Metric.SQEUCLIDEAN,
                new int[][] {{0, 1, 2, 4}}));
    }

    private static boolean contains(int[] b, int i) {
        for (int v : b) {
            if (v == i) {
                return true;
            }
        }
        return false;
    }

    private static void assertMarginalsUniform(OtPlan p, int n) {
        double[] r = new double[n];
        double[] c = new double[n];
        for (int k = 0; k < p.size(); k++) {
            r[p.row(k)] += p.mass(k);
            c[p.column(k)] += p.mass(k);
        }
        for (int i = 0; i < n; i++) {
            assertEquals(1.0 / n, r[i], 1e-12, "row " + i);
            assertEquals(1.0 / n, c[i], 1e-12, "column " + i);
        }
    }
}
