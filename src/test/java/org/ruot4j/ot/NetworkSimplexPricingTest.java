package org.ruot4j.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The pricing loop tests tree membership only for a block's winner (NetworkSimplex.findEnteringArc). These
 * tests hold it to the reference that tests every arc ({@code checkAllArcs}, the pricing before the change):
 * the same pivots, hence the same plan bit for bit, on random problems including degenerate ones (uniform
 * weights, duplicate points, integer grids), and the optimal cost of brute force / Hungarian. Other block
 * sizes must reach the same optimal cost, and the same plan where the optimum is unique.
 */
class NetworkSimplexPricingTest {

    private static OtPlan solve(double[] a, double[] b, double[] x, double[] y, int n, int m, int dim, Metric metric,
            boolean checkAll, int blockSize) {
        return Emd.emd(a, b, x, n, y, m, dim, metric, Emd.DEFAULT_MAX_ITERATIONS, ns -> {
            ns.checkAllArcs(checkAll);
            if (blockSize > 0) {
                ns.blockSize(blockSize);
            }
        });
    }

    private static void assertSamePlan(OtPlan want, OtPlan got, String what) {
        assertEquals(want.status(), got.status(), what);
        assertEquals(want.iterations(), got.iterations(), what + ": pivots");
        assertEquals(want.cost(), got.cost(), 0, what + ": cost");
        assertArrayEquals(want.rows(), got.rows(), what + ": rows");
        assertArrayEquals(want.columns(), got.columns(), what + ": columns");
        assertArrayEquals(want.masses(), got.masses(), 0, what + ": masses");
        assertArrayEquals(want.u(), got.u(), 0, what + ": u");
        assertArrayEquals(want.v(), got.v(), 0, what + ": v");
    }

    /** Clouds of one of four kinds: continuous, duplicated points, a 3 x 3 integer grid, one point repeated. */
    private static double[] cloud(Random rng, int n, int dim, int kind) {
        double[] p = new double[n * dim];
        switch (kind) {
            case 0:
                for (int k = 0; k < p.length; k++) {
                    p[k] = rng.nextDouble();
                }
                break;
            case 1: // every point appears about three times
                int distinct = Math.max(1, n / 3);
                double[] base = EmdTest.cloud(rng, distinct, dim);
                for (int i = 0; i < n; i++) {
                    System.arraycopy(base, rng.nextInt(distinct) * dim, p, i * dim, dim);
                }
                break;
            case 2:
                for (int k = 0; k < p.length; k++) {
                    p[k] = rng.nextInt(3);
                }
                break;
            default: // half the points on one spot
                for (int k = 0; k < p.length; k++) {
                    p[k] = k / dim < n / 2 ? 0.5 : rng.nextDouble();
                }
        }
        return p;
    }

    @Test
    void winnerOnlyTreeTestMakesTheReferencePivotsOnDegenerateProblems() {
        Random rng = new Random(16);
        for (int rep = 0; rep < 240; rep++) {
            int kind = rep % 4;
            int dim = rep % 3 == 0 ? 2 : 1 + rng.nextInt(5);
            int n = 2 + rng.nextInt(rep < 200 ? 40 : 300);
            int m = rep % 5 == 0 ? n : 2 + rng.nextInt(rep < 200 ? 40 : 300);
            double[] x = cloud(rng, n, dim, kind);
            double[] y = cloud(rng, m, dim, (kind + rep / 4) % 4);
            double[] a = rep % 2 == 0 ? null : EmdTest.randomWeights(rng, n, 0.1);
            double[] b = rep % 3 == 0 ? null : EmdTest.randomWeights(rng, m, 0.1);
            Metric metric = rep % 7 == 0 ? Metric.EUCLIDEAN : Metric.SQEUCLIDEAN;
            int block = rep % 6 == 0 ? 1 + rng.nextInt(50) : 0;
            String what = "rep " + rep + " (" + n + " x " + m + ", dim " + dim + ", kind " + kind + ")";
            OtPlan reference = solve(a, b, x, y, n, m, dim, metric, true, block);
            OtPlan fast = solve(a, b, x, y, n, m, dim, metric, false, block);
            assertEquals(OtPlan.Status.OPTIMAL, reference.status(), what);
            assertSamePlan(reference, fast, what);
        }
    }

