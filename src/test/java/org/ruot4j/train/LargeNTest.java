package org.ruot4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ruot4j.Session;
import org.ruot4j.data.Snapshots;
import org.ruot4j.dynamics.RuotModel;
import org.ruot4j.nn.Devices;

/** Training and evaluation bounded by the batch size: minibatches that cover every cell, progress inside epochs. */
class LargeNTest {

    @Test
    void epochsUseBatchesOfMaxBatchCellsThatCoverEveryCell() {
        Snapshots data = TinyFits.toggle(40);
        TrainingConfig c = TrainingConfig.preset("quick").apply(TinyFits.TINY);
        RuotModel m = RuotModel.create(Checkpoint.modelSpec(c, data.dim()), Devices.choose("cpu"), c.seed());
        try (TrainingCells cells = new TrainingCells(m, data, 16, 5)) {
            int limit = Trainer.batchLimit(0, cells.maxBatch());
            assertEquals(16, limit, "batch = 0: max_batch");
            for (int k = 0; k < data.numTimes(); k++) {
                int n = data.count(k);
                int passes = (n + 15) / 16;
                int[] uses = new int[n];
                for (int e = 1; e <= passes; e++) {
                    int[] idx = cells.batchIndices(Stage.PRETRAIN, e, k, limit, 5);
                    assertEquals(16, idx.length, "batch at time " + k);
                    for (int i : idx) {
                        uses[i]++;
                    }
                }
                for (int i = 0; i < n; i++) {
                    assertTrue(uses[i] >= 1, "cell " + i + " of time " + k + " used in the pass");
                }
            }
            assertEquals(16, (int) cells.pinCells().getShape().get(0), "offset pinned over a bounded sample");
            // an explicit batch wins over max_batch; max_batch = 0 or ≥ N: every cell, in order
            assertEquals(10, Trainer.batchLimit(10, 16));
            assertEquals(0, Trainer.batchLimit(0, 0));
            assertEquals(2048, Trainer.selectionCells(4000, 2048));
            assertEquals(300, Trainer.selectionCells(300, 2048));
            assertEquals(4000, Trainer.selectionCells(4000, 0));
            assertEquals(2048, Trainer.selectionCells(0, 2048));
            for (int lim : new int[] {0, 2048}) {
                int[] all = cells.batchIndices(Stage.TRAIN, 3, 1, lim, 5 + lim);
                assertEquals(data.count(1), all.length);
                for (int i = 0; i < all.length; i++) {
                    assertEquals(i, all[i]);
                }
            }
        }
        try (TrainingCells cells = new TrainingCells(m, data, 2048, 5)) {
            assertTrue(cells.pinCells() == cells.cells(0), "all t0 cells while they fit in max_batch");
        }
    }

    @Test
    void dataThatFitsInOneBatchTrainsExactlyAsWithoutALimit() {
        TrainingHistory unlimited;
        try (Session s = TinyFits.session(30)) {
            s.config("max_batch = 0\neval.max_cells = 0");
            s.fit();
            unlimited = s.history();
        }
        try (Session s = TinyFits.session(30)) {
            s.fit(); // defaults: max_batch 2048, eval.max_cells 4000, both above the 30-60 cells per time
            assertSameLosses(unlimited, s.history());
        }
        try (Session s = TinyFits.session(30)) {
            s.config("max_batch = 8");
            s.fit();
            assertNotEquals(unlimited.rows("pretrain").get(0).losses().get("ot"),
                    s.history().rows("pretrain").get(0).losses().get("ot"), "batches of 8 cells change the OT loss");
            for (TrainingHistory.Row r : s.history().rows()) {
                for (Map.Entry<String, Double> e : r.losses().entrySet()) {
                    assertTrue(Double.isFinite(e.getValue()), r.stage() + " " + r.epoch() + " " + e.getKey());
                }
            }
        }
    }

    private static void assertSameLosses(TrainingHistory a, TrainingHistory b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.rows().get(i).stage(), b.rows().get(i).stage());
            assertEquals(a.rows().get(i).losses(), b.rows().get(i).losses(), "row " + i);
        }
    }

    @Test
    void progressArrivesAfterEveryIntervalInsideAnEpoch() {
        List<ProgressEvent> events = new ArrayList<>();
        try (Session s = TinyFits.session(30)) {
            s.addListener(events::add);
            s.pretrain();
        }
        // toggle(…) has times 0, 1, 2: two intervals, so one partial event (after interval 1) per epoch
        List<ProgressEvent> pretrain = events.stream().filter(e -> e.stage().equals("pretrain")).toList();
        assertEquals(6, pretrain.size(), "3 epochs, each a partial and a final event");
        for (int e = 1; e <= 3; e++) {
            ProgressEvent partial = pretrain.get(2 * (e - 1));
            ProgressEvent done = pretrain.get(2 * (e - 1) + 1);
            assertTrue(partial.partial());
            assertEquals(e - 1, partial.epoch(), "a partial event counts the epochs completed before");
            assertEquals(1, partial.interval());
            assertEquals(2, partial.intervals());
            assertEquals(e - 0.5, partial.progress(), 1e-12);
            assertTrue(partial.losses().containsKey("ot"), "the terms of the interval just done");
            assertTrue(!done.partial() && done.epoch() == e && done.progress() == e);
        }
    }

    @Test
    void evaluationOnMoreCellsThanTheBoundIsSampledAndSaysSo() {
        try (Session s = TinyFits.session(40)) {
            s.config("pretrain.epochs = 1\npretrain.refine_epochs = 0");
            s.pretrain();
            MetricsReport all = org.ruot4j.train.Evaluator.evaluate(s.model(), s.data(), 0.1, 5, 0);
            assertNull(all.sampledCounts());
            assertTrue(!all.toJson().contains("sampled") && !all.toTable().contains("note"));
            MetricsReport same = Evaluator.evaluate(s.model(), s.data(), 0.1, 5, 10_000);
            assertArrayEquals(all.ode().w1(), same.ode().w1(), "a bound above N changes nothing");
            MetricsReport sampled = Evaluator.evaluate(s.model(), s.data(), 0.1, 5, 20);
            int[] used = sampled.sampledCounts();
            for (int k = 0; k < used.length; k++) {
                assertEquals(Math.min(20, s.data().count(k)), used[k]);
            }
            assertTrue(sampled.toJson().contains("\"sampled\""), sampled.toJson());
            assertTrue(sampled.toTable().contains("seeded sample"), sampled.toTable());
            assertTrue(Double.isFinite(sampled.ode().w1()[1]) && sampled.ode().w1()[1] != all.ode().w1()[1]);
            // the sample is seeded: the same seed, the same numbers
            assertArrayEquals(sampled.ode().w1(), Evaluator.evaluate(s.model(), s.data(), 0.1, 5, 20).ode().w1());
        }
    }
}
