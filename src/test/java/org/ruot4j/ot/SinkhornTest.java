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
        Random rng = new Random(11);
        int n = 25;
        int m = 30;
        double[] x = EmdTest.cloud(rng, n, 2);
        double[] y = EmdTest.cloud(rng, m, 2);
        double[] a = EmdTest.randomWeights(rng, n, 0);
        double[] b = EmdTest.randomWeights(rng, m, 0);
        double[] c = Metric.SQEUCLIDEAN.costMatrix(x, n, y, m, 2);
        double exact = Emd.emd2(a, b, c, n, m);
        double[] epsilons = {1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001};
        double lastGap = Double.POSITIVE_INFINITY;
        double lastTransportGap = Double.POSITIVE_INFINITY;
        for (double eps : epsilons) {
            Sinkhorn.Result r = Sinkhorn.entropic(a, b, c, n, m, eps, 200_000, 1e-12);
            assertTrue(r.marginalError() <= 1e-12, "not converged at eps " + eps);
            double[][] marginals = marginals(r.plan(), n, m);
            assertArrayEquals(a, marginals[0], 1e-11);
            assertArrayEquals(b, marginals[1], 1e-11);
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
        Random rng = new Random(12);
        int n = 20;
        int m = 15;
        int d = 3;
        double[] x = EmdTest.cloud(rng, n, d);
        double[] y = EmdTest.cloud(rng, m, d);
        double[] a = EmdTest.randomWeights(rng, n, 0);
        double[] b = EmdTest.randomWeights(rng, m, 0);
        double[] c = Metric.SQEUCLIDEAN.costMatrix(x, n, y, m, d);
        for (int k = 0; k < c.length; k++) {
            c[k] *= 0.5;
        }
        double eps = 0.05;
        double expected = Sinkhorn.entropic(a, b, c, n, m, eps, 100_000, 1e-13).value();
        try (NDManager mgr = NDManager.newBaseManager()) {
            NDArray ot = SinkhornDivergence.entropicOt(mgr.create(x, new Shape(n, d)), mgr.create(a),
                    mgr.create(y, new Shape(m, d)), mgr.create(b), eps, 20_000, 1e-11, 5);
            assertEquals(expected, ot.getDouble(), 1e-10);
            // unnormalized weights give the same measures
            NDArray scaled = SinkhornDivergence.entropicOt(mgr.create(x, new Shape(n, d)), mgr.create(a).mul(3),
                    mgr.create(y, new Shape(m, d)), mgr.create(b).mul(0.5), eps, 20_000, 1e-11, 5);
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
        Random rng = new Random(14);
        int n = 12;
        int m = 9;
        int d = 2;
        double[] x = EmdTest.cloud(rng, n, d);
        double[] y = EmdTest.cloud(rng, m, d);
        double[] a = EmdTest.randomWeights(rng, n, 0);
        double[] b = EmdTest.randomWeights(rng, m, 0);
        double eps = 0.05;
        try (NDManager mgr = NDManager.newBaseManager()) {
            NDArray xa = mgr.create(x, new Shape(n, d));
            NDArray ya = mgr.create(y, new Shape(m, d));
            NDArray aa = mgr.create(a);
            NDArray ba = mgr.create(b);
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
            for (int k = 0; k < x.length; k++) {
                double fd = (value(mgr, bump(x, k, h), a, y, b, n, m, d, eps)
                        - value(mgr, bump(x, k, -h), a, y, b, n, m, d, eps)) / (2 * h);
                assertEquals(fd, gx[k], 1e-7, "d/dx[" + k + "]");
            }
            for (int k = 0; k < y.length; k++) {
                double fd = (value(mgr, x, a, bump(y, k, h), b, n, m, d, eps)
                        - value(mgr, x, a, bump(y, k, -h), b, n, m, d, eps)) / (2 * h);
                assertEquals(fd, gy[k], 1e-7, "d/dy[" + k + "]");
            }
            // weights: the divergence depends on a only through a/Σa; compare along each coordinate
            for (int k = 0; k < a.length; k++) {
                double fd = (value(mgr, x, bump(a, k, h), y, b, n, m, d, eps)
                        - value(mgr, x, bump(a, k, -h), y, b, n, m, d, eps)) / (2 * h);
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

    private static double value(NDManager mgr, double[] x, double[] a, double[] y, double[] b, int n, int m, int d,
            double eps) {
        try (NDManager sub = mgr.newSubManager()) {
            return SinkhornDivergence.divergence(sub.create(x, new Shape(n, d)), sub.create(a),
                    sub.create(y, new Shape(m, d)), sub.create(b), eps, 20_000, 1e-11, 5).getDouble();
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
