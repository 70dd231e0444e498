package org.ruot4j.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.junit.jupiter.api.Test;
import org.ruot4j.RuotException;

class EmdTest {

    static double[] cloud(Random rng, int n, int dim) {
        double[] p = new double[n * dim];
        for (int k = 0; k < p.length; k++) {
            p[k] = rng.nextDouble();
        }
        return p;
    }

    /** Two clouds x, y of n points uniform in the unit square, drawn one after the other from a stream seeded with seed. */
    static double[][] squareClouds(long seed, int n) {
        Random rng = new Random(seed);
        double[] x = cloud(rng, n, 2);
        return new double[][] {x, cloud(rng, n, 2)};
    }

    /** The weights 1/n of n points. */
    static double[] uniform(int n) {
        double[] w = new double[n];
        Arrays.fill(w, 1.0 / n);
        return w;
    }

    static double[] randomWeights(Random rng, int n, double zeroProbability) {
        double[] w = new double[n];
        double s = 0;
        for (int i = 0; i < n; i++) {
            w[i] = rng.nextDouble() < zeroProbability ? 0 : 0.1 + rng.nextDouble();
            s += w[i];
        }
        if (s == 0) {
            w[rng.nextInt(n)] = 1;
            s = 1;
        }
        for (int i = 0; i < n; i++) {
            w[i] /= s;
        }
        return w;
    }

