package org.ruot4j.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;
import org.ruot4j.RuotException;
import org.ruot4j.data.Snapshots;

class ToggleSwitchTest {

    @Test
    void sameSeedGivesIdenticalSnapshotsAndAnotherSeedDiffers() {
        Snapshots a = assertSeedDecides(seed -> ToggleSwitch.builder().seed(seed).build().generate().snapshots(), 7);
        assertEquals("toggle-switch (seed 7)", a.source());
    }

    @Test
    void defaultDataHasTheShapeOfSimulationGene() {
        SyntheticDataset d = ToggleSwitch.builder().build().generate();
        Snapshots s = d.snapshots();
        assertArrayEquals(new double[] {0, 1, 2, 3, 4}, s.times(), 0.0);
        assertEquals(List.of("x1", "x2"), s.features());
        assertEquals(400, s.count(0));
        int[] n = s.counts();
        for (int k = 1; k < n.length; k++) {
            assertTrue(n[k] > n[k - 1], "the population grows: " + Arrays.toString(n));
        }
        assertTrue(n[4] > 700 && n[4] < 1400, "about 1000 cells at t4 like simulation_gene (969): " + n[4]);
        for (int k = 0; k < s.numTimes(); k++) {
            for (double v : s.flat(k)) {
                assertTrue(v > -0.5 && v < 3.0, "values stay in the range of simulation_gene: " + v);
            }
            assertEquals((double) n[k] / n[0], s.relativeMass(k), 1e-12);
        }
        assertArrayEquals(s.relativeMasses(), d.trueRelativeMasses(), 0.0);
        assertSame(d.truth(), d.truth());
        assertEquals(2, d.truth().dim());
        assertEquals(0.1, d.truth().sigma(2.0), 0.0);
        assertEquals(400, d.parameters().get("cells"));
    }

    /** Two fates at the last time, none at t0: a 2-means split and Sarle's bimodality coefficient. */
    @Test
    void lastTimeShowsTwoFates() {
        for (long seed = 1; seed <= 3; seed++) {
            Snapshots s = ToggleSwitch.builder().seed(seed).build().generate().snapshots();
            double[][] last = s.points(4);
            TwoMeans km = TwoMeans.fit(last);
            double share = (double) km.smaller() / last.length;
            assertTrue(share >= 0.15, "seed " + seed + ": the smaller fate holds " + share + " of the cells");
            double ratio = km.separation() / km.withinSpread();
            assertTrue(ratio > 4, "seed " + seed + ": centres " + Arrays.toString(km.centre[0])
                    + Arrays.toString(km.centre[1]) + " are only " + ratio + " within-cluster spreads apart");
            // one centre has gene 1 high and gene 2 low, the other the reverse
            double[] c0 = km.centre[0];
            double[] c1 = km.centre[1];
            assertTrue((c0[0] - c0[1]) * (c1[0] - c1[1]) < 0 && Math.abs(c0[0] - c0[1]) > 1
                    && Math.abs(c1[0] - c1[1]) > 1, "fates must be opposite corners");
            double bLast = sarle(projection(last));
            double bFirst = sarle(projection(s.points(0)));
            assertTrue(bLast > 5.0 / 9, "seed " + seed + ": bimodality coefficient at t4 = " + bLast);
            assertTrue(bFirst < 5.0 / 9, "seed " + seed + ": t0 must be unimodal, coefficient = " + bFirst);
            // fate 2 (gene 2 high) proliferates, fate 1 does not
            int fate2 = 0;
            for (double[] x : last) {
                fate2 += x[1] > x[0] ? 1 : 0;
            }
            assertTrue(fate2 > last.length - fate2, "fate 2 should outgrow fate 1: " + fate2 + " of " + last.length);
        }
    }

