package org.ruot4j.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ruot4j.data.synthetic.ToggleSwitchTest.assertBad;
import static org.ruot4j.data.synthetic.ToggleSwitchTest.assertSeedDecides;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ruot4j.data.Snapshots;

class GaussianMixturePopulationTest {

    @Test
    void sameSeedGivesIdenticalSnapshotsAndAnotherSeedDiffers() {
        assertSeedDecides(seed -> GaussianMixturePopulation.builder().seed(seed).build().generate().snapshots(), 4);
    }

    /** Defaults mirror gaussian_10d: D = 10, t = 0, 1, 500 cells then 500 · (0.8 + 0.2 · 10) = 1400. */
    @Test
    void defaultDataHasTheShapeOfGaussian10d() {
        SyntheticDataset d = GaussianMixturePopulation.builder().build().generate();
        Snapshots s = d.snapshots();
        assertEquals(10, s.dim());
        assertEquals("x10", s.features().get(9));
        assertArrayEquals(new int[] {500, 1400}, s.counts());
        assertArrayEquals(new double[] {1, 2.8}, s.relativeMasses(), 1e-12);
        assertArrayEquals(s.relativeMasses(), d.trueRelativeMasses(), 0.0);
    }

    /** Cells are assigned to the nearest known component mean; their mean moves by v_c Δt. */
    @Test
    void componentsMoveWithTheirKnownDrift() {
        for (int dim : new int[] {10, 100}) {
            GaussianMixturePopulation g = GaussianMixturePopulation.builder().dim(dim).cells(2000).seed(dim).build();
            Snapshots s = g.generate().snapshots();
            double t0 = s.time(0);
            double t1 = s.time(1);
            int k = g.numComponents();
            double[][] start = groupMeans(g, s.points(0), t0); // the split components share their t0 group
            double[][] end = groupMeans(g, s.points(1), t1);
            for (int c = 0; c < k; c++) {
                double[] v = g.componentVelocity(c);
                double err = 0;
                for (int j = 0; j < dim; j++) {
                    double e = end[c][j] - start[c][j] - v[j] * (t1 - t0);
                    err += e * e;
                }
                // the norm of D independent errors of the two group means, each with variance v(t)/n
                int n0 = groupSize(g, s.points(0), t0, c);
                int n1 = groupSize(g, s.points(1), t1, c);
                double tol = 4 * Math.sqrt(dim * (g.variance(t0) / n0 + g.variance(t1) / n1));
                assertTrue(Math.sqrt(err) < tol, "D=" + dim + " component " + c + ": displacement off by "
                        + Math.sqrt(err) + " (tolerance " + tol + ")");
                // where one component dominates, the population drift is that component's velocity
                double[] b = g.drift(t1, g.componentMean(c, t1));
                for (int j = 0; j < dim; j++) {
                    assertEquals(v[j], b[j], 1e-9, "drift at the centre of component " + c);
                }
            }
            // at t0 the split components overlap: the drift at their shared centre is the average of ±e1
            assertEquals(0.0, g.drift(t0, g.componentMean(0, t0))[0], 1e-12);
        }
    }

    @Test
    void growingComponentShareMatchesTheTruth() {
        for (long seed = 1; seed <= 3; seed++) {
            GaussianMixturePopulation g = GaussianMixturePopulation.builder().dim(20).seed(seed).build();
            Snapshots s = g.generate().snapshots();
            double[][] pts = s.points(1);
            int growing = 0;
            for (double[] x : pts) {
                growing += nearest(g, x, s.time(1)) == 2 ? 1 : 0;
            }
            double share = (double) growing / pts.length;
            double truth = 0.2 * 10 / (0.8 + 0.2 * 10); // w e^{g t} / Σ w e^{g t}, g = ln 10
            double se = Math.sqrt(truth * (1 - truth) / pts.length);
            assertEquals(truth, share, 4 * se, "seed " + seed + ": share of the growing component at t1");
            int before = 0;
            for (double[] x : s.points(0)) {
                before += nearest(g, x, s.time(0)) == 2 ? 1 : 0;
            }
            assertEquals(0.2, (double) before / s.count(0), 4 * Math.sqrt(0.2 * 0.8 / s.count(0)));
            assertEquals(truth, g.componentMass(2, 1) / g.relativeMass(1), 1e-12);
        }
    }

