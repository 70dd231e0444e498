package org.ruot4j.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ruot4j.RuotException;

class MetricsTest {

    /** W_p^p in 1-D = ∫_0^1 |F⁻¹(s) − G⁻¹(s)|^p ds, integrated exactly over the merged quantile breakpoints. */
    static double quantileWpp(double[] x, double[] w, double[] y, double p) {
        Integer[] ix = sortedIndex(x);
        Integer[] iy = sortedIndex(y);
        double sw = Arrays.stream(w).sum();
        double total = 0;
        int i = 0;
        int j = 0;
        double restX = w[ix[0]] / sw;
        double restY = 1.0 / y.length;
        while (i < x.length && j < y.length) {
            double step = Math.min(restX, restY);
            total += step * Math.pow(Math.abs(x[ix[i]] - y[iy[j]]), p);
            restX -= step;
            restY -= step;
            if (restX <= 1e-15) {
                if (++i < x.length) {
                    restX = w[ix[i]] / sw;
                }
            }
            if (restY <= 1e-15) {
                if (++j < y.length) {
                    restY = 1.0 / y.length;
                }
            }
        }
        return total;
    }

    private static Integer[] sortedIndex(double[] v) {
        Integer[] idx = new Integer[v.length];
        for (int k = 0; k < v.length; k++) {
            idx[k] = k;
        }
        Arrays.sort(idx, (p, q) -> Double.compare(v[p], v[q]));
        return idx;
    }

    @Test
    void w1AndW2MatchTheOneDimensionalQuantileFormula() {
        EmdTest.forRandomSizes(21, 20, 5, 60, (rng, rep, n, m) -> {
            double[] x = new double[n];
            double[] y = new double[m];
            for (int i = 0; i < n; i++) {
                x[i] = rng.nextGaussian();
            }
            for (int j = 0; j < m; j++) {
                y[j] = 0.5 + 2 * rng.nextDouble();
            }
            // unnormalized predicted weights, some zero: the metrics normalize them
            double[] w = EmdTest.randomWeights(rng, n, 0.1);
            for (int i = 0; i < n; i++) {
                w[i] *= 1.7;
            }
            assertEquals(quantileWpp(x, w, y, 1), Metrics.w1(x, w, n, y, m, 1), 1e-12, "W1 rep " + rep);
            assertEquals(Math.sqrt(quantileWpp(x, w, y, 2)), Metrics.w2(x, w, n, y, m, 1), 1e-12, "W2 rep " + rep);
        });
    }

    @Test
    void metricsOnMultivariateCloudsBehave() {
        Random rng = new Random(22);
        int n = 80;
        double[] x = EmdTest.cloud(rng, n, 3);
        assertEquals(0, Metrics.w1(x, null, n, x, n, 3), 1e-15);
        double[] y = EmdTest.cloud(rng, 50, 3);
        double[] w = EmdTest.randomWeights(rng, n, 0);
        double w1 = Metrics.w1(x, w, n, y, 50, 3);
        double w2 = Metrics.w2(x, w, n, y, 50, 3);
        assertTrue(w1 > 0 && w1 <= w2 + 1e-15, "W1 ≤ W2 by Jensen");
        // a translation by t moves W2 to at most |t| more and W1 of a cloud with its translate is exactly |t|
        double[] shifted = x.clone();
        for (int i = 0; i < n; i++) {
            shifted[3 * i] += 0.25;
        }
        assertEquals(0.25, Metrics.w1(x, null, n, shifted, n, 3), 1e-12);
        assertEquals(0.25, Metrics.w2(x, null, n, shifted, n, 3), 1e-12);
    }

    @Test
    void tmvIsTheAbsoluteMassError() {
        assertEquals(0.25, Metrics.tmv(new double[] {0.5, 0.75, 0.25}, 1.75), 1e-15);
        assertEquals(0.1, Metrics.tmv(new double[] {0.4, 0.4}, 0.9), 1e-15);
        assertThrows(RuotException.class, () -> Metrics.tmv(new double[] {Double.NaN}, 1));
        assertThrows(RuotException.class, () -> Metrics.tmv(null, 1));
    }
}
