package org.ruot4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ruot4j.train.Checkpoint;
import org.ruot4j.train.OutputLock;
import picocli.CommandLine;

/** `fit` into a locked directory, and a diverging fit: both end with one line on stderr and exit code 1. */
class ReliabilityCommandsTest {
    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private Path tinyCsv() throws Exception {
        StringBuilder sb = new StringBuilder("samples,x1,x2\n");
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (int t = 0; t < 3; t++) {
            for (int i = 0; i < 30 + 5 * t; i++) {
                sb.append(t).append(',').append(0.5 * t + 0.3 * r.nextDouble()).append(',')
                        .append(0.2 * r.nextDouble()).append('\n');
            }
        }
        Path p = dir.resolve("tiny.csv");
        Files.writeString(p, sb.toString());
        return p;
    }

    private Path config(String extra) throws Exception {
        Path c = dir.resolve("tiny.conf");
        Files.writeString(c, "preset = quick\n" + org.ruot4j.train.TinyFitsAccess.TINY + "\n" + extra);
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
        Path model = out.resolve("model");
        if (Files.exists(model)) { // a model written on divergence must be the restored, loadable one
            Checkpoint.Loaded l = Checkpoint.load(model, Device.cpu());
            l.model().store().close();
        }
    }
}
