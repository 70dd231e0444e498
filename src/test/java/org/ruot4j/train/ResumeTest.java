package org.ruot4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.ruot4j.RuotException;
import org.ruot4j.Session;
import org.ruot4j.data.Snapshots;

/**
 * A fit stopped after any epoch of any phase and resumed from its checkpoint in a new session ends with exactly
 * the parameters and losses of the uninterrupted fit: optimizer moments, best states, score offset and the random
 * streams all come back.
 */
class ResumeTest {
    /** Mini-batches, so that the random streams matter in every stage. */
    // applied after TinyFits.TINY (a second config text may override keys; one text gives each key once)
    private static final String CONFIG = "batch = 25\npretrain.epochs = 4"
            + "\npretrain.refine_epochs = 3\ntrain.epochs = 3\ncheckpoint.every = 1";

    private static Session session(Snapshots data) {
        return Session.create().preset("quick").config(TinyFits.TINY).config(CONFIG).load(data);
    }

    private static Map<String, float[]> uninterrupted(Snapshots data, TrainingHistory[] history) {
        try (Session s = session(data)) {
            s.fit();
            history[0] = s.history();
            return s.model().store().snapshot();
        }
    }

    @ParameterizedTest(name = "stopped after {0} epoch {1}")
    @CsvSource({"pretrain, 2", "refine, 1", "score, 10", "train, 1", "train, 3"})
    void resumedFitEqualsUninterruptedFit(String phase, int epoch, @TempDir Path dir) {
        Snapshots data = TinyFits.toggle(40);
        TrainingHistory[] ref = new TrainingHistory[1];
        Map<String, float[]> expected = uninterrupted(data, ref);
        Path ck = dir.resolve("checkpoints");
        try (Session first = session(data).checkpointTo(ck)) {
            first.addListener(e -> {
                if (e.stage().equals(phase) && e.epoch() == epoch) {
                    first.cancel();
                }
            });
            first.fit();
        }
        assertTrue(new FitCheckpoints(ck).exists());
        try (Session resumed = session(data).checkpointTo(ck)) {
            assertTrue(resumed.resumeFrom(ck));
            resumed.fit();
            Map<String, float[]> got = resumed.model().store().snapshot();
            assertEquals(expected.keySet(), got.keySet());
            for (String name : expected.keySet()) {
                assertArrayEquals(expected.get(name), got.get(name), name + " differs after resuming");
            }
            assertSameLosses(ref[0], resumed.history());
        }
    }

    private static void assertSameLosses(TrainingHistory want, TrainingHistory got) {
        List<TrainingHistory.Row> a = want.rows();
        List<TrainingHistory.Row> b = got.rows();
        assertEquals(a.size(), b.size(), "history rows");
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).stage(), b.get(i).stage());
            assertEquals(a.get(i).epoch(), b.get(i).epoch());
            assertEquals(a.get(i).losses().keySet(), b.get(i).losses().keySet());
            // rows read back from a checkpoint carry history.csv's 7 significant digits
            for (Map.Entry<String, Double> e : a.get(i).losses().entrySet()) {
                double x = e.getValue();
                double y = b.get(i).get(e.getKey());
                assertEquals(x, y, 1e-6 * Math.max(1, Math.abs(x)), "row " + i + " " + a.get(i).stage() + " "
                        + e.getKey());
            }
        }
    }

    @Test
    void onlyTheLatestCompleteCheckpointIsKeptAndPartialWritesAreIgnored(@TempDir Path dir) throws IOException {
        Path ck = dir.resolve("checkpoints");
        try (Session s = session(TinyFits.toggle(30)).checkpointTo(ck)) {
            s.pretrain();
        }
        List<Path> left;
        try (Stream<Path> l = Files.list(ck)) {
            left = l.toList();
        }
        assertEquals(1, left.size(), "one checkpoint directory: " + left);
        // a write that died half-way leaves a temporary directory, never a numbered one: resume ignores it
        Files.createDirectories(ck.resolve(".ckpt-999999.tmp123"));
        Files.writeString(ck.resolve(".ckpt-999999.tmp123/config.json"), "{");
        try (Session s = session(TinyFits.toggle(30))) {
            assertTrue(s.resumeFrom(ck));
            assertEquals(List.of("pretrain"), s.history().rows().stream().map(TrainingHistory.Row::stage)
                    .map(x -> x.equals("refine") ? "pretrain" : x).distinct().toList());
        }
    }

    @Test
    void resumingOnOtherDataIsRefused(@TempDir Path dir) {
        Path ck = dir.resolve("checkpoints");
        try (Session s = session(TinyFits.toggle(30)).checkpointTo(ck)) {
            s.pretrain();
        }
        Snapshots other = TinyFits.toggle(30).withoutTime(1);
        try (Session s = session(other)) {
            RuotException e = assertThrows(RuotException.class, () -> s.resumeFrom(ck));
            assertTrue(e.getMessage().contains("other data"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
        try (Session s = session(TinyFits.toggle(30))) {
            assertFalse(s.resumeFrom(dir.resolve("nothing-here")));
        }
    }
}
