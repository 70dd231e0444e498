package org.ruot4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ruot4j.RuotException;
import org.ruot4j.data.Snapshots;

/** The auto preset's rules, on made-up data summaries: a pure function, each rule visible in its output. */
class AutoSettingsTest {

    private static AutoSettings.DataSummary summary(int d, double[] times, int[] counts, double sd) {
        double[] s = new double[d];
        java.util.Arrays.fill(s, sd);
        return new AutoSettings.DataSummary(d, times, counts, s);
    }

    private static final double[] FIVE = {0, 1, 2, 3, 4};

    @Test
    void sameSummaryGivesTheSameSettings() {
        AutoSettings.DataSummary s = summary(2, FIVE, new int[] {400, 500, 600, 700, 800}, 0.6);
        assertEquals(AutoSettings.derive(s, 0.05).choices(), AutoSettings.derive(s, 0.05).choices());
        assertEquals(AutoSettings.derive(s, null).choices(),
                AutoSettings.derive(summary(2, FIVE, new int[] {400, 500, 600, 700, 800}, 0.6), null).choices());
    }

    @Test
    void sigmaIsTheGivenOneOrAnEstimateSaidToBeOne() {
        AutoSettings.DataSummary s = summary(2, FIVE, new int[] {400, 500, 600, 700, 800}, 0.6);
        AutoSettings.Derived given = AutoSettings.derive(s, 0.05);
        assertEquals("0.05", given.get("sigma"));
        assertEquals("given", given.choices().get(0).why());
        AutoSettings.Derived est = AutoSettings.derive(s, null);
        assertEquals(0.06, Double.parseDouble(est.get("sigma")), 1e-12, "0.1 x median sd 0.6");
        assertTrue(est.choices().get(0).why().startsWith("ESTIMATED"), est.choices().get(0).why());
        // the estimate follows the scale of the features
        AutoSettings.Derived big = AutoSettings.derive(summary(2, FIVE, new int[] {400, 500, 600, 700, 800}, 60), null);
        assertEquals(6.0, Double.parseDouble(big.get("sigma")), 1e-12);
    }

    @Test
    void stepIsATwentiethOfTheMeanGapAndAFifthOfTheSmallest() {
        int[] n = {300, 300, 300, 300};
        assertEquals("0.05", AutoSettings.derive(summary(2, new double[] {0, 1, 2, 3}, n, 1), 0.1).get("step"));
        AutoSettings.Derived days = AutoSettings.derive(summary(2, new double[] {0, 10, 20, 30}, n, 1), 0.1);
        assertEquals("0.5", days.get("step"));
        assertEquals(days.get("step"), days.get("eval.step"));
        assertEquals(days.get("step"), days.get("train.step"));
        // one short gap in a long span: at least 5 steps in the shortest gap
        AutoSettings.Derived uneven = AutoSettings.derive(summary(2, new double[] {0, 0.5, 20}, new int[] {300, 300, 300},
                1), 0.1);
        assertEquals("0.1", uneven.get("step"));
    }

    @Test
    void stageAGetsTheSameOptimizerStepsWhateverTheNumberOfIntervals() {
        // stage A steps once per interval and epoch: 600 steps are 150 epochs of 4 intervals, 300 of 2, 600 of 1
        assertEquals("150", AutoSettings.derive(summary(2, FIVE, new int[] {300, 300, 300, 300, 300}, 1), 0.1)
                .get("pretrain.epochs"));
        assertEquals("200", AutoSettings.derive(summary(2, new double[] {0, 1, 2, 3}, new int[] {300, 300, 300, 300},
                1), 0.1).get("pretrain.epochs"));
        assertEquals("300", AutoSettings.derive(summary(2, new double[] {0, 1, 2}, new int[] {300, 300, 300}, 1), 0.1)
                .get("pretrain.epochs"));
        assertEquals("600", AutoSettings.derive(summary(50, new double[] {0, 1}, new int[] {500, 1400}, 1), 0.1)
                .get("pretrain.epochs"));
        // 7 intervals: 600 / 7 rounded up, so the steps are never fewer than 600
        double[] eight = {0, 1, 2, 3, 4, 5, 6, 7};
        int[] n8 = new int[8];
        java.util.Arrays.fill(n8, 300);
        assertEquals("86", AutoSettings.derive(summary(2, eight, n8, 1), 0.1).get("pretrain.epochs"));
        // the later stages keep their caps
        AutoSettings.Derived two = AutoSettings.derive(summary(2, new double[] {0, 1, 2}, new int[] {300, 300, 300},
                1), 0.1);
        assertEquals("30", two.get("pretrain.refine_epochs"));
        assertEquals("20", two.get("train.epochs"));
    }

    @Test
    void widthGrowsWithTheDimension() {
        int[] n = {500, 1400};
        double[] t = {0, 1};
        assertEquals("128", AutoSettings.derive(summary(2, t, n, 1), 0.1).get("width"));
        assertEquals("128", AutoSettings.derive(summary(16, t, n, 1), 0.1).get("width"));
        AutoSettings.Derived d50 = AutoSettings.derive(summary(50, t, n, 1), 0.1);
        assertEquals("256", d50.get("width"));
        assertEquals("256", d50.get("growth_width"));
        assertEquals("256", d50.get("score_width"));
        assertTrue(d50.choices().stream().anyMatch(c -> c.why().contains("Hutchinson")));
    }