    /**
     * The posterior-weighted truth solves ∂t p = −∇·(p b) + ½σ²Δp + g p for the mixture density, checked by
     * central differences where components overlap (so the weighting matters).
     */
    @Test
    void truthSolvesTheFokkerPlanckEquationWithGrowth() {
        int dim = 3;
        GaussianMixturePopulation g = GaussianMixturePopulation.builder().dim(dim).sigma(0.3).initialSpread(0.4)
                .component(1, new double[] {0, 0, 0}, new double[] {1, -0.5, 0}, 0.7)
                .component(2, new double[] {0.5, 0.3, 0}, new double[] {-0.4, 0, 0.8}, -0.3)
                .component(1, new double[] {0, 0.6, 0.2}, new double[] {0, 0, 0}, 0).build();
        Random rnd = new Random(3);
        double h = 1e-3;
        for (int trial = 0; trial < 20; trial++) {
            double t = 0.3 + rnd.nextDouble();
            double[] x = new double[dim];
            for (int j = 0; j < dim; j++) {
                x[j] = 0.3 + 0.6 * rnd.nextGaussian();
            }
            double p = g.density(t, x);
            double dtp = (g.density(t + h, x) - g.density(t - h, x)) / (2 * h);
            double div = 0;
            double lap = 0;
            double scale = Math.abs(dtp) + Math.abs(g.growth(t, x) * p);
            for (int j = 0; j < dim; j++) {
                double[] up = x.clone();
                double[] dn = x.clone();
                up[j] += h;
                dn[j] -= h;
                div += (g.density(t, up) * g.drift(t, up)[j] - g.density(t, dn) * g.drift(t, dn)[j]) / (2 * h);
                lap += (g.density(t, up) - 2 * p + g.density(t, dn)) / (h * h);
                scale += Math.abs(p * g.drift(t, x)[j]) / 0.6 + 0.5 * 0.09 * p / 0.4;
            }
            double residual = dtp + div - 0.5 * 0.09 * lap - g.growth(t, x) * p;
            assertTrue(Math.abs(residual) < 1e-5 * scale, "trial " + trial + ": residual " + residual
                    + " against scale " + scale);
        }
    }

    @Test
    void jacobianAndScoreMatchFiniteDifferences() {
        GaussianMixturePopulation g = GaussianMixturePopulation.builder().dim(4).initialSpread(0.5).build();
        Random rnd = new Random(9);
        double eps = 1e-6;
        for (int trial = 0; trial < 20; trial++) {
            double t = rnd.nextDouble();
            double[] x = new double[4];
            for (int j = 0; j < 4; j++) {
                x[j] = rnd.nextGaussian();
            }
            x[1] += 1.2;
            double[][] jac = g.driftJacobian(t, x);
            double[] score = g.score(t, x);
            for (int c = 0; c < 4; c++) {
                double[] up = x.clone();
                double[] dn = x.clone();
                up[c] += eps;
                dn[c] -= eps;
                double[] bu = g.drift(t, up);
                double[] bd = g.drift(t, dn);
                for (int r = 0; r < 4; r++) {
                    assertEquals((bu[r] - bd[r]) / (2 * eps), jac[r][c], 1e-6);
                }
                assertEquals((g.logDensity(t, up) - g.logDensity(t, dn)) / (2 * eps), score[c], 1e-6);
            }
            assertEquals(g.birthRate(t, x) - g.deathRate(t, x), g.growth(t, x), 1e-12);
        }
    }

    @Test
    void badSettingsAreOneLineErrors() {
        assertBad(() -> GaussianMixturePopulation.builder().dim(1).build(), "dim");
        assertBad(() -> GaussianMixturePopulation.builder().cells(1).build(), "cells");
        assertBad(() -> GaussianMixturePopulation.builder().times(1, 1).build(), "increasing");
        assertBad(() -> GaussianMixturePopulation.builder().sigma(Double.NaN).build(), "sigma");
        assertBad(() -> GaussianMixturePopulation.builder().dim(3)
                .component(1, new double[2], new double[3], 0).build(), "component 1 mean");
        assertBad(() -> GaussianMixturePopulation.builder().dim(2)
                .component(0, new double[2], new double[2], 0).build(), "share");
        assertBad(() -> GaussianMixturePopulation.builder().dim(2).times(0, 100)
                .component(1, new double[2], new double[2], 1).build().generate(), "cells");
        assertBad(() -> GaussianMixturePopulation.builder().build().drift(0, new double[3]), "10 values");
    }

    // ---- helpers ----

    /** Index of the component whose mean at t is nearest to x (the lowest index among equal means). */
    static int nearest(GaussianMixturePopulation g, double[] x, double t) {
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int c = 0; c < g.numComponents(); c++) {
            double[] m = g.componentMean(c, t);
            double d = 0;
            for (int j = 0; j < x.length; j++) {
                d += (x[j] - m[j]) * (x[j] - m[j]);
            }
            if (d < bestD - 1e-12) {
                bestD = d;
                best = c;
            }
        }
        return best;
    }

    /** Number of cells in the group of component c (the cells nearest its mean at t, shared if means coincide). */
    static int groupSize(GaussianMixturePopulation g, double[][] pts, double t, int c) {
        int rep = nearest(g, g.componentMean(c, t), t);
        int n = 0;
        for (double[] x : pts) {
            n += nearest(g, x, t) == rep ? 1 : 0;
        }
        return n;
    }

    /** Mean of the cells nearest each component's mean at t; components with the same mean share a group. */
    static double[][] groupMeans(GaussianMixturePopulation g, double[][] pts, double t) {
        int k = g.numComponents();
        int dim = pts[0].length;
        double[][] sum = new double[k][dim];
        int[] n = new int[k];
        for (double[] x : pts) {
            int c = nearest(g, x, t);
            n[c]++;
            for (int j = 0; j < dim; j++) {
                sum[c][j] += x[j];
            }
        }
        double[][] out = new double[k][];
        for (int c = 0; c < k; c++) {
            int rep = nearest(g, g.componentMean(c, t), t); // the group holding component c's centre
            out[c] = new double[dim];
            for (int j = 0; j < dim; j++) {
                out[c][j] = sum[rep][j] / n[rep];
            }
        }
        return out;
    }
}
