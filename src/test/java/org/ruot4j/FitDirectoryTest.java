package org.ruot4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ruot4j.data.Snapshots;
import org.ruot4j.data.synthetic.ToggleSwitch;
import org.ruot4j.train.TinyFitsAccess;

/**
 * The states of a fit's output directory and the swap of a replacing fit: at every point a swap can stop, the
 * next one completes it, leaving exactly the new entries; a fit of data given in memory (the quickstart's) has no
 * fit.json and is still refused over a finished fit unless forced.
 */
class FitDirectoryTest {
    @TempDir
    Path dir;

    private static Set<String> tree(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return new TreeSet<>(s.filter(p -> !p.equals(root)).map(p -> root.relativize(p) + (Files.isRegularFile(p)
                    ? "=" + read(p) : "")).toList());
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** An old finished fit (with fit.json) and a new one staged without fit.json (as from in-memory data). */
    private FitDirectory prepared(Path d) throws Exception {
        Files.createDirectories(d.resolve("model"));
        Files.writeString(d.resolve("model/config.json"), "old");
        Files.writeString(d.resolve("metrics.json"), "old");
        Files.writeString(d.resolve("fit.json"), "old");
        Path next = Files.createDirectories(d.resolve(FitDirectory.NEXT).resolve("model"));
        Files.writeString(next.resolve("config.json"), "new");
        Files.writeString(next.getParent().resolve("metrics.json"), "new");
        Files.writeString(next.getParent().resolve("history.csv"), "new");
        return new FitDirectory(d);
    }

    @Test
    void aSwapStoppedAtAnyRenameIsCompletedByTheNext() throws Exception {
        Path clean = dir.resolve("clean");
        FitDirectory c = prepared(clean);
        assertTrue(c.finished());
        c.swapIn();
        Set<String> want = Set.of("model", "model/config.json=new", "metrics.json=new", "history.csv=new");
        assertEquals(want, tree(clean), "the new entries only: the old fit.json the new fit lacks is gone");

        // stopped after the marker and the first entry's two renames (model), before metrics.json's
        Path stopped = dir.resolve("stopped");
        FitDirectory s = prepared(stopped);
        Path next = stopped.resolve(FitDirectory.NEXT);
        Files.writeString(next.resolve(".complete"), "model\nmetrics.json\nhistory.csv");
        Files.createDirectories(stopped.resolve(".ruot4j-old"));
        Files.move(stopped.resolve("model"), stopped.resolve(".ruot4j-old/model"));
        Files.move(next.resolve("model"), stopped.resolve("model"));
        assertFalse(s.staged(), "a marked staging area is a swap to finish, not a fit to resume");
        assertTrue(s.finishSwap());
        assertEquals(want, tree(stopped));
        assertFalse(s.finishSwap(), "nothing left to do");

        // without the marker the staged fit had not completed: nothing is swapped, the old results stay
        Path pending = dir.resolve("pending");
        FitDirectory p = prepared(pending);
        Set<String> before = tree(pending);
        assertFalse(p.finishSwap());
        assertEquals(before, tree(pending));
    }

    @Test
    void restoreNamesAMissingOrNonModelDirectory() throws Exception {
        try (Session s = Session.create()) {
            assertEquals(dir.resolve("gone") + ": not a ruot4j model directory (no such directory)",
                    assertThrows(RuotException.class, () -> s.restore(dir.resolve("gone"))).getMessage());
            Path file = Files.writeString(dir.resolve("file"), "x");
            assertTrue(assertThrows(RuotException.class, () -> s.restore(file)).getMessage().contains("a file"));
        }
    }

    @Test
    void aFitOfInMemoryDataWritesNoSettingsAndReplacesAFinishedFitOnlyWhenForced() throws Exception {
        Snapshots data = ToggleSwitch.builder().cells(40).times(0, 1, 2).sigma(0.1).seed(3).maxCellsPerTime(50)
                .build().generate().snapshots();
        Path out = dir.resolve("out");
        try (Session s = Session.create().preset("quick").config(TinyFitsAccess.TINY).load(data)) {
            s.fitInto(out);
            assertFalse(Files.exists(out.resolve("fit.json")), "no file or dataset name to resume from");
            assertFalse(Files.exists(out.resolve("checkpoints")));
            assertTrue(Files.isRegularFile(out.resolve("report.html")));
            byte[] metrics = Files.readAllBytes(out.resolve("metrics.json"));
            RuotException e = assertThrows(RuotException.class, () -> s.fitInto(out));
            assertTrue(e.getMessage().contains("holds a finished fit"), e.getMessage());
            assertEquals(new String(metrics), Files.readString(out.resolve("metrics.json")));
            s.seed(9);
            FitRun.of(s, out).force(true).run();
            assertFalse(Files.exists(out.resolve(FitDirectory.NEXT)));
            assertFalse(new String(metrics).equals(Files.readString(out.resolve("metrics.json"))));
        }
    }
}
