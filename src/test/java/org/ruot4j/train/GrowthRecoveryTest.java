package org.ruot4j.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ruot4j.Session;
import org.ruot4j.data.synthetic.SyntheticDataset;
import org.ruot4j.data.synthetic.ToggleSwitch;

/**
 * A short fit on toggle-switch data whose fates grow in opposite directions (fate 2 divides, fate 1 dies) must
 * learn a growth rate with the true sign at both fates.
 */
class GrowthRecoveryTest {
    @Test
    void shortFitRecoversGrowthSignAtBothFates() {
        SyntheticDataset ds = ToggleSwitch.builder().cells(200).times(0, 1, 2, 3, 4).sigma(0.1).seed(2)
                .maxCellsPerTime(400).deathRate(0.2, 0.4).build().generate();
        try (Session s = Session.create().preset("quick")
                .config("batch = 0\npretrain.epochs = 25\npretrain.lr = 1e-3\npretrain.refine_epochs = 0\nstep = 0.1")
                .load(ds.snapshots())) {
            s.pretrain();
            FateGrowthCheck.Result g = FateGrowthCheck.compare(s.model(), ds.snapshots(), ds.truth());
            String msg = g.summary() + "; pooled sign accuracy " + g.signAccuracy();
            assertTrue(g.trueMean()[0] < 0 && g.trueMean()[1] > 0, "the test data must have opposite fates: " + msg);
            assertTrue(g.learnedMean()[1] > 0, msg);
            assertTrue(g.learnedMean()[0] < 0, msg);
            assertTrue(g.signAccuracy() > 0.7, msg);
        }
    }
}
