package org.ruot4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import org.ruot4j.train.ProgressEvent;

class ProgressDisplayTest {
    private final List<DisplayData> shown = new ArrayList<>();
    private final List<DisplayData> updated = new ArrayList<>();

    private ProgressDisplay display() {
        Renderer r = new Renderer();
        Renderers.registerAll(r);
        return new ProgressDisplay(r, ProgressDisplay.sink(shown::add, updated::add));
    }

    private static ProgressEvent event(String stage, int epoch, int total) {
        return new ProgressEvent(stage, epoch, total, Map.of("ot", 1.0 / epoch, "mass", 0.5 / epoch), epoch * 0.1,
                (total - epoch) * 0.1);
    }

    @Test
    void firstEpochDisplaysLaterEpochsUpdateTheSameOutput() {
        ProgressDisplay p = display();
        p.onProgress(event("pretrain", 1, 3));
        p.onProgress(event("pretrain", 2, 3)); // within the throttle interval: not sent
        p.onProgress(event("pretrain", 3, 3)); // the last epoch is always sent
        assertEquals(1, shown.size());
        assertEquals(1, updated.size());
        assertEquals(shown.get(0).getDisplayId(), updated.get(0).getDisplayId());
        assertTrue(shown.get(0).hasDataForType(MIMEType.IMAGE_PNG));
        String last = (String) updated.get(0).getData(MIMEType.TEXT_PLAIN);
        assertTrue(last.startsWith("pretrain · epoch 3/3 · 0:00 elapsed · done"), last);
        assertTrue(last.contains("ot 0.3333") && last.contains("mass 0.1667"), last);
    }

    @Test
    void aNewStageGetsItsOwnOutput() {
        ProgressDisplay p = display();
        p.onProgress(event("pretrain", 1, 1));
        p.onProgress(event("refine", 1, 2));
        p.onProgress(event("pretrain", 1, 4)); // a second pretrain restarts at epoch 1: a new output again
        assertEquals(3, shown.size());
        assertNotEquals(shown.get(0).getDisplayId(), shown.get(1).getDisplayId());
        assertNotEquals(shown.get(0).getDisplayId(), shown.get(2).getDisplayId());
    }

    @Test
    void anInterruptedStageIsMarkedOnItsChart() {
        ProgressDisplay p = display();
        p.onProgress(event("pretrain", 1, 100));
        p.onProgress(new ProgressEvent("pretrain", 1, 1, Map.of("cancelled", 1.0), 2.0, 0));
        assertEquals(1, shown.size());
        assertEquals(1, updated.size());
        assertEquals(shown.get(0).getDisplayId(), updated.get(0).getDisplayId());
        assertEquals("pretrain · interrupted after epoch 1 · 0:02 elapsed", updated.get(0).getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void statusLineShowsTimeLeft() {
        assertEquals("train · epoch 5/20 · 1:05 elapsed · about 3:15 left",
                ProgressDisplay.statusLine(new ProgressEvent("train", 5, 20, Map.of(), 65, 195)));
        assertEquals("1:01:01", ProgressDisplay.clock(3661));
        assertEquals("?", ProgressDisplay.clock(Double.NaN));
    }
}
