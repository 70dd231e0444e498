package org.ruot4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ruot4j.dynamics.SdeSolver;
import org.ruot4j.ot.Emd;
import org.ruot4j.ot.Metric;
import org.ruot4j.ot.OtPlan;

/** SF2M bridge samples against the formulas of DESIGN.md §3.4 worked out by hand. */
class BridgeSamplerTest {

    @Test
    void formulasByHand() {
        // τ = 1/4, σ = 1/2: τ(1 − τ) = 3/16, √ = √3/4
        double sd = BridgeSampler.sigmaT(0.25, 0.5);
        assertEquals(Math.sqrt(3) / 8, sd, 1e-15);
        // x0 = 0, x1 = 2, ε = 1: 0.75·0 + 0.25·2 + √3/8
        assertEquals(0.5 + Math.sqrt(3) / 8, BridgeSampler.sampleXt(0, 2, 0.25, sd, 1), 1e-15);
        // x0 = 4, x1 = -4, ε = -2: 3 − 1 − √3/4
        assertEquals(2 - Math.sqrt(3) / 4, BridgeSampler.sampleXt(4, -4, 0.25, sd, -2), 1e-15);
        // λ = 2 (√3/4) / (1/2) = √3
        assertEquals(Math.sqrt(3), BridgeSampler.lambda(0.25, 0.5), 1e-15);
        // the ends of the bridge are the pair itself, with no noise and zero weight
        assertEquals(0, BridgeSampler.sigmaT(0, 0.5));
        assertEquals(0, BridgeSampler.lambda(1, 0.5));
    }

    @Test
    void oneIntervalReplaysTheDrawsInOrder() {
        // one pair (x0 → x1) in 2-D between t = 2 and t = 6, σ = 0.3
        double[] x0 = {1, -1};
        double[] x1 = {3, 5};
        double sigma = 0.3;
        OtPlan plan = Emd.emd(null, null, x0, 1, x1, 1, 2, Metric.SQEUCLIDEAN);
        BridgeSampler s = new BridgeSampler(new double[][] {x0, x1}, new int[] {1, 1}, new OtPlan[] {plan},
                new double[] {2, 6}, 2, sigma);
        BridgeSampler.Batch b = s.sample(3, new SplittableRandom(7));
        assertEquals(3, b.rows());
        SplittableRandom replay = new SplittableRandom(7);
        replay.nextLong(); // the seed of the pair sampling
        for (int r = 0; r < 3; r++) {
            double tau = replay.nextDouble();
            assertEquals(2 + 4 * tau, b.t()[r], 1e-14);
            assertEquals(2 * Math.sqrt(tau * (1 - tau)) / sigma, b.lambda()[r], 1e-14);
            for (int c = 0; c < 2; c++) {
                double e = SdeSolver.normal(replay);
                assertEquals(e, b.eps()[r * 2 + c], 0);
                double expected = (1 - tau) * x0[c] + tau * x1[c] + sigma * Math.sqrt(tau * (1 - tau)) * e;
                assertEquals(expected, b.x()[r * 2 + c], 1e-14);
            }
        }
    }

    @Test
    void lambdaTimesTheBridgeScoreIsMinusEpsilon() {
        // s = (σ²/2) log p_τ(x | x0, x1) with p_τ = N((1−τ)x0 + τx1, σ_τ² I): ∇s = −(σ²/2)(x − μ_τ)/σ_τ², and the
        // SF2M weight λ must turn it into exactly −ε (a wrong factor in λ, σ_τ or x_τ breaks this)
        double sigma = 0.7;
        double[] x0 = {0, 10};
        double[] x1 = {1, 11};
        OtPlan plan = Emd.emd(null, null, x0, 2, x1, 2, 1, Metric.SQEUCLIDEAN);
        BridgeSampler s = new BridgeSampler(new double[][] {x0, x1}, new int[] {2, 2}, new OtPlan[] {plan},
                new double[] {0, 1}, 1, sigma);
        BridgeSampler.Batch b = s.sample(400, new SplittableRandom(11));
        int[] pairUsed = new int[2];
        for (int r = 0; r < b.rows(); r++) {
            double tau = b.t()[r];
            double sdev = sigma * Math.sqrt(tau * (1 - tau));
            // the plan pairs 0 ↔ 1 and 10 ↔ 11 (never a crossed pair): find the mean this sample belongs to
            int pair = Math.abs(b.x()[r] - (10 + tau)) < Math.abs(b.x()[r] - tau) ? 1 : 0;
            pairUsed[pair]++;
            double mu = (1 - tau) * x0[pair] + tau * x1[pair];
            double gradS = -(sigma * sigma / 2) * (b.x()[r] - mu) / (sdev * sdev);
            assertEquals(-b.eps()[r], b.lambda()[r] * gradS, 1e-9 * Math.max(1, Math.abs(b.eps()[r])));
        }
        // both pairs carry half the plan's mass
        assertTrue(pairUsed[0] > 150 && pairUsed[1] > 150, pairUsed[0] + " / " + pairUsed[1]);
    }
}
