package org.ruot4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ruot4j.train.ProgressEvent;

class ProgressBarTest {

    @Test
    void aPartialEventShowsTheIntervalAndMovesTheBar() {
        String epochLine = ProgressBar.format(new ProgressEvent("pretrain", 4, 8, Map.of("ot", 1.0), 10, 10));
        String partial = ProgressBar.format(new ProgressEvent("pretrain", 4, 8, Map.of("ot", 1.0), 12, 10, 2, 4));
        assertTrue(partial.contains("4/8 (epoch 5: interval 2/4)"), partial);
        assertTrue(!epochLine.contains("interval"), epochLine);
        // 4/8 fills 12 of 24 cells; 4.5/8 fills 13.5 → 14
        assertEquals(12, epochLine.chars().filter(c -> c == '#').count());
        assertEquals(14, partial.chars().filter(c -> c == '#').count());
    }

    @Test
    void partialEventsAreRateLimitedEpochEventsAreNot() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(out, true, StandardCharsets.UTF_8), false);
        for (int i = 0; i < 5; i++) {
            bar.onProgress(new ProgressEvent("train", 0, 3, Map.of(), 1, 1, 1, 2));
        }
        bar.onProgress(new ProgressEvent("train", 1, 3, Map.of(), 1, 1));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.lines().count(), "partial events within 2 s of the last line are skipped: " + text);
        assertTrue(text.contains("1/3"));
    }
}
