package org.ruot4j.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ruot4j.Session;
import org.ruot4j.data.synthetic.SyntheticDataset;
import org.ruot4j.data.synthetic.ToggleSwitch;

/**
 * The quick preset's pretraining alone, on toggle-switch data other than the quickstart's (another seed, half the
 * cells) whose fates grow in opposite directions (fate 2 divides, fate 1 dies), must learn a growth rate with the true
 * sign at most cells of both fates. (A 25-epoch pretraining at h = 0.1 no longer does since the quick preset trains g
 * through the OT weights too: g > 0 at both fates.)
 */
class GrowthRecoveryTest {
    @Test
    void shortFitRecoversGrowthSignAtBothFates() {
        SyntheticDataset ds = ToggleSwitch.builder().cells(200).times(0, 1, 2, 3, 4).sigma(0.1).seed(2)
                .maxCellsPerTime(400).deathRate(0.2, 0.4).build().generate();
        try (Session s = Session.create().preset("quick").load(ds.snapshots())) {
            s.pretrain();
            FateGrowthCheck.Result g = FateGrowthCheck.compare(s.model(), ds.snapshots(), ds.truth());
            String msg = g.summary() + "; pooled sign accuracy " + g.signAccuracy();
            assertTrue(g.trueMean()[0] < 0 && g.trueMean()[1] > 0, "the test data must have opposite fates: " + msg);
            assertTrue(g.learnedMean()[1] > 0, msg);
            assertTrue(g.learnedMean()[0] < 0, msg);
            assertTrue(g.accuracy()[0] >= 0.85 && g.accuracy()[1] >= 0.85, msg);
        }
    }
}
