package org.ruot4j.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ruot4j.RuotException;
import org.ruot4j.data.Snapshots;
import org.ruot4j.data.WeightedCloud;

class PlotPartsTest {
    @Test
    void viridisGetsLighterAndCoolwarmIsSymmetric() {
        double prev = -1;
        for (int i = 0; i <= 100; i++) {
            double l = ColourMap.luminance(ColourMap.VIRIDIS.at(i / 100.0));
            assertTrue(l > prev, "viridis luminance must increase, fails at " + i);
            prev = l;
        }
        assertEquals(new Color(0x440154), ColourMap.VIRIDIS.at(-3)); // clamped
        assertEquals(new Color(0xfde725), ColourMap.VIRIDIS.at(7));
        // cool-warm: blue end, red end, a light grey (not white) middle, luminance symmetric to within 0.1
        Color lo = ColourMap.COOLWARM.at(0);
        Color hi = ColourMap.COOLWARM.at(1);
        Color mid = ColourMap.COOLWARM.at(0.5);
        assertTrue(lo.getBlue() > lo.getRed() && hi.getRed() > hi.getBlue());
        assertTrue(mid.getRed() == mid.getGreen() && mid.getGreen() == mid.getBlue() && mid.getRed() < 240);
        for (int i = 0; i <= 10; i++) {
            double a = ColourMap.luminance(ColourMap.COOLWARM.at(0.5 - i / 20.0));
            double b = ColourMap.luminance(ColourMap.COOLWARM.at(0.5 + i / 20.0));
            assertEquals(a, b, 0.02, "asymmetric at ±" + i / 20.0);
            assertTrue(a <= ColourMap.luminance(mid) + 1e-9);
        }
        assertEquals(ColourMap.COOLWARM.at(0.25), ColourMap.COOLWARM.at(-1, -2, 2));
    }

    @Test
    void niceTicksAreRoundAndInsideTheRange() {
        assertArrayEquals(new double[] {-3, -2, -1, 0, 1, 2, 3}, FieldChart.Ticks.nice(-3, 3, 7), 1e-12);
        assertArrayEquals(new double[] {0, 10, 20}, FieldChart.Ticks.nice(0, 21.3, 5), 1e-12); // never more than asked
        for (double[] r : new double[][] {{-0.0137, 0.0211}, {3.2, 1234.5}, {-7e-5, 9e-5}, {0.5, 0.51}}) {
            double[] t = FieldChart.Ticks.nice(r[0], r[1], 6);
            assertTrue(t.length >= 2, Arrays.toString(r));
            double step = t[1] - t[0];
            double mant = step / Math.pow(10, Math.floor(Math.log10(step)));
            assertTrue(List.of(1.0, 2.0, 2.5, 5.0).stream().anyMatch(m -> Math.abs(m - mant) < 1e-9), "step " + step);
            for (double v : t) {
                assertTrue(v >= r[0] - 1e-12 && v <= r[1] + 1e-12, v + " outside " + Arrays.toString(r));
            }
        }
        assertEquals("0.25", FieldChart.Ticks.format(0.25, new double[] {0, 0.25, 0.5}));
        assertEquals("-2", FieldChart.Ticks.format(-2, FieldChart.Ticks.nice(-3, 3, 7)));
        assertEquals("0.5", FieldChart.Ticks.format(0.5, FieldChart.Ticks.nice(-1, 1.2, 7)));
        assertEquals("2E-4", FieldChart.Ticks.format(2e-4, new double[] {0, 2e-4, 4e-4}));
    }