    /**
     * The simulated relative mass N_k / N_0 (branching) against the Feynman–Kac mean E[exp(∫ g dt)] over
     * non-branching Euler–Maruyama paths of the same SDE, integrated here from the GroundTruth methods alone.
     * 20000 starting cells keep the branching noise near 1% (with 400 cells r_4 varies by about 8% between seeds).
     */
    @Test
    void populationGrowthMatchesIntegratedTrueGrowth() {
        ToggleSwitch ts = ToggleSwitch.builder().cells(20_000).maxCellsPerTime(300).seed(11).build();
        SyntheticDataset d = ts.generate();
        double[] simulated = d.trueRelativeMasses();
        double[] predicted = feynmanKacMass(ts, 20_000, 0.01, new Random(12345));
        assertArrayEquals(simulated, d.snapshots().relativeMasses(), 1e-12);
        for (int k = 0; k < 5; k++) {
            assertEquals(300, d.snapshots().count(k), "the cap holds");
        }
        assertTrue(simulated[4] > 1.8, "the test needs real growth: r4 = " + simulated[4]);
        for (int k = 1; k < 5; k++) {
            double rel = Math.abs(simulated[k] / predicted[k] - 1);
            assertTrue(rel < 0.05, "t=" + k + ": simulated r=" + simulated[k] + ", integrated truth "
                    + predicted[k] + " (" + 100 * rel + "% apart)");
        }
    }

    /** The cap draws from its own stream: the population (masses) is the same, the sample a subset. */
    @Test
    void capSubsamplesWithoutChangingThePopulation() {
        SyntheticDataset all = ToggleSwitch.builder().seed(3).build().generate();
        SyntheticDataset capped = ToggleSwitch.builder().seed(3).maxCellsPerTime(250).build().generate();
        assertArrayEquals(all.trueRelativeMasses(), capped.trueRelativeMasses(), 0.0);
        assertArrayEquals(all.trueRelativeMasses(), capped.snapshots().relativeMasses(), 1e-12);
        for (int k = 0; k < 5; k++) {
            Set<List<Double>> full = new HashSet<>();
            for (double[] x : all.snapshots().points(k)) {
                full.add(List.of(x[0], x[1]));
            }
            double[][] sub = capped.snapshots().points(k);
            assertEquals(250, sub.length);
            for (double[] x : sub) {
                assertTrue(full.contains(List.of(x[0], x[1])), "a capped cell is a living cell");
            }
        }
    }

    @Test
    void jacobianMatchesFiniteDifferences() {
        ToggleSwitch ts = ToggleSwitch.builder().build();
        Random rnd = new Random(5);
        for (int trial = 0; trial < 50; trial++) {
            double[] x = {2.5 * rnd.nextDouble(), 2.5 * rnd.nextDouble()};
            double[][] j = ts.driftJacobian(0, x);
            for (int c = 0; c < 2; c++) {
                double eps = 1e-6;
                double[] up = x.clone();
                double[] dn = x.clone();
                up[c] += eps;
                dn[c] -= eps;
                double[] bu = ts.drift(0, up);
                double[] bd = ts.drift(0, dn);
                for (int r = 0; r < 2; r++) {
                    assertEquals((bu[r] - bd[r]) / (2 * eps), j[r][c], 1e-7, "J[" + r + "][" + c + "] at "
                            + Arrays.toString(x));
                }
            }
            // mutual inhibition: each gene lowers the other's production
            assertTrue(j[0][1] <= 0 && j[1][0] <= 0);
        }
    }

    /** The documented geometry: a saddle at (1.2, 1.2), unstable along x1 − x2 at 4/3, stable along x1 + x2 at −2. */
    @Test
    void progenitorPointIsASaddle() {
        ToggleSwitch ts = ToggleSwitch.builder().build();
        double[] b = ts.drift(0, new double[] {1.2, 1.2});
        assertEquals(0, b[0], 1e-12);
        assertEquals(0, b[1], 1e-12);
        double[][] j = ts.driftJacobian(0, new double[] {1.2, 1.2});
        // J is symmetric with equal diagonals: eigenvalues j00 ± j01 with eigenvectors (1, ±1)
        assertEquals(-2.0, j[0][0] + j[0][1], 1e-12);
        assertEquals(4.0 / 3, j[0][0] - j[0][1], 1e-12);
        // the attractors: the drift vanishes near (2.1, 0.3) and the fates have the documented growth
        double[] fate1 = fixedPoint(ts, new double[] {2.1, 0.3});
        double[] fate2 = fixedPoint(ts, new double[] {0.3, 2.1});
        assertEquals(fate1[0], fate2[1], 1e-9);
        assertTrue(ts.growth(0, fate2) > 0.4 && ts.growth(0, fate1) < 0, "fate 2 grows, fate 1 shrinks");
        assertEquals(ts.birthRate(0, fate2) - ts.deathRate(0, fate2), ts.growth(0, fate2), 1e-15);
    }

