package org.ruot4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The stage names and random streams are part of history.csv and the checkpoint format. */
class StageTest {

    @Test
    void labelsAreTheFileNames() {
        assertEquals(List.of("pretrain", "refine", "score", "train"),
                List.of(Stage.values()).stream().map(Stage::label).toList());
        for (Stage s : Stage.values()) {
            assertEquals(s, Stage.of(s.label()));
            assertEquals(s.label(), s.toString());
        }
        assertThrows(IllegalArgumentException.class, () -> Stage.of("joint"));
    }

    @Test
    void streamsKeepTheirCheckpointNumbers() {
        // phases 1..4 in the order pretrain, refine, score, train: a checkpoint written before this type existed
        // resumes onto the same draws
        int phase = 1;
        for (Stage s : Stage.values()) {
            assertEquals(Stage.stream(42, phase, 7).nextLong(), s.stream(42, 7).nextLong(), s.label());
            phase++;
        }
        // SplitMix64 of seed·φ + phase·c2 + epoch·c3, finalised (value of the formula, pinned)
        long z = 42 * 0x9E3779B97F4A7C15L + 4 * 0xC2B2AE3D27D4EB4FL + 7 * 0x165667B19E3779F9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        assertEquals(new SplittableRandom(z ^ (z >>> 31)).nextLong(), Stage.TRAIN.stream(42, 7).nextLong());
        assertNotEquals(Stage.TRAIN.stream(42, 7).nextLong(), Stage.TRAIN.stream(42, 8).nextLong());
        assertNotEquals(Stage.PRETRAIN.stream(42, 7).nextLong(), Stage.REFINE.stream(42, 7).nextLong());
    }
}
