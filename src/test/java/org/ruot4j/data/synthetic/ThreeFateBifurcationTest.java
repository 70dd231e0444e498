package org.ruot4j.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ruot4j.RuotException;
import org.ruot4j.data.Snapshots;

class ThreeFateBifurcationTest {
    private final ThreeFateBifurcation model = ThreeFateBifurcation.builder().build();

    private static double logSum(ThreeFateBifurcation m, double x, double y) {
        double s = 0;
        for (int c = 0; c < 3; c++) {
            double[] w = m.well(c);
            s += Math.exp(-((x - w[0]) * (x - w[0]) + (y - w[1]) * (y - w[1])) / (2 * 0.36));
        }
        return Math.log(s);
    }

    @Test
    void driftIsTheGradientOfTheWellPotential() {
        // b = γ ℓ² ∇ log Σ_c exp(−‖x − m_c‖²/(2ℓ²)), γ = 1, ℓ = 0.6
        double h = 1e-5;
        for (double[] x : new double[][] {{0.3, -0.2}, {1.0, 1.0}, {-0.7, 0.1}, {0, 1.5}}) {
            double gx = (logSum(model, x[0] + h, x[1]) - logSum(model, x[0] - h, x[1])) / (2 * h);
            double gy = (logSum(model, x[0], x[1] + h) - logSum(model, x[0], x[1] - h)) / (2 * h);
            double[] b = model.drift(0, x);
            assertEquals(0.36 * gx, b[0], 1e-7);
            assertEquals(0.36 * gy, b[1], 1e-7);
        }
        // the origin is a symmetric unstable point: Jacobian γ (R²/(2ℓ²) − 1) I
        double[][] j = model.driftJacobian(0, new double[] {0, 0});
        double rate = 1.5 * 1.5 / (2 * 0.36) - 1;
        assertEquals(rate, j[0][0], 1e-5);
        assertEquals(rate, j[1][1], 1e-5);
        assertEquals(0, j[0][1], 1e-5);
    }

    @Test
    void growthFollowsTheWells() {
        assertEquals(0.5, model.growth(0, model.well(0)), 1e-3);
        assertEquals(0.0, model.growth(0, model.well(1)), 1e-3);
        assertEquals(-0.4, model.growth(0, model.well(2)), 1e-3);
        assertEquals(2, model.fate(new double[] {1.2, -0.8}));
    }

    @Test
    void cellsSplitIntoThreeFatesAndMassesFollowGrowth() {
        SyntheticDataset ds = ThreeFateBifurcation.builder().seed(4).build().generate();
        Snapshots s = ds.snapshots();
        Snapshots again = ThreeFateBifurcation.builder().seed(4).build().generate().snapshots();
        assertArrayEquals(s.flat(3), again.flat(3), "seeded");
        int[] count = new int[3];
        for (double[] x : s.points(1)) {
            count[model.fate(x)]++;
        }
        for (int c = 0; c < 3; c++) {
            assertTrue(count[c] > 0.2 * s.count(1), "fate " + c + " has " + count[c] + " of " + s.count(1) + " cells");
        }
        // fate 1 grows, fate 3 declines: the mass grows but less than exp(0.5 t)
        double r3 = s.relativeMass(3);
        assertTrue(r3 > 1.2 && r3 < Math.exp(1.5), "r(3) = " + r3);
        assertThrows(RuotException.class, () -> ThreeFateBifurcation.builder().birth(1, 2).build());
    }
}