    @Test
    void uniformAssignmentsWithTiesMatchBruteForceAndHungarian() {
        Random rng = new Random(17);
        for (int rep = 0; rep < 60; rep++) {
            int n = rep < 40 ? 1 + rep % 8 : 40 + rng.nextInt(40);
            int kind = rep % 4;
            double[] x = cloud(rng, n, 2, kind);
            double[] y = cloud(rng, n, 2, (kind + 1) % 4);
            for (Metric metric : Metric.values()) {
                double[] c = metric.costMatrix(x, n, y, n, 2);
                double truth = (n <= 8 ? EmdTest.bruteForceAssignment(c, n) : EmdTest.hungarian(c, n)) / n;
                for (int block : new int[] {0, 1, 7, n * n}) {
                    OtPlan plan = solve(null, null, x, y, n, n, 2, metric, false, block);
                    assertEquals(OtPlan.Status.OPTIMAL, plan.status());
                    assertEquals(truth, plan.cost(), 1e-12, "rep " + rep + " " + metric + " block " + block);
                    double[] w = EmdTest.uniform(n);
                    EmdTest.assertFeasible(plan, w, w, 1e-14);
                    EmdTest.assertDualsOptimal(plan, w, w, c, 1e-12);
                }
            }
        }
    }

    @Test
    void everyBlockSizeFindsTheUniqueOptimum() {
        // continuous points and random weights: the optimal plan is unique (almost surely), so every pricing
        // order must end at the same plan, not only the same cost
        EmdTest.forRandomSizes(18, 30, 20, 200, (rng, rep, n, m) -> {
            int dim = 1 + rep % 4;
            double[] x = cloud(rng, n, dim, 0);
            double[] y = cloud(rng, m, dim, 0);
            double[] a = EmdTest.randomWeights(rng, n, 0);
            double[] b = EmdTest.randomWeights(rng, m, 0);
            double[] want = solve(a, b, x, y, n, m, dim, Metric.SQEUCLIDEAN, true, 0).toDense();
            double cost = solve(a, b, x, y, n, m, dim, Metric.SQEUCLIDEAN, true, 0).cost();
            for (int block : new int[] {1, 13, (int) Math.sqrt(n * m) / 2, 3 * (int) Math.sqrt(n * m), n * m}) {
                OtPlan plan = solve(a, b, x, y, n, m, dim, Metric.SQEUCLIDEAN, false, block);
                assertEquals(cost, plan.cost(), 1e-12 * Math.max(1, cost), "rep " + rep + " block " + block);
                assertArrayEquals(want, plan.toDense(), 1e-12, "rep " + rep + " block " + block);
            }
        });
    }

    @Test
    void roundingDriftedTreeArcsAreRescannedNotEntered() {
        // With zero tolerance, rounding makes tree arcs look improving now and then: the winner test must catch
        // them (a tree arc entering would break the tree) and the block rescan must pick what the reference
        // picks. Costs spread over up to ten decades make the rounding of c + π_i − π_j coarse for the small ones.
        Random rng = new Random(19);
        long rescans = 0;
        for (int rep = 0; rep < 40; rep++) {
            int n = 30 + rng.nextInt(60);
            int m = 30 + rng.nextInt(60);
            double[] a = EmdTest.randomWeights(rng, n, 0);
            double[] unbalanced = EmdTest.randomWeights(rng, m, 0);
            double[] c = new double[n * m];
            for (int k = 0; k < c.length; k++) {
                c[k] = rng.nextDouble() * Math.pow(10, rng.nextInt(rep % 2 == 0 ? 10 : 4));
            }
            double[] b = EmdTest.withMassOf(unbalanced, a);
            int[] rows = EmdTest.identity(n);
            int[] cols = EmdTest.identity(m);
            NetworkSimplex reference = NetworkSimplex.dense(a, b, c).checkAllArcs(true);
            NetworkSimplex fast = NetworkSimplex.dense(a, b, c);
            boolean refOptimal = reference.solve(rows, cols, 0, 200_000);
            boolean fastOptimal = fast.solve(rows, cols, 0, 200_000);
            assertEquals(refOptimal, fastOptimal, "rep " + rep);
            assertNull(fast.checkInvariants(), "rep " + rep);
            assertEquals(reference.iterations(), fast.iterations(), "rep " + rep);
            for (int i = 0; i < n; i++) {
                assertEquals(reference.rowDual(i), fast.rowDual(i), 0, "rep " + rep + " u_" + i);
            }
            rescans += fast.treeRescans();
        }
        assertTrue(rescans > 0, "no tree arc ever won a block; the rescan path went untested");
    }
}
