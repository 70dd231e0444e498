package org.ruot4j.train;

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
}