    @Test
    void badSettingsAreOneLineErrors() {
        assertBad(() -> ToggleSwitch.builder().cells(1).build(), "cells");
        assertBad(() -> ToggleSwitch.builder().times(0).build(), "times");
        assertBad(() -> ToggleSwitch.builder().times(0, 2, 1).build(), "increasing");
        assertBad(() -> ToggleSwitch.builder().times(0, Double.NaN).build(), "finite");
        assertBad(() -> ToggleSwitch.builder().sigma(-0.1).build(), "sigma");
        assertBad(() -> ToggleSwitch.builder().stepSize(0).build(), "stepSize");
        assertBad(() -> ToggleSwitch.builder().stepSize(2).build(), "stepSize");
        assertBad(() -> ToggleSwitch.builder().maxCellsPerTime(1).build(), "maxCellsPerTime");
        assertBad(() -> ToggleSwitch.builder().birthRate(-1, 0).build(), "birthRate");
        assertBad(() -> ToggleSwitch.builder().initialMean(Double.NaN, 1).build(), "initialMean");
        assertBad(() -> ToggleSwitch.builder().deathRate(30, 0).cells(2).build().generate(), "alive");
        assertBad(() -> ToggleSwitch.builder().build().drift(0, new double[3]), "2 values");
    }

    // ---- helpers (independent of the generator's code) ----

    static void assertBad(org.junit.jupiter.api.function.Executable e, String mentions) {
        RuotException ex = assertThrows(RuotException.class, e);
        assertFalse(ex.getMessage().contains("\n"), "one line: " + ex.getMessage());
        assertTrue(ex.getMessage().contains(mentions), ex.getMessage() + " should mention " + mentions);
    }

    /**
     * Generates with {@code seed} twice and with {@code seed + 1}: the same seed must repeat every cell and mass,
     * the other must give other cells at every time. Returns the first run.
     */
    static Snapshots assertSeedDecides(LongFunction<Snapshots> generate, long seed) {
        Snapshots a = generate.apply(seed);
        Snapshots b = generate.apply(seed);
        Snapshots c = generate.apply(seed + 1);
        assertArrayEquals(a.counts(), b.counts());
        for (int k = 0; k < a.numTimes(); k++) {
            assertArrayEquals(a.flat(k), b.flat(k), 0.0, "t index " + k);
            assertFalse(Arrays.equals(a.flat(k), c.flat(k)), "another seed must give other cells at t index " + k);
        }
        assertArrayEquals(a.relativeMasses(), b.relativeMasses(), 0.0);
        return a;
    }

    /** Mean over M unbranched EM paths of exp(∫ g dt) (left-point rule), at each sampling time. */
    static double[] feynmanKacMass(ToggleSwitch ts, int paths, double h, Random rnd) {
        double[] times = ts.times();
        double[] m = ts.initialMean();
        double s0 = ts.initialSpread();
        double[] sum = new double[times.length];
        for (int p = 0; p < paths; p++) {
            double[] x = {m[0] + s0 * rnd.nextGaussian(), m[1] + s0 * rnd.nextGaussian()};
            double logW = 0;
            sum[0] += 1;
            double t = times[0];
            for (int k = 1; k < times.length; k++) {
                int steps = (int) Math.round((times[k] - times[k - 1]) / h);
                double dt = (times[k] - times[k - 1]) / steps;
                for (int i = 0; i < steps; i++) {
                    double[] b = ts.drift(t, x);
                    logW += ts.growth(t, x) * dt;
                    double sq = ts.sigma(t) * Math.sqrt(dt);
                    x[0] += b[0] * dt + sq * rnd.nextGaussian();
                    x[1] += b[1] * dt + sq * rnd.nextGaussian();
                    t += dt;
                }
                sum[k] += Math.exp(logW);
            }
        }
        for (int k = 0; k < sum.length; k++) {
            sum[k] /= paths;
        }
        return sum;
    }

