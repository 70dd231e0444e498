package org.ruot4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ruot4j.data.SnapshotTables;
import org.ruot4j.data.Snapshots;
import org.ruot4j.data.synthetic.ToggleSwitch;

/**
 * Issue 7's crash test: a {@code fit} in its own JVM is killed with SIGKILL at a random point three times and
 * continued each time with {@code fit --resume}; the final metrics and parameters equal an uninterrupted run's.
 */
class ResumeKillTest {
    private static final String CONFIG = String.join("\n", "preset = quick", "width = 32", "depth = 2",
            "growth_width = 32", "growth_depth = 2", "score_width = 32", "score_depth = 2", "step = 0.05",
            "eval.step = 0.05", "train.step = 0.05", "batch = 60", "pretrain.epochs = 30", "pretrain.refine_epochs = 15",
            "score.iterations = 300", "score.batch = 60", "train.epochs = 6", "checkpoint.every = 1", "seed = 11");

    /** Toggle-switch snapshots at t = 0..3 as a CSV file. */
    private static Path dataCsv(Path dir) throws IOException {
        Snapshots s = ToggleSwitch.builder().cells(120).times(0, 1, 2, 3).sigma(0.1).seed(4).maxCellsPerTime(140)
                .build().generate().snapshots();
        return Files.writeString(dir.resolve("toggle.csv"), SnapshotTables.csv(s, Double::toString, Double::toString));
    }

    private static Process fit(Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "fit"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** Reads the process's progress lines; after {@code lines} of them, kills it with SIGKILL. */
    private static void killAfter(Process p, int lines, StringBuilder transcript) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        int seen = 0;
        String line;
        while ((line = r.readLine()) != null) {
            transcript.append(line).append('\n');
            if (line.matches("(pretrain|refine|score|train) .*") && ++seen == lines) {
                p.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no finally blocks
                break;
            }
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertNotEquals(0, p.exitValue(), "the fit ended before it was killed:\n" + transcript);
    }

    private static JsonObject metricsWithoutSeconds(Path out) throws IOException {
        JsonObject o = JsonParser.parseString(Files.readString(out.resolve("metrics.json"))).getAsJsonObject();
        o.remove("seconds");
        return o;
    }

    @Test
    void fitKilledThreeTimesAndResumedEqualsUninterruptedFit(@TempDir Path dir) throws Exception {
        Path data = dataCsv(dir);
        Path cfg = Files.writeString(dir.resolve("fit.cfg"), CONFIG);
        Path ref = dir.resolve("uninterrupted");
        CliRun.Result r = CliRun.run("fit", "--data", data.toString(), "--config", cfg.toString(), "--out", ref.toString());
        assertEquals(0, r.code(), r.err());
        assertFalse(Files.exists(ref.resolve("checkpoints")), "checkpoints are removed after a complete fit");

        Path out = dir.resolve("killed");
        Random random = new Random(20261128);
        StringBuilder transcript = new StringBuilder();
        for (int kill = 0; kill < 3; kill++) {
            Process p = kill == 0
                    ? fit(dir, "--data", data.toString(), "--config", cfg.toString(), "--out", out.toString())
                    : fit(dir, "--resume", out.toString());
            killAfter(p, 4 + random.nextInt(16), transcript);
            transcript.append("---- killed ").append(kill + 1).append('\n');
        }
        assertTrue(Files.isDirectory(out.resolve("checkpoints")), transcript.toString());
        Process last = fit(dir, "--resume", out.toString());
        String rest = new String(last.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(last.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, last.exitValue(), transcript + rest);
        assertTrue(rest.contains("resuming"), rest);

        assertEquals(metricsWithoutSeconds(ref), metricsWithoutSeconds(out), transcript + rest);
        assertArrayEquals(Files.readAllBytes(ref.resolve("model/parameters.bin")),
                Files.readAllBytes(out.resolve("model/parameters.bin")), "parameters differ from the uninterrupted fit");
        assertFalse(Files.exists(out.resolve("checkpoints")));
        CliRun.Result again = CliRun.run("fit", "--resume", out.toString());
        assertEquals(1, again.code());
        assertTrue(again.err().contains("complete"), again.err());
    }

    @Test
    void resumeTakesNoOtherOptionsAndNeedsAFitDirectory(@TempDir Path dir) {
        CliRun.Result r = CliRun.run("fit", "--resume", dir.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("fit.json"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        CliRun.Result both = CliRun.run("fit", "--resume", dir.toString(), "--seed", "3");
        assertEquals(1, both.code());
        assertTrue(both.err().contains("give no other options"), both.err());
        CliRun.Result none = CliRun.run("fit", "--preset", "quick");
        assertEquals(2, none.code(), none.err());
        assertTrue(none.err().contains("--out"), none.err());
    }
}