    @Test
    void arrowHeadsAreSymmetricFixedLengthBarbsInScreenSpace() {
        // x and y scales differ (100 vs 10 pixels per unit): barbs must be 6 px long at ±25° on screen
        double sx = 100;
        double sy = 10;
        double[][] xy = FieldChart.arrowPolylineForTest(new double[][] {{0, 0}}, new double[][] {{1, 5}}, 6, sx, sy);
        assertEquals(7, xy[0].length);
        assertTrue(Double.isNaN(xy[0][2]) && Double.isNaN(xy[1][6]));
        double tipX = xy[0][1] * sx;
        double tipY = xy[1][1] * sy;
        double dirX = 1 * sx;
        double dirY = 5 * sy;
        double n = Math.hypot(dirX, dirY);
        for (int b : new int[] {3, 5}) {
            double bx = xy[0][b] * sx - tipX;
            double by = xy[1][b] * sy - tipY;
            assertEquals(6, Math.hypot(bx, by), 1e-9, "barb length in pixels");
            double cos = -(bx * dirX + by * dirY) / (6 * n);
            assertEquals(Math.cos(Math.toRadians(25)), cos, 1e-9, "barb angle");
        }
        // the two barbs mirror each other about the shaft
        double cross3 = (xy[0][3] * sx - tipX) * dirY - (xy[1][3] * sy - tipY) * dirX;
        double cross5 = (xy[0][5] * sx - tipX) * dirY - (xy[1][5] * sy - tipY) * dirX;
        assertEquals(-cross3, cross5, 1e-9);
        // a short arrow gets a head half its length
        double[][] shortArrow = FieldChart.arrowPolylineForTest(new double[][] {{0, 0}}, new double[][] {{0.04, 0}}, 6, sx, sy);
        assertEquals(2, Math.hypot((shortArrow[0][3] - 0.04) * sx, shortArrow[1][3] * sy), 1e-9);
    }

    @Test
    void recordsRejectInconsistentInput() {
        assertThrows(RuotException.class, () -> new WeightedCloud("ODE", new double[][] {{0, 0}}, new double[] {1, 2}));
        assertThrows(RuotException.class, () -> new WeightedCloud("ODE", new double[][] {{0, 0}, {1}}, null));
        assertThrows(RuotException.class, () -> new WeightedCloud("ODE", 0, new double[] {0, 0, 1}, 2, null));
        Snapshots data = Snapshots.builder("a", "b").add(0, 0, 0).add(0, 1, 0).add(1, 1, 1).add(1, 0, 1).build();
        RuotException bad = assertThrows(RuotException.class, () -> Figures.predictedVsObserved(data, 1,
                new WeightedCloud("ODE", new double[][] {{0, 0}}, new double[] {-1}), 0, 1));
        assertTrue(bad.getMessage().contains("weight 0 is -1.0"), bad.getMessage());
        assertThrows(RuotException.class, () -> Figures.predictedVsObserved(data, 1,
                new WeightedCloud("ODE", new double[][] {{0, 0, 0}}, null), 0, 1));
        assertThrows(RuotException.class,
                () -> new GridValues(new double[] {0, 1}, new double[] {0, 1}, new double[][] {{1, 2}}));
        assertThrows(RuotException.class, () -> new GridValues(new double[] {0, 0}, new double[] {0, 1},
                new double[][] {{1, 2}, {3, 4}}));
        RuotException e = assertThrows(RuotException.class,
                () -> Figures.growthMap(new double[][] {{0, 0}, {1, 1}}, new double[] {1, 2}, List.of("a", "b"), 0, 2));
        assertTrue(e.getMessage().contains("feature index 2"), e.getMessage());
        assertThrows(RuotException.class, () -> Figures.particleWeights(new double[] {0, 1}, new double[][] {{1}}, false,
                false));
    }

    @Test
    void subsetsAreSortedDistinctAndSpreadOut() {
        int[] s = PlotData.sample(1000, 50);
        assertEquals(50, s.length);
        for (int i = 1; i < s.length; i++) {
            assertTrue(s[i] > s[i - 1]);
        }
        assertArrayEquals(s, PlotData.sample(1000, 50), "same seed, same subset");
        // two far-apart clusters, interleaved in storage: both must receive arrows
        double[][] pts = new double[400][];
        for (int i = 0; i < pts.length; i++) {
            double side = i % 2 == 0 ? 5 : -5;
            pts[i] = new double[] {side + 0.01 * (i % 17), 0.01 * (i % 13)};
        }
        int[] picked = PlotData.spreadOut(pts, 0, 1, 30);
        assertTrue(picked.length <= 30 && picked.length > 0);
        long left = Arrays.stream(picked).filter(i -> pts[i][0] < 0).count();
        assertTrue(left > 0 && left < picked.length, "arrows only on one cluster");
    }

    @Test
    void decimalPatternsKeepTheLeadingZero() {
        assertEquals("0.###", ChartStyle.decimalPattern(List.of(0.0, 0.4), null, null));
        assertEquals("0", ChartStyle.decimalPattern(List.of(0.0, 180.0), null, null));
        assertEquals(null, ChartStyle.decimalPattern(List.of(0.0, 1e7), null, null));
        assertEquals("0.##", ChartStyle.decimalPattern(List.of(0.5, 3.0), null, 8.0)); // fixed axis max counts
    }
}
