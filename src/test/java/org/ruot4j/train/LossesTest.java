package org.ruot4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ruot4j.dynamics.RuotModel;
import org.ruot4j.ot.Metrics;

/** The loss terms against values computed by hand on tiny inputs. */
class LossesTest {
    private NDManager m;

    @BeforeEach
    void setUp() {
        m = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        m.close();
    }

    private NDArray col(double... v) {
        return m.create(v, new Shape(v.length, 1));
    }

    @Test
    void localMassByHand() {
        // particles at 0 and 10; data at -1, 1, 9 (nearest: 0, 0, 1); r = 1.5, M = 3
        NDArray x = m.create(new double[] {0, 10}, new Shape(2, 1));
        NDArray w = col(0.7, 0.4);
        double loss = Losses.localMass(x, w, new double[] {-1, 1, 9}, 1.5).getDouble();
        // targets: r c_i / M = 1.5*2/3 = 1.0 and 1.5*1/3 = 0.5
        assertEquals(Math.pow(0.7 - 1.0, 2) + Math.pow(0.4 - 0.5, 2), loss, 1e-12);
    }

    @Test
    void globalMassByHand() {
        assertEquals(Math.pow(0.7 + 0.4 - 1.5, 2), Losses.globalMass(col(0.7, 0.4), 1.5).getDouble(), 1e-12);
    }

    @Test
    void energyDensityByHand() {
        // one particle: w = 2, v = (1, 2), ∇s = (3, 0), s = -0.5, g = 0.4, σ = 0.1, α = 1
        NDArray e = RuotModel.energyDensity(col(2), m.create(new double[] {1, 2}, new Shape(1, 2)),
                m.create(new double[] {3, 0}, new Shape(1, 2)), col(-0.5), col(0.4), 0.1, 1.0);
        double expected = 2 * (0.5 * 5 + 0.5 * 9 - 0.5 * 0.01 * 0.4 + 0.5 * 0.4 + 0.16);
        assertEquals(expected, e.getDouble(0, 0), 1e-12);
        assertEquals(3.0, Losses.energy(col(1, 2, 6)).getDouble(), 1e-12);
    }

    @Test
    void otLossIsTheExactPlanCost() {
        // x = {0, 3} with weights 1:3, y = {1, 2} uniform: the plan sends 1/4 of x=0 to y=1 (cost 1), 1/4 of x=3
        // to y=1 (cost 4) and 1/2 of x=3 to y=2 (cost 1): total 1/4 + 1 + 1/2 = 1.75
        NDArray x = m.create(new double[] {0, 3}, new Shape(2, 1));
        NDArray y = m.create(new double[] {1, 2}, new Shape(2, 1));
        assertEquals(1.75, Losses.ot(x, col(1, 3), y, new double[] {1, 2}).getDouble(), 1e-12);
    }

