package org.ruot4j.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ruot4j.RuotException;
import org.ruot4j.data.Rows;

class MinibatchOtTest {

    private static double[] cloud(Random rng, int n, int dim, double shift) {
        double[] p = new double[n * dim];
        for (int k = 0; k < p.length; k++) {
            p[k] = rng.nextGaussian() + shift;
        }
        return p;
    }

    /**
     * Two clouds of n Gaussian points in d dimensions from one stream seeded with {@code seed}, y shifted by
     * {@code shift} in every coordinate; the stream goes on for what a test draws next.
     */
    private record Clouds(Random rng, int n, int d, double[] x, double[] y) {
        static Clouds draw(long seed, int n, int d, double shift) {
            Random rng = new Random(seed);
            double[] x = cloud(rng, n, d, 0);
            return new Clouds(rng, n, d, x, cloud(rng, n, d, shift));
        }
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
        Clouds c = Clouds.draw(1, 60, 3, 0.5);
        int[] all = EmdTest.identity(c.n());
        OtPlan exact = Emd.emd(null, null, c.x(), c.n(), c.y(), c.n(), c.d(), Metric.SQEUCLIDEAN);
        OtPlan mb = MinibatchOt.plan(c.x(), c.y(), c.n(), c.d(), Metric.SQEUCLIDEAN, new int[][] {all});
        assertArrayEquals(exact.rows(), mb.rows());
        assertArrayEquals(exact.columns(), mb.columns());
        assertArrayEquals(exact.masses(), mb.masses());
        assertEquals(exact.cost(), mb.cost());
    }

    @Test
    void minibatchEmdEqualsExactEmdWhenTheBatchCoversEverything() {
        // one block with every point in a shuffled order: solved on gathered copies and mapped back
        Clouds c = Clouds.draw(2, 80, 4, 1);
        OtPlan exact = Emd.emd(null, null, c.x(), c.n(), c.y(), c.n(), c.d(), Metric.SQEUCLIDEAN);
        OtPlan mb = MinibatchOt.plan(c.x(), c.y(), c.n(), c.d(), Metric.SQEUCLIDEAN,
                new int[][] {shuffled(c.n(), c.rng())});
        assertEquals(exact.cost(), mb.cost(), 1e-10 * exact.cost());
        // the plan's own cost recomputed from its entries at the original indices
        double planCost = 0;
        for (int k = 0; k < mb.size(); k++) {
            planCost += mb.mass(k) * Metric.SQEUCLIDEAN.cost(c.x(), mb.row(k), c.y(), mb.column(k), c.d());
        }
        assertEquals(exact.cost(), planCost, 1e-10 * exact.cost());
        assertMarginalsUniform(mb, c.n());
    }

    @Test
    void severalBlocksGiveAUniformCouplingWhoseCostIsTheSumOfTheBlockOptima() {
        Clouds c = Clouds.draw(3, 90, 2, 2);
        int[] perm = shuffled(c.n(), c.rng());
        int[][] blocks = {Arrays.copyOfRange(perm, 0, 30), Arrays.copyOfRange(perm, 30, 61),
                Arrays.copyOfRange(perm, 61, 90)};
        OtPlan mb = MinibatchOt.plan(c.x(), c.y(), c.n(), c.d(), Metric.SQEUCLIDEAN, blocks);
        assertMarginalsUniform(mb, c.n());
        double expected = 0;
        for (int[] b : blocks) {
            double[] xb = Rows.gather(c.x(), c.d(), b);
            double[] yb = Rows.gather(c.y(), c.d(), b);
            expected += (double) b.length / c.n()
                    * Emd.emd2(null, null, xb, b.length, yb, b.length, c.d(), Metric.SQEUCLIDEAN);
        }
        assertEquals(expected, mb.cost(), 1e-10 * expected);
        double planCost = 0;
        for (int k = 0; k < mb.size(); k++) {
            planCost += mb.mass(k) * Metric.SQEUCLIDEAN.cost(c.x(), mb.row(k), c.y(), mb.column(k), c.d());
            // a pair only within one block
            int row = mb.row(k);
            int col = mb.column(k);
            assertTrue(Arrays.stream(blocks).anyMatch(b -> contains(b, row) && contains(b, col)));
            if (k > 0) {
                long prev = ((long) mb.row(k - 1) << 32) | mb.column(k - 1);
                assertTrue(prev < (((long) row << 32) | col), "entries sorted by row, then column");
            }
        }
        assertEquals(mb.cost(), planCost, 1e-10 * planCost);
        double exact = Emd.emd2(null, null, c.x(), c.n(), c.y(), c.n(), c.d(), Metric.SQEUCLIDEAN);
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