    /** The indices 0..n−1, the rows (or columns) a solver starts from when every point takes part. */
    static int[] identity(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /** A copy of {@code b} scaled to the total mass of {@code a}, so that a and b are a balanced problem. */
    static double[] withMassOf(double[] b, double[] a) {
        double sa = Arrays.stream(a).sum();
        double sb = Arrays.stream(b).sum();
        double[] r = b.clone();
        for (int j = 0; j < r.length; j++) {
            r[j] *= sa / sb;
        }
        return r;
    }

    /** One case of a randomized test: the shared stream, the case's index and the two sizes drawn for it. */
    interface SizedCase {
        void run(Random rng, int rep, int n, int m);
    }

    /**
     * Runs {@code reps} cases from one stream seeded with {@code seed}; each first draws its sizes
     * n = min + U{0..spread−1}, then m likewise.
     */
    static void forRandomSizes(long seed, int reps, int min, int spread, SizedCase body) {
        Random rng = new Random(seed);
        for (int rep = 0; rep < reps; rep++) {
            int n = min + rng.nextInt(spread);
            int m = min + rng.nextInt(spread);
            body.run(rng, rep, n, m);
        }
    }

    /** min over permutations σ of Σ_i C[i, σ(i)], by Heap's algorithm. */
    static double bruteForceAssignment(double[] c, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        double best = assignmentCost(c, n, p);
        int[] idx = new int[n];
        int i = 0;
        while (i < n) {
            if (idx[i] < i) {
                int s = i % 2 == 0 ? 0 : idx[i];
                int t = p[s];
                p[s] = p[i];
                p[i] = t;
                best = Math.min(best, assignmentCost(c, n, p));
                idx[i]++;
                i = 0;
            } else {
                idx[i] = 0;
                i++;
            }
        }
        return best;
    }

    static double assignmentCost(double[] c, int n, int[] p) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += c[i * n + p[i]];
        }
        return s;
    }

    /** Hungarian algorithm (shortest augmenting paths with potentials), O(n³): min Σ_i C[i, σ(i)]. */
    static double hungarian(double[] c, int n) {
        double[] u = new double[n + 1];
        double[] v = new double[n + 1];
        int[] p = new int[n + 1];
        int[] way = new int[n + 1];
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            double[] minv = new double[n + 1];
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            boolean[] used = new boolean[n + 1];
            do {
                used[j0] = true;
                int i0 = p[j0];
                int j1 = 0;
                double delta = Double.POSITIVE_INFINITY;
                for (int j = 1; j <= n; j++) {
                    if (!used[j]) {
                        double cur = c[(i0 - 1) * n + (j - 1)] - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= n; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        double s = 0;
        for (int j = 1; j <= n; j++) {
            s += c[(p[j] - 1) * n + (j - 1)];
        }
        return s;
    }

    /** The transportation LP solved by commons-math's simplex: min Σ π C s.t. marginals, π ≥ 0. */
    static double lp(double[] a, double[] b, double[] c, int n, int m) {
        LinearObjectiveFunction f = new LinearObjectiveFunction(c, 0);
        Collection<LinearConstraint> cons = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] row = new double[n * m];
            for (int j = 0; j < m; j++) {
                row[i * m + j] = 1;
            }
            cons.add(new LinearConstraint(row, Relationship.EQ, a[i]));
        }
        // the last column constraint is implied by the others; dropping it keeps the LP non-degenerate
        for (int j = 0; j < m - 1; j++) {
            double[] col = new double[n * m];
            for (int i = 0; i < n; i++) {
                col[i * m + j] = 1;
            }
            cons.add(new LinearConstraint(col, Relationship.EQ, b[j]));
        }
        PointValuePair sol = new SimplexSolver(1e-12, 10, 1e-14).optimize(new MaxIter(10_000), f,
                new LinearConstraintSet(cons), GoalType.MINIMIZE, new NonNegativeConstraint(true));
        return sol.getValue();
    }

    static void assertFeasible(OtPlan plan, double[] a, double[] b, double tolerance) {
        assertTrue(plan.size() <= plan.rowCount() + plan.columnCount() - 1, "basic solution too large");
        for (int k = 0; k < plan.size(); k++) {
            assertTrue(plan.mass(k) > 0, "nonzero entries must be positive");
        }
        assertArrayEquals(a, plan.rowSums(), tolerance, "row marginals");
        assertArrayEquals(b, plan.columnSums(), tolerance, "column marginals");
    }

    static void assertDualsOptimal(OtPlan plan, double[] a, double[] b, double[] c, double tolerance) {
        int n = plan.rowCount();
        int m = plan.columnCount();
        double[] u = plan.u();
        double[] v = plan.v();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                assertTrue(u[i] + v[j] <= c[i * m + j] + tolerance,
                        "dual infeasible at " + i + "," + j + ": " + (u[i] + v[j] - c[i * m + j]));
            }
        }
        for (int k = 0; k < plan.size(); k++) {
            int i = plan.row(k);
            int j = plan.column(k);
            assertEquals(c[i * m + j], u[i] + v[j], tolerance, "slackness at " + i + "," + j);
        }
        double dual = 0;
        double au = 0;
        double bv = 0;
        for (int i = 0; i < n; i++) {
            au += a[i] * u[i];
        }
        for (int j = 0; j < m; j++) {
            bv += b[j] * v[j];
        }
        dual = au + bv;
        assertEquals(plan.cost(), dual, tolerance, "strong duality");
        assertEquals(au, bv, tolerance, "duals centered");
    }

    @Test
    void uniformAssignmentMatchesAllPermutations() {
        Random rng = new Random(1);
        for (int n = 1; n <= 8; n++) {
            for (int rep = 0; rep < 6; rep++) {
                double[] x = cloud(rng, n, 2);
                double[] y = cloud(rng, n, 2);
                double[] c = Metric.SQEUCLIDEAN.costMatrix(x, n, y, n, 2);
                double truth = bruteForceAssignment(c, n) / n;
                OtPlan dense = Emd.emd(null, null, c, n, n);
                OtPlan clouds = Emd.emd(null, null, x, n, y, n, 2, Metric.SQEUCLIDEAN);
                assertEquals(OtPlan.Status.OPTIMAL, dense.status());
                assertEquals(truth, dense.cost(), 1e-12, "dense n=" + n);
                assertEquals(truth, clouds.cost(), 1e-12, "clouds n=" + n);
                double[] w = uniform(n);
                assertFeasible(dense, w, w, 1e-14);
                assertDualsOptimal(dense, w, w, c, 1e-12);
            }
        }
    }

    @Test
    void uniformAssignmentN60MatchesHungarian() {
        Random rng = new Random(2);
        for (int rep = 0; rep < 5; rep++) {
            int n = 60;
            int dim = 1 + rep * 2;
            double[] x = cloud(rng, n, dim);
            double[] y = cloud(rng, n, dim);
            for (Metric metric : Metric.values()) {
                double[] c = metric.costMatrix(x, n, y, n, dim);
                double truth = hungarian(c, n) / n;
                assertEquals(truth, Emd.emd2(null, null, c, n, n), 1e-12, metric + " dense dim " + dim);
                assertEquals(truth, Emd.emd2(null, null, x, n, y, n, dim, metric), 1e-12, metric + " clouds dim " + dim);
            }
        }
    }

    @Test
    void heavilyTiedGridAssignmentMatchesHungarian() {
        // points on a 4 x 4 integer grid, many duplicates: costs tie everywhere and most pivots are degenerate
        Random rng = new Random(9);
        int n = 48;
        double[] x = new double[2 * n];
        double[] y = new double[2 * n];
        for (int k = 0; k < 2 * n; k++) {
            x[k] = rng.nextInt(4);
            y[k] = rng.nextInt(4);
        }
        for (Metric metric : Metric.values()) {
            double[] c = metric.costMatrix(x, n, y, n, 2);
            double truth = hungarian(c, n) / n;
            OtPlan plan = Emd.emd(null, null, x, n, y, n, 2, metric);
            assertEquals(truth, plan.cost(), 1e-12, metric.toString());
            double[] w = uniform(n);
            assertFeasible(plan, w, w, 1e-14);
            assertDualsOptimal(plan, w, w, c, 1e-12);
        }
        double[] same = new double[2 * n];
        assertEquals(0, Emd.emd2(null, null, same, n, same, n, 2, Metric.EUCLIDEAN), 0);
    }

    @Test
    void weightedTinyProblemsMatchCommonsMathSimplex() {
        forRandomSizes(3, 200, 1, 6, (rng, rep, n, m) -> {
            double[] a = randomWeights(rng, n, 0.15);
            double[] b = randomWeights(rng, m, 0.15);
            double[] c = new double[n * m];
            for (int k = 0; k < c.length; k++) {
                // integer-valued costs make ties (degenerate pivots) common
                c[k] = rep % 2 == 0 ? rng.nextInt(4) : rng.nextDouble() * 10 - 3;
            }
            OtPlan plan = Emd.emd(a, b, c, n, m);
            assertEquals(OtPlan.Status.OPTIMAL, plan.status());
            double[] bScaled = withMassOf(b, a);
            assertEquals(lp(a, bScaled, c, n, m), plan.cost(), 1e-9, "rep " + rep);
            assertFeasible(plan, a, bScaled, 1e-12);
            assertDualsOptimal(plan, a, bScaled, c, 1e-9);
            for (int k = 0; k < plan.size(); k++) {
                assertTrue(a[plan.row(k)] > 0 && b[plan.column(k)] > 0, "zero-mass point in the plan");
            }
        });
    }

    @Test
    void treeInvariantsHoldAfterSolving() {
        forRandomSizes(4, 20, 5, 80, (rng, rep, n, m) -> {
            double[] a = randomWeights(rng, n, 0);
            double[] b = withMassOf(randomWeights(rng, m, 0), a);
            double[] x = cloud(rng, n, 3);
            double[] y = cloud(rng, m, 3);
            NetworkSimplex ns = NetworkSimplex.points(a, b, x, y, 3, Metric.SQEUCLIDEAN);
            int[] rows = identity(n);
            int[] cols = identity(m);
            assertTrue(ns.solve(rows, cols, 3, Long.MAX_VALUE));
            assertNull(ns.checkInvariants());
            // the on-the-fly pricing (Emd itself stores small 3-D problems as a matrix) reaches the optimum
            double[] cost = {0};
            ns.forEachFlow((i, j, f) -> cost[0] += f * Metric.SQEUCLIDEAN.cost(x, i, y, j, 3));
            assertEquals(Emd.emd2(a, b, Metric.SQEUCLIDEAN.costMatrix(x, n, y, m, 3), n, m), cost[0], 1e-13);
            // and in the middle of a run
            NetworkSimplex partial = NetworkSimplex.points(a, b, x, y, 3, Metric.SQEUCLIDEAN);
            partial.solve(rows, cols, 3, 1 + rng.nextInt(20));
            assertNull(partial.checkInvariants());
        });
    }

    @Test
    void midSizeUniformClouds2000() {
        int n = 2000;
        double[][] xy = squareClouds(5, n);
        OtPlan plan = Emd.emd(null, null, xy[0], n, xy[1], n, 2, Metric.SQEUCLIDEAN);
        assertEquals(OtPlan.Status.OPTIMAL, plan.status());
        assertFeasible(plan, uniform(n), uniform(n), 1e-12);
        // an assignment: each row sends its whole mass to one column
        int[] arg = plan.argmaxPerRow();
        boolean[] hit = new boolean[n];
        for (int i = 0; i < n; i++) {
            assertTrue(arg[i] >= 0 && !hit[arg[i]]);
            hit[arg[i]] = true;
        }
        double[] u = plan.u();
        double[] v = plan.v();
        double worst = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                worst = Math.max(worst, u[i] + v[j] - Metric.SQEUCLIDEAN.cost(xy[0], i, xy[1], j, 2));
            }
        }
        assertTrue(worst < 1e-11, "dual violation " + worst);
        assertEquals(plan.cost(), Arrays.stream(u).sum() / n + Arrays.stream(v).sum() / n, 1e-11);
    }

    @Test
    void floatAndCloudCostsAgreeWithDense() {
        Random rng = new Random(6);
        int n = 120;
        int m = 90;
        double[] a = randomWeights(rng, n, 0.1);
        double[] b = randomWeights(rng, m, 0.1);
        double[] x = cloud(rng, n, 4);
        double[] y = cloud(rng, m, 4);
        for (Metric metric : Metric.values()) {
            double[] c = metric.costMatrix(x, n, y, m, 4);
            float[] cf = new float[c.length];
            for (int k = 0; k < c.length; k++) {
                cf[k] = (float) c[k];
            }
            double dense = Emd.emd2(a, b, c, n, m);
            assertEquals(dense, Emd.emd2(a, b, x, n, y, m, 4, metric), 1e-12);
            OtPlan pf = Emd.emd(a, b, cf, n, m);
            assertEquals(dense, pf.cost(), 1e-6);
            OtPlan pc = Emd.emd(a, b, x, n, y, m, 4, metric);
            assertDualsOptimal(pc, a, b, c, 1e-11);
        }
    }

    @Test
    void massMismatchRescalesTargetWeights() {
        double[] a = {1, 3};
        double[] b = {2, 2, 4};
        double[] c = {0, 1, 2, 2, 1, 0};
        OtPlan plan = Emd.emd(a, b, c, 2, 3);
        assertArrayEquals(new double[] {1, 3}, plan.rowSums(), 1e-15);
        assertArrayEquals(new double[] {1, 1, 2}, plan.columnSums(), 1e-15);
        // row 0 → column 0 (cost 0), row 1 → column 2 (2 at cost 0) and column 1 (1 at cost 1)
        assertEquals(1.0, plan.cost(), 1e-15);
    }

    @Test
    void maxIterationsReturnsFeasiblePlan() {
        int n = 50;
        double[][] xy = squareClouds(7, n);
        double[] c = Metric.SQEUCLIDEAN.costMatrix(xy[0], n, xy[1], n, 2);
        OtPlan plan = Emd.emd(null, null, c, n, n, 3);
        assertEquals(OtPlan.Status.MAX_ITERATIONS, plan.status());
        assertEquals(3, plan.iterations());
        assertFeasible(plan, uniform(n), uniform(n), 1e-14);
        assertTrue(plan.cost() > Emd.emd2(null, null, c, n, n));
    }

    @Test
    void planViewsAreConsistent() {
        double[] a = {0.5, 0.5};
        double[] b = {0.25, 0.75};
        double[] c = {0, 1, 1, 0};
        OtPlan plan = Emd.emd(a, b, c, 2, 2);
        assertArrayEquals(new double[] {0.25, 0.25, 0, 0.5}, plan.toDense(), 1e-15);
        assertArrayEquals(new int[] {0, 1}, plan.argmaxPerRow()); // row 0 ties: lowest column
        assertArrayEquals(new int[] {0, 1}, plan.argmaxPerColumn());
        double[] y = {0, 0, 2, 4};
        assertArrayEquals(new double[] {1, 2, 2, 4}, plan.barycentricProjection(y, 2), 1e-15);
        int[] draws = plan.sample(40_000, new Random(8));
        int[] hits = new int[plan.size()];
        for (int k : draws) {
            hits[k]++;
        }
        for (int k = 0; k < plan.size(); k++) {
            assertEquals(plan.mass(k), hits[k] / 40_000.0, 0.01);
        }
    }

    @Test
    void badInputIsAClearError() {
        double[] c = {0, 1, 1, 0};
        List<Runnable> bad = List.of(
                () -> Emd.emd(new double[] {0.5, -0.5}, null, c, 2, 2),
                () -> Emd.emd(new double[] {0, 0}, null, c, 2, 2),
                () -> Emd.emd(new double[] {1}, null, c, 2, 2),
                () -> Emd.emd(null, null, new double[] {0, 1, 1}, 2, 2),
                () -> Emd.emd(null, null, new double[] {0, Double.NaN, 1, 0}, 2, 2),
                () -> Emd.emd(null, null, c, 2, 2, -1),
                () -> Emd.emd(null, null, new double[] {0, 0, 0}, 1, new double[] {1, 1, 1}, 1, 2, Metric.EUCLIDEAN),
                () -> Emd.emd(null, null, new double[] {0, Double.POSITIVE_INFINITY}, 1, new double[] {1, 1}, 1, 2,
                        Metric.EUCLIDEAN));
        for (Runnable r : bad) {
            RuotException e = assertThrows(RuotException.class, r::run);
            assertTrue(!e.getMessage().contains("\n") && e.getMessage().startsWith("OT "), e.getMessage());
        }
    }
}
