package org.ruot4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EarlyStoppingTest {

    @Test
    void stopsAfterPatienceEpochsWithoutABetterScore() {
        EarlyStopping e = new EarlyStopping(3, 0, 0.5);
        assertEquals(EarlyStopping.Verdict.IMPROVED, e.observe(1.0));
        assertEquals(EarlyStopping.Verdict.IMPROVED, e.observe(0.9));
        assertEquals(EarlyStopping.Verdict.NO_IMPROVEMENT, e.observe(0.95));
        // within the relative threshold of the best: not better
        assertEquals(EarlyStopping.Verdict.NO_IMPROVEMENT, e.observe(0.9 - 1e-6));
        assertEquals(EarlyStopping.Verdict.STOP, e.observe(Double.NaN));
        assertEquals(0.9, e.best());
        assertEquals(1.0, e.lrFactor());
    }

    @Test
    void lowersTheRateOnAPlateauAndRestartsTheCount() {
        EarlyStopping e = new EarlyStopping(0, 2, 0.5);
        e.observe(1.0);
        assertEquals(EarlyStopping.Verdict.NO_IMPROVEMENT, e.observe(1.0));
        assertEquals(EarlyStopping.Verdict.REDUCED_LR, e.observe(1.1));
        assertEquals(0.5, e.lrFactor());
        assertEquals(EarlyStopping.Verdict.NO_IMPROVEMENT, e.observe(1.2));
        assertEquals(EarlyStopping.Verdict.REDUCED_LR, e.observe(1.3));
        assertEquals(0.25, e.lrFactor());
        assertEquals(EarlyStopping.Verdict.IMPROVED, e.observe(0.5));
        assertEquals(0, e.sinceBest());
        assertEquals(2, e.reductions());
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(1, 1, 0));
    }
}
