package org.ruot4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ruot4j.RuotException;

class TrainingConfigTest {
    @Test
    void unknownPresetListsTheValidOnes() {
        RuotException e = assertThrows(RuotException.class, () -> TrainingConfig.preset("simulaton"));
        for (String p : new String[] {"simulation", "emt", "gaussian", "hematopoiesis", "quick"}) {
            assertTrue(e.getMessage().contains(p), e.getMessage());
        }
    }

    @Test
    void sigmaMustBePositive() {
        TrainingConfig c = new TrainingConfig();
        assertThrows(RuotException.class, () -> c.apply("sigma = 0"));
        assertThrows(RuotException.class, () -> c.apply("sigma = -0.1"));
        assertThrows(RuotException.class, () -> c.apply("sigma = abc"));
    }

    @Test
    void textRoundTripAndLineNumbers() {
        TrainingConfig c = TrainingConfig.preset("quick").apply("# comment\nsigma = 0.2\n\ntrain.epochs: 7\n");
        assertEquals(0.2, c.sigma());
        assertEquals(7, c.getInt("train.epochs"));
        TrainingConfig d = new TrainingConfig().apply(c.toText());
        assertEquals(c.asMap(), d.asMap());
        RuotException e = assertThrows(RuotException.class, () -> c.apply("sigma = 0.1\nwidht = 3"));
        assertTrue(e.getMessage().startsWith("config line 2"), e.getMessage());
    }
}
