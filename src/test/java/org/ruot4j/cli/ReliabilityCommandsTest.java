package org.ruot4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ruot4j.cli.CliRun.run;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ruot4j.cli.CliRun.Result;
import org.ruot4j.train.Checkpoint;
import org.ruot4j.train.OutputLock;

/** `fit` into a locked directory, and a diverging fit: both end with one line on stderr and exit code 1. */
class ReliabilityCommandsTest {
    @TempDir
    Path dir;

    private Path tinyCsv() throws Exception {
        return CliRun.tinyCsv(dir);
    }

    private Path config(String extra) throws Exception {
        Path c = dir.resolve("tiny.conf");
        // a key of `extra` replaces TINY's line (a config file may give each key once)
        String tiny = org.ruot4j.train.TinyFitsAccess.TINY;
        for (String line : extra.split("\n")) {
            String key = line.split("=")[0].strip();
            if (!key.isEmpty()) {
                tiny = tiny.replaceAll("(?m)^" + java.util.regex.Pattern.quote(key) + " = .*$", "");
            }
        }
        Files.writeString(c, "preset = quick\n" + tiny + "\n" + extra);
        return c;
    }

    @Test
    void fitIntoALockedDirectoryFailsAtOnceNamingTheHolder() throws Exception {
        Path out = dir.resolve("out");
        try (OutputLock held = OutputLock.acquire(out)) {
            Result r = run("fit", "--data", tinyCsv().toString(), "--config", config("").toString(), "--out",
                    out.toString());
            assertEquals(1, r.code(), r.err());
            String line = r.err().strip();
            assertFalse(line.contains("\n"), line);
            assertTrue(line.startsWith("ruot4j: " + out + " is in use by another fit (PID "
                    + ProcessHandle.current().pid() + " on host "), line);
            assertFalse(Files.exists(out.resolve("model")), "nothing written into a locked directory");
        }
    }

    @Test
    void aDivergingFitExitsWithOneLineNamingStageEpochAndTerm() throws Exception {
        Path out = dir.resolve("out");
        Result r = run("fit", "--data", tinyCsv().toString(), "--config", config("pretrain.lr = 1e30\n").toString(),
                "--out", out.toString());
        assertEquals(1, r.code(), r.err());
        // progress lines come from the ProgressBar on System.err, not from picocli's err: r.err() is the error alone
        String line = r.err().strip();
        assertFalse(line.contains("\n"), line);
        assertTrue(line.matches("ruot4j: training diverged in stage 'pretrain' at epoch \\d+: loss term '[^']+' is NaN "
                + "or infinite; .*smaller learning rate.*"), line);
        // the lock is released after the failure, so the directory can be refitted at once
        try (OutputLock again = OutputLock.acquire(out)) {
            assertEquals(null, again.tookOverFrom());
        }
        assertTrue(line.contains("last good model"), line);
        // the last good state is written: finite, loadable parameters (the initial ones: epoch 1 diverged)
        Path model = out.resolve("model");
        Checkpoint.Loaded l = Checkpoint.load(model, Device.cpu());
        try {
            for (float[] p : l.model().store().snapshot().values()) {
                for (float f : p) {
                    assertTrue(Float.isFinite(f));
                }
            }
        } finally {
            l.model().store().close();
        }
        assertTrue(Files.exists(out.resolve("history.csv")));
    }
}
