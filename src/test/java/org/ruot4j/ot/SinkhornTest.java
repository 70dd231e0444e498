package org.ruot4j.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ruot4j.RuotException;

class SinkhornTest {

    @Test
    void entropicOtConvergesToExactOtAsEpsilonShrinks() {
        Problem p = Problem.draw(11, 25, 30, 2);
        int n = p.n();
        int m = p.m();
        double[] c = p.cost();
        double exact = Emd.emd2(p.a(), p.b(), c, n, m);
        double[] epsilons = {1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001};
        double lastGap = Double.POSITIVE_INFINITY;
        double lastTransportGap = Double.POSITIVE_INFINITY;
        for (double eps : epsilons) {
            Sinkhorn.Result r = Sinkhorn.entropic(p.a(), p.b(), c, n, m, eps, 200_000, 1e-12);
            assertTrue(r.marginalError() <= 1e-12, "not converged at eps " + eps);
            double[][] marginals = marginals(r.plan(), n, m);
            assertArrayEquals(p.a(), marginals[0], 1e-11);
            assertArrayEquals(p.b(), marginals[1], 1e-11);
            double gap = r.value() - exact; // ⟨π,C⟩ ≥ OT and KL ≥ 0
            double transportGap = r.transportCost() - exact;
            assertTrue(gap >= -1e-12 && transportGap >= -1e-12, "below the exact optimum at eps " + eps);
            // OT ≤ OT_ε ≤ OT + ε·KL(π*‖a⊗b) and that KL (a mutual information) is at most log min(n, m)
            assertTrue(gap <= eps * Math.log(Math.min(n, m)) + 1e-12, "gap " + gap + " above its bound at " + eps);
            assertTrue(gap < lastGap && transportGap <= lastTransportGap + 1e-12, "gap did not decrease at " + eps);
            lastGap = gap;
            lastTransportGap = transportGap;
        }
        assertTrue(lastTransportGap < 5e-3 * exact, "transport gap " + lastTransportGap);
    }

    @Test
    void tensorEntropicOtMatchesArrayVersion() {
        Problem p = Problem.draw(12, 20, 15, 3);
        double[] c = p.cost();
        for (int k = 0; k < c.length; k++) {
            c[k] *= 0.5;
        }
        double eps = 0.05;
        double expected = Sinkhorn.entropic(p.a(), p.b(), c, p.n(), p.m(), eps, 100_000, 1e-13).value();
        try (NDManager mgr = NDManager.newBaseManager()) {
            NDArray ot = SinkhornDivergence.entropicOt(p.points(mgr, p.x()), mgr.create(p.a()),
                    p.points(mgr, p.y()), mgr.create(p.b()), eps, 20_000, 1e-11, 5);
            assertEquals(expected, ot.getDouble(), 1e-10);
            // unnormalized weights give the same measures
            NDArray scaled = SinkhornDivergence.entropicOt(p.points(mgr, p.x()), mgr.create(p.a()).mul(3),
                    p.points(mgr, p.y()), mgr.create(p.b()).mul(0.5), eps, 20_000, 1e-11, 5);
            assertEquals(expected, scaled.getDouble(), 1e-10);
        }
    }

    @Test
    void divergenceOfATranslationIsHalfTheSquaredShift() {
        // C(x, y + t) = C(x, y) − (x − y)·t + ½|t|²: the middle term is separable, so
        // OT_ε(α, α + t) = OT_ε(α, α) + ½|t|² and S_ε(α, α + t) = ½|t|² for every ε.
        Random rng = new Random(13);
        int n = 40;
        double[] x = EmdTest.cloud(rng, n, 2);
        double[] w = EmdTest.randomWeights(rng, n, 0);
        double[] t = {0.3, -0.2};
        double[] y = x.clone();
        for (int i = 0; i < n; i++) {
            y[2 * i] += t[0];
            y[2 * i + 1] += t[1];
        }
        try (NDManager mgr = NDManager.newBaseManager()) {
            NDArray xa = mgr.create(x, new Shape(n, 2));
            NDArray ya = mgr.create(y, new Shape(n, 2));
            NDArray wa = mgr.create(w);
            for (double eps : new double[] {0.01, 0.1}) {
                double s = SinkhornDivergence.divergence(xa, wa, ya, wa, eps, 5000, 1e-10, 10).getDouble();
                assertEquals(0.5 * (t[0] * t[0] + t[1] * t[1]), s, 1e-8, "eps " + eps);
                double self = SinkhornDivergence.divergence(xa, wa, xa, wa, eps, 5000, 1e-10, 10).getDouble();
                assertEquals(0, self, 1e-10);
            }
            // default settings (float32 as the engine uses it) come close to the same value
            double s32 = SinkhornDivergence.divergence(xa.toType(ai.djl.ndarray.types.DataType.FLOAT32, false),
                    null, ya.toType(ai.djl.ndarray.types.DataType.FLOAT32, false), null)
                    .toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
            assertEquals(0.5 * (t[0] * t[0] + t[1] * t[1]), s32, 1e-3);
        }
    }

