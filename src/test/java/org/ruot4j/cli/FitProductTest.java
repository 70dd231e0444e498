package org.ruot4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ruot4j.cli.CliRun.run;

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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ruot4j.RuotException;
import org.ruot4j.Session;
import org.ruot4j.cli.CliRun.Result;
import org.ruot4j.train.TinyFitsAccess;

/**
 * The product of a fit is the library's ({@link org.ruot4j.FitRun}): the CLI, {@link Session#fitInto} and
 * {@link Session#restore} of a fit directory agree file for file and number for number; a finished fit is
 * never overwritten without --force, and with it the old results survive until the new fit completes; a fit
 * refused before it starts leaves nothing behind.
 */
class FitProductTest {
    @TempDir
    Path dir;

    private Path config(String extra) throws IOException {
        return Files.writeString(dir.resolve("tiny.conf"), "preset = quick\n" + TinyFitsAccess.TINY + "\n" + extra);
    }

    private Result fit(Path csv, Path out, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("fit", "--data", csv.toString(), "--config",
                dir.resolve("tiny.conf").toString(), "--out", out.toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    /** A fit's output directory and the metrics.json it wrote, to compare with what a later fit leaves there. */
    private record Finished(Path out, byte[] metrics) {
    }

    /** A finished fit of {@link CliRun#tinyCsv} ({@link #csv}) with the tiny settings into {@code dir/name}. */
    private Finished finishedFit(String name) throws Exception {
        Path out = dir.resolve(name);
        config("");
        Result r = fit(CliRun.tinyCsv(dir), out);
        assertEquals(0, r.code(), r.err());
        return new Finished(out, Files.readAllBytes(out.resolve("metrics.json")));
    }

    /** The data of {@link #finishedFit}. */
    private Path csv() {
        return dir.resolve("tiny.csv");
    }

    private static Set<String> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return new TreeSet<>(s.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).toList());
        }
    }

    private static JsonObject metricsWithoutSeconds(Path out) throws IOException {
        JsonObject o = JsonParser.parseString(Files.readString(out.resolve("metrics.json"))).getAsJsonObject();
        o.remove("seconds");
        return o;
    }

    @Test
    void restoreOfACliFitEvaluatesToItsMetricsAndFitIntoWritesTheSameFiles() throws Exception {
        Path cli = finishedFit("cli").out();
        Path csv = csv();
        try (Session s = Session.create()) {
            s.restore(cli); // the fit directory (the one holding model/), its data from fit.json
            assertEquals(Files.readString(cli.resolve("metrics.json")), s.evaluate().toJson(),
                    "restore(OUT).evaluate() reproduces the CLI's metrics.json exactly");
        }
        Path nb = dir.resolve("notebook");
        try (Session s = Session.create().preset("quick").config(TinyFitsAccess.TINY)) {
            s.load(csv.toString());
            s.fitInto(nb);
        }
        assertEquals(files(cli), files(nb));
        assertTrue(files(cli).containsAll(List.of("model", "metrics.json", "history.csv", "report.html", "plots",
                "fit.json")), files(cli).toString());
        assertEquals(Files.readString(cli.resolve("fit.json")), Files.readString(nb.resolve("fit.json")));
        assertEquals(metricsWithoutSeconds(cli), metricsWithoutSeconds(nb), "same settings, same seed, same fit");
    }

    @Test
    void aFinishedFitIsReplacedOnlyWithForceAndOnlyOnceTheNewFitCompletes() throws Exception {
        Finished first = finishedFit("out");
        Path out = first.out();
        byte[] settings = Files.readAllBytes(out.resolve("fit.json"));
        Set<String> layout = files(out);

        try (org.ruot4j.train.OutputLock held = org.ruot4j.train.OutputLock.acquire(out)) {
            Result busy = fit(csv(), out, "--seed", "6");
            assertTrue(busy.err().startsWith("ruot4j: " + out + " is in use by another fit"), busy.err());
        }
        Result refused = fit(csv(), out, "--seed", "6");
        assertEquals(1, refused.code(), refused.err());
        assertEquals(1, refused.err().strip().lines().count(), refused.err());
        assertTrue(refused.err().contains("holds a finished fit") && refused.err().contains("--force"), refused.err());
        assertArrayEquals(first.metrics(), Files.readAllBytes(out.resolve("metrics.json")));
        assertArrayEquals(settings, Files.readAllBytes(out.resolve("fit.json")), "fit.json untouched");

        Result forced = fit(csv(), out, "--seed", "6", "--force");
        assertEquals(0, forced.code(), forced.err());
        assertEquals(layout, files(out), "the new results replace the old ones, nothing else is left");
        assertFalse(java.util.Arrays.equals(first.metrics(), Files.readAllBytes(out.resolve("metrics.json"))));
        assertTrue(Files.readString(out.resolve("fit.json")).contains("\"seed\": \"6\""));
    }

    @Test
    void anInterruptedForcedFitKeepsTheOldResultsHintsAtResumeAndResumeContinuesIt() throws Exception {
        Finished first = finishedFit("out");
        Path out = first.out();
        byte[] params = Files.readAllBytes(out.resolve("model/parameters.bin"));

        // a longer forced fit with a new seed, stopped by Ctrl-C (SIGINT) in its pretraining
        // a config file gives each key once: replace TINY's lines for the two keys instead of appending
        Path conf = dir.resolve("tiny.conf");
        StringBuilder longer = new StringBuilder();
        for (String line : Files.readAllLines(conf)) {
            if (!line.startsWith("pretrain.epochs") && !line.startsWith("checkpoint.every")) {
                longer.append(line).append('\n');
            }
        }
        Files.writeString(conf, longer + "pretrain.epochs = 400\ncheckpoint.every = 1\n");
        // `env --default-signal=INT`: a shell without job control starts background jobs (a CI step run with `&`,
        // nohup) with SIGINT ignored, the child would inherit that and the JVM would then keep SIGINT ignored
        List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "fit", "--data", csv().toString(),
                "--config", dir.resolve("tiny.conf").toString(), "--seed", "6", "--force", "--out", out.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder transcript = new StringBuilder();
        BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        int seen = 0;
        for (String line; (line = lines.readLine()) != null;) {
            transcript.append(line).append('\n');
            if (line.startsWith("pretrain ") && ++seen == 8) {
                new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
                break;
            }
        }
        transcript.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), transcript.toString());
        assertEquals(130, p.exitValue(), transcript.toString());
        assertTrue(transcript.toString().contains("ruot4j: interrupted; continue this fit with: ruot4j fit --resume "
                + out), transcript.toString());
        assertArrayEquals(first.metrics(), Files.readAllBytes(out.resolve("metrics.json")), "old results intact");
        assertArrayEquals(params, Files.readAllBytes(out.resolve("model/parameters.bin")), "old model intact");
        try (Session s = Session.create()) {
            s.restore(out); // the old model still loads while the new fit is pending
        }

        Result resumed = run("fit", "--resume", out.toString());
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("resuming"), resumed.err());
        Path ref = dir.resolve("ref");
        assertEquals(0, fit(csv(), ref, "--seed", "6").code());
        assertEquals(metricsWithoutSeconds(ref), metricsWithoutSeconds(out), "the resumed replacing fit equals an "
                + "uninterrupted fit with its settings");
        assertEquals(files(ref), files(out));
    }

    @Test
    void aFitRefusedBeforeItStartsLeavesNoDirectoryAndNoLock() throws Exception {
        Path csv = CliRun.tinyCsv(dir);
        Path cfg = config("");
        Path bad = Files.writeString(dir.resolve("bad.conf"), "bogus.key = 1\n");
        Path o = dir.resolve("o");
        List<List<String>> cases = List.of(List.of("--preset", "nope"), List.of("--sigma", "0"),
                List.of("--hold-out", "7"), List.of("--device", "tpu"), List.of("--config", bad.toString()),
                List.of("--seed", "abc"), List.of("--config", cfg.toString(), "--preset", "quick"));
        for (List<String> c : cases) {
            List<String> args = new ArrayList<>(List.of("fit", "--data", csv.toString(), "--out", o.toString()));
            args.addAll(c);
            Result r = run(args.toArray(String[]::new));
            assertNotEquals(0, r.code(), c.toString());
            assertFalse(Files.exists(o), c + " left " + o);
        }
        Result missing = run("fit", "--data", dir.resolve("none.csv").toString(), "--out", o.toString());
        assertEquals(1, missing.code());
        assertFalse(Files.exists(o), "missing data left " + o);

        Path unfinished = Files.createDirectories(dir.resolve("u"));
        Files.writeString(unfinished.resolve("fit.json"), "{}");
        Result u = fit(csv, unfinished);
        assertEquals(1, u.code());
        assertTrue(u.err().contains("unfinished fit") && u.err().contains("--resume " + unfinished), u.err());
        assertEquals(Set.of("fit.json"), files(unfinished));
    }

    @Test
    void usageShowsDataAsRequiredAndFeaturesUngarbled() {
        Result h = run("fit", "--help");
        assertEquals(0, h.code());
        String usage = h.out().substring(0, h.out().indexOf("Fit velocity"));
        assertTrue(usage.contains("ruot4j fit --data=PATH|NAME "), usage);
        assertTrue(usage.contains("[--features=NAME[,NAME...]]") && !usage.contains("…..."), usage);
        assertTrue(usage.contains("--out=DIR") && !usage.contains("[--out=DIR]"), usage);
        assertTrue(usage.contains("ruot4j fit --resume=DIR"), usage);
    }

    @Test
    void aMissingModelDirectoryIsReportedAsMissing() throws Exception {
        Path csv = CliRun.tinyCsv(dir);
        Path missing = dir.resolve("missing");
        Result e = run("evaluate", "--model", missing.toString(), "--data", csv.toString());
        assertEquals(1, e.code());
        assertTrue(e.err().contains(missing + ": not a ruot4j model directory (no such directory)"), e.err());
        try (Session s = Session.create()) {
            assertTrue(assertThrows(RuotException.class, () -> s.restore(missing)).getMessage()
                    .contains("no such directory"));
        }
    }
}
