package org.ruot4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import org.junit.jupiter.api.Test;
import org.ruot4j.data.synthetic.SyntheticDataset;
import org.ruot4j.data.synthetic.ToggleSwitch;
import org.ruot4j.dynamics.RuotModel;
import org.ruot4j.nn.Activation;
import org.ruot4j.nn.Mlp;

/** Per-fate growth-sign accuracy: a growth rate of one sign fails the fate whose true rate has the other sign. */
class FateGrowthCheckTest {

    @Test
    void aConstantGrowthRateGetsOneFateEntirelyWrong() {
        SyntheticDataset ds = ToggleSwitch.builder().cells(300).times(0, 2, 4).sigma(0.1).seed(2).deathRate(0.2, 0.4)
                .build().generate();
        RuotModel.Spec spec = new RuotModel.Spec(2, 0.1, true, false, 1, 8, 1, 8, 1, 8, 1, Activation.TANH);
        try (RuotModel m = RuotModel.create(spec, Device.cpu(), 1)) {
            // g ≡ +1: zero output weights, output bias 1
            int last = m.growthNet().spec().linearLayers() - 1;
            NDArray w = m.store().get(Mlp.weightName("g", last));
            w.stopGradient().muli(0);
            m.store().get(Mlp.biasName("g", last)).stopGradient().muli(0).addi(1.0);
            FateGrowthCheck.Result r = FateGrowthCheck.compare(m, ds.snapshots(), ds.truth());
            assertTrue(r.cells()[0] > 10 && r.cells()[1] > 10, r.summary());
            assertTrue(r.trueMean()[0] < 0 && r.trueMean()[1] > 0, "fate 1 declines, fate 2 grows: " + r.summary());
            assertEquals(1.0, r.learnedMean()[0], 1e-6);
            assertTrue(r.accuracy()[0] < 0.05, "g > 0 everywhere must fail the declining fate: " + r.summary());
            assertTrue(r.accuracy()[1] > 0.95, r.summary());
            assertEquals(r.accuracy()[0], r.worst());
        }
    }

    @Test
    void scoreCountsSignAgreementPerFateAndPooled() {
        double[][] x = {{2, 0}, {0, 2}, {3, 1}, {1, 3}, {0, 1}};
        double[] truth = {-1, 1, -0.5, 2, 1};
        double[] learned = {-0.2, -0.1, 0.3, 0.5, 1};
        FateGrowthCheck.Result r = FateGrowthCheck.score(4, x, learned, truth, 2, FateGrowthCheck::highestCoordinate);
        assertArrayEquals(new int[] {2, 3}, r.cells());
        assertArrayEquals(new int[] {1, 2}, r.agreeing());
        assertArrayEquals(new double[] {0.5, 2.0 / 3}, r.accuracy(), 0.0);
        assertEquals(0.6, r.signAccuracy(), 0.0);
        assertEquals(5, r.cellCount());
        assertArrayEquals(new double[] {-0.75, 4.0 / 3}, r.trueMean(), 1e-15);
        assertArrayEquals(new double[] {0.05, 1.4 / 3}, r.learnedMean(), 1e-15);
        assertEquals(0.5, r.worst(), 0.0);
        assertEquals((0.5 + 2.0 / 3) / 2, r.balancedAccuracy(), 1e-15);
    }

    @Test
    void balancedAccuracyDoesNotRewardAConstantSign() {
        // 9 of 10 cells grow: g > 0 everywhere scores 0.9 pooled, 0.5 balanced (by fate or by the true sign)
        double[][] x = new double[10][];
        double[] truth = new double[10];
        double[] learned = new double[10];
        for (int i = 0; i < 10; i++) {
            x[i] = i == 0 ? new double[] {2, 0} : new double[] {0, 2};
            truth[i] = i == 0 ? -0.4 : 0.45;
            learned[i] = 0.1;
        }
        FateGrowthCheck.Result byFate = FateGrowthCheck.score(4, x, learned, truth, 2, FateGrowthCheck::highestCoordinate);
        assertEquals(0.9, byFate.signAccuracy(), 1e-15);
        assertEquals(0.5, byFate.balancedAccuracy(), 1e-15);
        FateGrowthCheck.Result bySign = FateGrowthCheck.byTrueSign(4, learned, truth);
        assertArrayEquals(new int[] {1, 9}, bySign.cells());
        assertEquals(0.5, bySign.balancedAccuracy(), 1e-15);
    }
}