    @Test
    void divergenceGradientMatchesFiniteDifferences() {
        Problem p = Problem.draw(14, 12, 9, 2);
        double eps = 0.05;
        try (NDManager mgr = NDManager.newBaseManager()) {
            NDArray xa = p.points(mgr, p.x());
            NDArray ya = p.points(mgr, p.y());
            NDArray aa = mgr.create(p.a());
            NDArray ba = mgr.create(p.b());
            xa.setRequiresGradient(true);
            ya.setRequiresGradient(true);
            aa.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray s = SinkhornDivergence.divergence(xa, aa, ya, ba, eps, 20_000, 1e-11, 5);
                gc.backward(s);
            }
            double[] gx = xa.getGradient().toDoubleArray();
            double[] gy = ya.getGradient().toDoubleArray();
            double[] ga = aa.getGradient().toDoubleArray();
            double h = 1e-5;
            for (int k = 0; k < p.x().length; k++) {
                double fd = (value(mgr, p.withX(bump(p.x(), k, h)), eps)
                        - value(mgr, p.withX(bump(p.x(), k, -h)), eps)) / (2 * h);
                assertEquals(fd, gx[k], 1e-7, "d/dx[" + k + "]");
            }
            for (int k = 0; k < p.y().length; k++) {
                double fd = (value(mgr, p.withY(bump(p.y(), k, h)), eps)
                        - value(mgr, p.withY(bump(p.y(), k, -h)), eps)) / (2 * h);
                assertEquals(fd, gy[k], 1e-7, "d/dy[" + k + "]");
            }
            // weights: the divergence depends on a only through a/Σa; compare along each coordinate
            for (int k = 0; k < p.a().length; k++) {
                double fd = (value(mgr, p.withA(bump(p.a(), k, h)), eps)
                        - value(mgr, p.withA(bump(p.a(), k, -h)), eps)) / (2 * h);
                assertEquals(fd, ga[k], 1e-6, "d/da[" + k + "]");
            }
        }
    }

    @Test
    void iterationsDoNotLeakNativeArrays() {
        try (NDManager mgr = NDManager.newBaseManager()) {
            Random rng = new Random(15);
            NDArray x = mgr.create(EmdTest.cloud(rng, 30, 2), new Shape(30, 2));
            NDArray y = mgr.create(EmdTest.cloud(rng, 20, 2), new Shape(20, 2));
            int before = -1;
            for (int rep = 0; rep < 5; rep++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    SinkhornDivergence.divergence(x, null, y, null).getDouble();
                }
                int now = mgr.getManagedArrays().size();
                if (rep == 0) {
                    before = now;
                }
                assertEquals(before, now, "arrays left in the manager after repetition " + rep);
            }
            assertTrue(before <= 2, "arrays left: " + before);
        }
    }

    @Test
    void badInputIsAClearError() {
        try (NDManager mgr = NDManager.newBaseManager()) {
            NDArray x = mgr.ones(new Shape(3, 2));
            NDArray y = mgr.ones(new Shape(4, 3));
            assertThrows(RuotException.class, () -> SinkhornDivergence.divergence(x, null, y, null));
            assertThrows(RuotException.class,
                    () -> SinkhornDivergence.divergence(x, mgr.ones(new Shape(2)), x, null));
            assertThrows(RuotException.class, () -> SinkhornDivergence.divergence(x, null, x, null, 0, 10, 1e-6, 1));
        }
        assertThrows(RuotException.class, () -> Sinkhorn.entropic(null, null, new double[] {1, 2}, 1, 1, 0.1));
        assertThrows(RuotException.class, () -> Sinkhorn.entropic(null, null, new double[] {1}, 1, 1, -1));
    }

    /**
     * A weighted problem drawn from one stream: clouds x (n points) and y (m points) uniform in [0,1]^d, then
     * weights a and b without zeros.
     */
    private record Problem(int n, int m, int d, double[] x, double[] y, double[] a, double[] b) {
        static Problem draw(long seed, int n, int m, int d) {
            Random rng = new Random(seed);
            double[] x = EmdTest.cloud(rng, n, d);
            double[] y = EmdTest.cloud(rng, m, d);
            return new Problem(n, m, d, x, y, EmdTest.randomWeights(rng, n, 0), EmdTest.randomWeights(rng, m, 0));
        }

        /** x or y (or a bumped copy) as an (n or m) x d array. */
        NDArray points(NDManager mgr, double[] cloud) {
            return mgr.create(cloud, new Shape(cloud.length / d, d));
        }

        /** The squared Euclidean costs, row-major n x m. */
        double[] cost() {
            return Metric.SQEUCLIDEAN.costMatrix(x, n, y, m, d);
        }

        /** The same problem with x (or y, or a) replaced, for finite differences. */
        Problem withX(double[] other) {
            return new Problem(n, m, d, other, y, a, b);
        }

        Problem withY(double[] other) {
            return new Problem(n, m, d, x, other, a, b);
        }

        Problem withA(double[] other) {
            return new Problem(n, m, d, x, y, other, b);
        }
    }

    /** S_ε of the problem, tight tolerance, float64. */
    private static double value(NDManager mgr, Problem p, double eps) {
        try (NDManager sub = mgr.newSubManager()) {
            return SinkhornDivergence.divergence(p.points(sub, p.x()), sub.create(p.a()),
                    p.points(sub, p.y()), sub.create(p.b()), eps, 20_000, 1e-11, 5).getDouble();
        }
    }

    private static double[] bump(double[] v, int k, double h) {
        double[] r = v.clone();
        r[k] += h;
        return r;
    }

    /** The row sums and the column sums of the dense row-major n x m plan p. */
    private static double[][] marginals(double[] p, int n, int m) {
        double[] rows = new double[n];
        double[] cols = new double[m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                rows[i] += p[i * m + j];
                cols[j] += p[i * m + j];
            }
        }
        return new double[][] {rows, cols};
    }
}