    @Test
    void batchesAndHeldBackCellsFollowTheCellCounts() {
        double[] t = {0, 1, 2};
        AutoSettings.Derived small = AutoSettings.derive(summary(10, t, new int[] {400, 500, 600}, 1), 0.1);
        assertEquals("0", small.get("batch"));
        assertEquals("400", small.get("score.batch"));
        assertEquals("0", small.get("validation.fraction"), "a few hundred cells per time: every cell trains");
        AutoSettings.Derived some = AutoSettings.derive(summary(10, t, new int[] {2000, 2500, 3000}, 1), 0.1);
        assertEquals("0.1", some.get("validation.fraction"));
        assertEquals("1024", some.get("batch"));
        AutoSettings.Derived large = AutoSettings.derive(summary(30, t, new int[] {20000, 26000, 22000}, 1), 0.1);
        assertEquals("1024", large.get("batch"));
        assertEquals("1000", large.get("score.batch"));
        double f = Double.parseDouble(large.get("validation.fraction"));
        assertTrue(f * 26000 <= 1000 + 1e-9 && f > 0, "at most 1000 held-back cells per time: " + f);
        AutoSettings.Derived tiny = AutoSettings.derive(summary(2, t, new int[] {40, 60, 80}, 1), 0.1);
        assertEquals("0", tiny.get("validation.fraction"));
    }

    @Test
    void explicitKeysWinAndAreReportedAsGiven() {
        TrainingConfig c = TrainingConfig.preset("auto");
        assertEquals("auto", c.presetName());
        c.apply("width = 64\nsigma = 0.2");
        AutoSettings.Derived d = AutoSettings.derive(summary(50, new double[] {0, 1}, new int[] {500, 1400}, 1), null);
        List<String> lines = d.applyTo(c);
        assertEquals(64, c.getInt("width"), "an explicit key is never overridden");
        assertEquals(0.2, c.sigma());
        assertEquals(256, c.getInt("growth_width"), "a key the user did not set is derived");
        assertTrue(lines.stream().anyMatch(l -> l.contains("width") && l.contains("(given; auto would be 256)")),
                String.join("\n", lines));
        assertFalse(c.isExplicit("growth_width"), "derived keys stay derivable");
        // a preset resets what was explicit
        c.applyPreset("auto");
        assertFalse(c.isExplicit("width"));
        // forData takes σ from the config only when it is explicit
        Snapshots s = Snapshots.builder("a", "b").add(0, 0.0, 1.0).add(0, 1.0, 0.0).add(1, 2.0, 1.0).add(1, 1.0, 3.0)
                .build();
        assertTrue(AutoSettings.forData(c, s).choices().get(0).why().startsWith("ESTIMATED"));
        c.set("sigma", "0.3");
        assertEquals("0.3", AutoSettings.forData(c, s).get("sigma"));
    }

    @Test
    void autoPresetSelectsOnHeldBackCells() {
        TrainingConfig c = TrainingConfig.preset("auto");
        assertTrue(c.getDouble("validation.fraction") > 0);
        assertTrue(c.getInt("validation.patience") > 0);
        assertTrue(c.getBool("ot_weight_gradient"), "the simulation preset's method");
        assertEquals(0.0, TrainingConfig.preset("simulation").getDouble("validation.fraction"),
                "named presets reproduce the papers: no held-back cells");
        assertNotEquals(c.asMap(), TrainingConfig.preset("simulation").asMap());
    }

    @Test
    void summaryOfSnapshotsAndBadSummaries() {
        Snapshots s = Snapshots.builder("a", "b").add(0, 0.0, 1.0).add(0, 2.0, 1.0).add(2, 4.0, 1.0).add(2, 6.0, 1.0)
                .add(5, 1.0, 1.0).add(5, 1.0, 1.0).build();
        AutoSettings.DataSummary m = AutoSettings.DataSummary.of(s);
        assertEquals(2, m.dim());
        assertEquals(2.0, m.minGap());
        assertEquals(5.0, m.span());
        assertEquals(2, m.maxCount());
        assertEquals(2, m.minCount());
        // x1 = 0, 2, 4, 6, 1, 1: mean 14/6, population sd sqrt(Σ(x − mean)² / 6); x2 constant
        double mean = 14.0 / 6;
        double ss = 0;
        for (double x : new double[] {0, 2, 4, 6, 1, 1}) {
            ss += (x - mean) * (x - mean);
        }
        assertEquals(Math.sqrt(ss / 6), m.featureSd()[0], 1e-12);
        assertEquals(0.0, m.featureSd()[1], 1e-12);
        assertEquals(Math.sqrt(ss / 6) / 2, m.medianScale(), 1e-12);
        assertThrows(RuotException.class, () -> new AutoSettings.DataSummary(2, new double[] {0}, new int[] {1},
                new double[] {1, 1}));
    }

    @Test
    void validationKeysAreChecked() {
        TrainingConfig c = new TrainingConfig();
        assertThrows(RuotException.class, () -> c.set("validation.fraction", "0.5"));
        assertThrows(RuotException.class, () -> c.set("validation.lr_factor", "0"));
        assertThrows(RuotException.class, () -> c.set("validation.lr_factor", "1.5"));
        c.set("validation.fraction", "0.2");
        assertEquals(0.2, c.getDouble("validation.fraction"));
    }
}
