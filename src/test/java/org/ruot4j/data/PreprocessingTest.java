package org.ruot4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ruot4j.RuotException;

class PreprocessingTest {
    /** Correlated 5-D data: x = A u + b with u standard normal, so the covariance is A Aᵀ. */
    static Snapshots correlated(long seed) {
        Random r = new Random(seed);
        double[][] a = {{3, 0, 0, 0, 0}, {1, 2, 0, 0, 0}, {0, 1, 1, 0, 0}, {0, 0, 0.5, 0.5, 0}, {0.2, 0, 0, 0, 0.1}};
        Snapshots.Builder b = Snapshots.builder("g1", "g2", "g3", "g4", "g5");
        for (int i = 0; i < 600; i++) {
            double[] u = new double[5];
            for (int j = 0; j < 5; j++) {
                u[j] = r.nextGaussian();
            }
            double[] x = new double[5];
            for (int j = 0; j < 5; j++) {
                for (int m = 0; m < 5; m++) {
                    x[j] += a[j][m] * u[m];
                }
                x[j] += 10 * j;
            }
            b.add(i % 3, x);
        }
        return b.build();
    }

    static double[] pooled(Snapshots s, int j) {
        double[] v = new double[s.totalCount()];
        int n = 0;
        for (int k = 0; k < s.numTimes(); k++) {
            for (int i = 0; i < s.count(k); i++) {
                v[n++] = s.get(k, i, j);
            }
        }
        return v;
    }

    @Test
    void standardizedFeaturesHaveMeanZeroAndUnitVarianceAndInvertExactly() {
        Snapshots s = correlated(1);
        Standardizer st = Standardizer.fit(s);
        Snapshots z = st.apply(s);
        for (int j = 0; j < s.dim(); j++) {
            double[] v = pooled(z, j);
            double mean = Arrays.stream(v).average().orElseThrow();
            double var = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / v.length;
            assertEquals(0, mean, 1e-12);
            assertEquals(1, var, 1e-12);
        }
        Snapshots back = st.inverse(z);
        for (int k = 0; k < s.numTimes(); k++) {
            assertArrayEquals(s.flat(k), back.flat(k), 1e-12);
        }
        assertEquals(10.0, st.mean()[1], 0.3); // the offset 10·j
    }

    @Test
    void constantFeatureMapsToZeroInsteadOfDividingByZero() {
        Snapshots s = Snapshots.builder("a", "c").add(0, 1, 7).add(0, 2, 7).add(1, 3, 7).add(1, 4, 7).build();
        Standardizer st = Standardizer.fit(s);
        assertEquals(1.0, st.scale()[1], 0);
        assertArrayEquals(new double[] {0, 0}, new double[] {st.apply(s).get(0, 0, 1), st.apply(s).get(1, 1, 1)}, 0);
    }

    @Test
    void pcaWithAllComponentsReconstructsExactly() {
        Snapshots s = correlated(2);
        Pca pca = Pca.fit(s, 5);
        Snapshots back = pca.inverse(pca.transform(s));
        for (int k = 0; k < s.numTimes(); k++) {
            assertArrayEquals(s.flat(k), back.flat(k), 1e-10);
        }
    }

    @Test
    void loadingsAreOrthonormalAndVariancesDecreaseAndMatchTheProjectedData() {
        Snapshots s = correlated(3);
        Pca pca = Pca.fit(s, 3);
        double[][] w = pca.loadings();
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                double dot = 0;
                for (int j = 0; j < 5; j++) {
                    dot += w[j][a] * w[j][b];
                }
                assertEquals(a == b ? 1 : 0, dot, 1e-12, "w" + a + "·w" + b);
            }
        }
        double[] lambda = pca.explainedVariance();
        assertTrue(lambda[0] >= lambda[1] && lambda[1] >= lambda[2], Arrays.toString(lambda));
        Snapshots z = pca.transform(s);
        assertEquals(List.of("PC1", "PC2", "PC3"), z.features());
        for (int a = 0; a < 3; a++) { // the sample variance of each coordinate is its eigenvalue
            double[] v = pooled(z, a);
            double mean = Arrays.stream(v).average().orElseThrow();
            double var = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1);
            assertEquals(0, mean, 1e-9);
            assertEquals(lambda[a], var, 1e-9 * lambda[a]);
        }
        // total variance = trace of the covariance = Σ of per-feature sample variances
        double trace = 0;
        for (int j = 0; j < 5; j++) {
            double[] v = pooled(s, j);
            double mean = Arrays.stream(v).average().orElseThrow();
            trace += Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1);
        }
        assertEquals(lambda[0] / trace, pca.explainedVarianceRatio()[0], 1e-12);
    }

    @Test
    void pcaFindsAKnownAxisAndMapsDirectionsBackToGenes() {
        // variance 100 along (1,1,0)/√2, 1 along (1,-1,0)/√2, 0.01 along z
        Random r = new Random(4);
        Snapshots.Builder b = Snapshots.builder("a", "b", "c");
        double h = Math.sqrt(0.5);
        for (int i = 0; i < 4000; i++) {
            double p = 10 * r.nextGaussian();
            double q = r.nextGaussian();
            b.add(i % 2, h * (p + q) + 5, h * (p - q) - 1, 0.1 * r.nextGaussian());
        }
        Pca pca = Pca.fit(b.build(), 2);
        assertArrayEquals(new double[] {h, h, 0}, pca.loading(0), 0.01); // sign fixed: largest entry positive
        assertArrayEquals(pca.loading(0), pca.directionToFeatures(new double[] {1, 0}), 1e-15);
        double[] x = pca.toFeatures(new double[] {0, 0});
        assertArrayEquals(pca.mean(), x, 0);
        assertEquals(100, pca.explainedVariance()[0], 5);
    }

    @Test
    void pcaRejectsBadComponentCounts() {
        Snapshots s = correlated(5);
        assertThrows(RuotException.class, () -> Pca.fit(s, 0));
        assertThrows(RuotException.class, () -> Pca.fit(s, 6));
    }

    @Test
    void subsamplingIsASeededSubsetPerTime() {
        Snapshots s = correlated(6);
        Snapshots a = s.subsample(50, 42);
        Snapshots b = s.subsample(50, 42);
        Snapshots c = s.subsample(50, 43);
        assertArrayEquals(new int[] {50, 50, 50}, a.counts());
        TestData.assertIdentical(a, b);
        assertNotEquals(Arrays.toString(a.flat(0)), Arrays.toString(c.flat(0)));
        assertArrayEquals(s.relativeMasses(), a.relativeMasses(), 0);
        for (int k = 0; k < s.numTimes(); k++) {
            Set<String> rows = new HashSet<>();
            for (double[] row : s.points(k)) {
                rows.add(Arrays.toString(row));
            }
            List<String> picked = new ArrayList<>();
            for (double[] row : a.points(k)) {
                assertTrue(rows.contains(Arrays.toString(row)), "a subsampled cell is one of the data");
                picked.add(Arrays.toString(row));
            }
            assertEquals(50, new HashSet<>(picked).size(), "drawn without replacement");
        }
    }
}