    @Test
    void otWeightGradientIsTheDerivativeOfTheExactCost() {
        // OT(w/Σw, ν) is piecewise linear in the weights; at generic weights its derivative is the dual potential
        // (envelope theorem). Central differences of the exact cost (float64 EMD, no tensors) against the
        // autograd gradient of the loss with throughWeights, and no weight gradient without it.
        Random rnd = new Random(5);
        int n = 6;
        int k = 7;
        double[] xh = new double[n * 2];
        double[] yh = new double[k * 2];
        double[] wh = new double[n];
        for (int i = 0; i < xh.length; i++) {
            xh[i] = rnd.nextGaussian();
        }
        for (int i = 0; i < yh.length; i++) {
            yh[i] = rnd.nextGaussian() + 0.5;
        }
        for (int i = 0; i < n; i++) {
            wh[i] = 0.5 + rnd.nextDouble();
        }
        NDArray y = m.create(yh, new Shape(k, 2));
        for (boolean through : new boolean[] {true, false}) {
            NDArray x = m.create(xh, new Shape(n, 2));
            x.setRequiresGradient(true); // the positions always carry a gradient
            NDArray w = m.create(wh, new Shape(n, 1));
            w.setRequiresGradient(true);
            double value;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = Losses.ot(x, w, y, yh, through);
                value = loss.getDouble();
                gc.backward(loss);
            }
            double[] grad = w.getGradient().toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray();
            assertEquals(exactCost(xh, wh, yh), value, 1e-12, "value unchanged by the dual term");
            double h = 1e-7;
            for (int i = 0; i < n; i++) {
                double[] up = wh.clone();
                double[] down = wh.clone();
                up[i] += h;
                down[i] -= h;
                double fd = (exactCost(xh, up, yh) - exactCost(xh, down, yh)) / (2 * h);
                assertTrue(Math.abs(fd) > 1e-3, "weights matter to the cost at " + i);
                assertEquals(through ? fd : 0.0, grad[i], 1e-6, "∂OT/∂w_" + i + (through ? "" : " (positions only)"));
            }
        }
    }

    private static double exactCost(double[] x, double[] w, double[] y) {
        return Metrics.squaredW2(x, w, w.length, y, y.length / 2, 2);
    }

    @Test
    void densityIsNormalisedByTheBatchMaximum() {
        // s = +5 with σ = 0.05 would give exp(4000) = ∞ in the unnormalised formula
        double[] r = Losses.safeDensity(col(5.0, 4.99, -1), 0.05).toDoubleArray();
        assertEquals(1.0, r[0], 1e-12);
        assertEquals(Math.exp(-0.01 * 800), r[1], 1e-9);
        assertEquals(Math.exp(-6 * 800), r[2], 1e-300);
        // s ≪ 0 (ρ = e^-800 and e^-880 underflow) still gives weight 1 at the densest point
        double[] low = Losses.safeDensity(col(-1.0, -1.1), 0.05).toDoubleArray();
        assertEquals(1.0, low[0], 1e-12);
        assertEquals(Math.exp(-0.1 * 800), low[1], 1e-40);
    }

    @Test
    void fokkerPlanckResidualByHand() {
        // two points, σ = 0.1 (2/σ² = 200), v = (1, 1), div v = 0.3, g = 0.2 at both.
        // point 1: s = 0, ∂t s = 0.01, ∇s = (0.02, 0): residual 200·0.03 + 0.3 − 0.2 = 6.1, weight 1
        // point 2: s = −0.005 (ρ̃ = e^{−1}), ∂t s = −0.01, ∇s = (0, 0): residual −2 + 0.1 = −1.9
        NDArray r = Losses.fokkerPlanck(col(0, -0.005), col(0.01, -0.01),
                m.create(new double[] {0.02, 0, 0, 0}, new Shape(2, 2)),
                m.create(new double[] {1, 1, 1, 1}, new Shape(2, 2)), m.create(new double[] {0.3, 0.3}),
                col(0.2, 0.2), 0.1);
        assertEquals((6.1 + Math.exp(-1) * 1.9) / 2, r.getDouble(), 1e-9);
    }

    @Test
    void fokkerPlanckResidualIgnoresTheOffsetOfS() {
        // the same field with s shifted by +10 (exp(2s/σ²) = e^2000 in the unnormalised form) and by −10
        // (e^-2000 = 0): finite and identical, because only ℓ − max ℓ enters
        NDArray grad = m.create(new double[] {0.02, 0, 0.01, 0.03}, new Shape(2, 2));
        NDArray v = m.create(new double[] {1, -1, 0.5, 2}, new Shape(2, 2));
        NDArray div = m.create(new double[] {0.3, -0.2});
        double base = Losses.fokkerPlanck(col(0, -0.01), col(0.01, 0.02), grad, v, div, col(0.1, -0.1), 0.1)
                .getDouble();
        double high = Losses.fokkerPlanck(col(10, 9.99), col(0.01, 0.02), grad, v, div, col(0.1, -0.1), 0.1)
                .getDouble();
        double low = Losses.fokkerPlanck(col(-10, -10.01), col(0.01, 0.02), grad, v, div, col(0.1, -0.1), 0.1)
                .getDouble();
        assertTrue(Double.isFinite(high) && base > 0);
        assertEquals(base, high, 1e-9 * base);
        assertEquals(base, low, 1e-9 * base);
    }

    @Test
    void mixtureDensityByHand() {
        double[] p = Losses.mixtureDensity(new double[] {0}, 1, new double[] {0, 2}, 2, 1, 0.5);
        double n = 1 / Math.sqrt(2 * Math.PI * 0.5);
        assertEquals(n * (1 + Math.exp(-4)) / 2, p[0], 1e-12);
    }
}