    /** Newton iteration on the drift, from a starting guess. */
    static double[] fixedPoint(ToggleSwitch ts, double[] x0) {
        double[] x = x0.clone();
        for (int it = 0; it < 50; it++) {
            double[] b = ts.drift(0, x);
            double[][] j = ts.driftJacobian(0, x);
            double det = j[0][0] * j[1][1] - j[0][1] * j[1][0];
            x[0] -= (j[1][1] * b[0] - j[0][1] * b[1]) / det;
            x[1] -= (-j[1][0] * b[0] + j[0][0] * b[1]) / det;
        }
        double[] b = ts.drift(0, x);
        assertEquals(0, Math.hypot(b[0], b[1]), 1e-10, "Newton must converge to a fixed point");
        return x;
    }

    /** The coordinate along x1 − x2, the axis that separates the fates. */
    static double[] projection(double[][] pts) {
        double[] z = new double[pts.length];
        for (int i = 0; i < pts.length; i++) {
            z[i] = (pts[i][0] - pts[i][1]) / Math.sqrt(2);
        }
        return z;
    }

    /** Sarle's sample bimodality coefficient (γ² + 1) / (κ + 3 (n−1)² / ((n−2)(n−3))); > 5/9 suggests two modes. */
    static double sarle(double[] z) {
        int n = z.length;
        double mean = Arrays.stream(z).average().orElseThrow();
        double m2 = 0;
        double m3 = 0;
        double m4 = 0;
        for (double v : z) {
            double e = v - mean;
            m2 += e * e;
            m3 += e * e * e;
            m4 += e * e * e * e;
        }
        m2 /= n;
        m3 /= n;
        m4 /= n;
        double g1 = m3 / Math.pow(m2, 1.5);
        double g2 = m4 / (m2 * m2) - 3;
        double skew = Math.sqrt((double) n * (n - 1)) / (n - 2) * g1;
        double kurt = (n - 1.0) / ((n - 2.0) * (n - 3.0)) * ((n + 1) * g2 + 6);
        return (skew * skew + 1) / (kurt + 3.0 * (n - 1) * (n - 1) / ((n - 2.0) * (n - 3.0)));
    }

    /** Lloyd's 2-means, started from the two points farthest apart along x1 − x2. */
    static final class TwoMeans {
        final double[][] centre = new double[2][];
        final int[] size = new int[2];
        double sumSq;

        static TwoMeans fit(double[][] pts) {
            TwoMeans km = new TwoMeans();
            double[] z = projection(pts);
            int lo = 0;
            int hi = 0;
            for (int i = 0; i < z.length; i++) {
                lo = z[i] < z[lo] ? i : lo;
                hi = z[i] > z[hi] ? i : hi;
            }
            km.centre[0] = pts[lo].clone();
            km.centre[1] = pts[hi].clone();
            int[] label = new int[pts.length];
            for (int it = 0; it < 100; it++) {
                double[][] acc = new double[2][2];
                Arrays.fill(km.size, 0);
                km.sumSq = 0;
                for (int i = 0; i < pts.length; i++) {
                    double d0 = dist2(pts[i], km.centre[0]);
                    double d1 = dist2(pts[i], km.centre[1]);
                    label[i] = d1 < d0 ? 1 : 0;
                    km.sumSq += Math.min(d0, d1);
                    km.size[label[i]]++;
                    acc[label[i]][0] += pts[i][0];
                    acc[label[i]][1] += pts[i][1];
                }
                for (int c = 0; c < 2; c++) {
                    km.centre[c] = new double[] {acc[c][0] / km.size[c], acc[c][1] / km.size[c]};
                }
            }
            return km;
        }

        int smaller() {
            return Math.min(size[0], size[1]);
        }

        double separation() {
            return Math.sqrt(dist2(centre[0], centre[1]));
        }

        /** Root mean squared distance of a cell to its centre. */
        double withinSpread() {
            return Math.sqrt(sumSq / (size[0] + size[1]));
        }

        static double dist2(double[] a, double[] b) {
            double dx = a[0] - b[0];
            double dy = a[1] - b[1];
            return dx * dx + dy * dy;
        }
    }

    @Test
    void differentSettingsGiveDifferentTruthParameters() {
        ToggleSwitch a = ToggleSwitch.builder().sigma(0.05).build();
        ToggleSwitch b = a.toBuilder().seed(99).build();
        assertEquals(0.05, b.sigma(0), 0.0);
        assertEquals(99L, b.seed());
        assertNotEquals(a.parameters(), b.parameters());
    }
}
