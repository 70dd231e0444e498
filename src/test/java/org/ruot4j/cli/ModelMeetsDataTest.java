package org.ruot4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ruot4j.cli.CliRun.run;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ruot4j.cli.CliRun.Result;

/**
 * Where a saved model meets data (issue 17): columns matched by name, strict and bounded simulation, a checksum
 * over the whole model directory, --embedding and time labels on every data command. One tiny fit serves all.
 */
class ModelMeetsDataTest {
    @TempDir
    static Path dir;
    static Path csv;
    static Path fit;

    @BeforeAll
    static void fitOnce() throws Exception {
        csv = CliRun.tinyCsv(dir);
        Path conf = dir.resolve("tiny.conf");
        Files.writeString(conf, "preset = quick\n" + org.ruot4j.train.TinyFitsAccess.TINY);
        fit = dir.resolve("fit");
        Result r = run("fit", "--data", csv.toString(), "--config", conf.toString(), "--out", fit.toString());
        assertEquals(0, r.code(), r.err());
    }

    /** The tiny CSV rewritten with its columns in {@code order} (names from the header {@code samples,x1,x2}). */
    private static Path reordered(String name, String header, int... order) throws Exception {
        List<String> out = new ArrayList<>();
        boolean first = true;
        for (String line : Files.readAllLines(csv)) {
            String[] c = line.split(",");
            if (first) {
                out.add(header);
                first = false;
                continue;
            }
            StringBuilder sb = new StringBuilder();
            for (int j : order) {
                sb.append(sb.length() == 0 ? "" : ",").append(c[j]);
            }
            out.add(sb.toString());
        }
        Path p = dir.resolve(name);
        Files.write(p, out);
        return p;
    }

    private static JsonObject evaluate(String... dataArgs) throws Exception {
        Path m = Files.createTempFile(dir, "metrics", ".json");
        List<String> a = new ArrayList<>(List.of("evaluate", "--model", fit.toString(), "--out", m.toString()));
        a.addAll(List.of(dataArgs));
        Result r = run(a.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return JsonParser.parseString(Files.readString(m)).getAsJsonObject();
    }

    private static void assertOneLine(Result r, String... parts) {
        assertEquals(1, r.code(), r.out() + r.err());
        String e = r.err().strip();
        assertEquals(1, e.lines().count(), e);
        for (String p : parts) {
            assertTrue(e.contains(p), "'" + p + "' not in: " + e);
        }
    }

    @Test
    void swappedColumnsAndFeatureOrderAreMatchedByName() throws Exception {
        JsonObject plain = evaluate("--data", csv.toString());
        Path swapped = reordered("swapped.csv", "samples,x2,x1", 0, 2, 1);
        assertEquals(plain.get("ode"), evaluate("--data", swapped.toString()).get("ode"), "columns swapped in the file");
        assertEquals(plain.get("sde"), evaluate("--data", swapped.toString()).get("sde"));
        assertEquals(plain.get("ode"), evaluate("--data", csv.toString(), "--features", "x2,x1").get("ode"),
                "--features in the other order");
        Path extra = reordered("extra.csv", "x2,extra,samples,x1", 2, 1, 0, 1);
        assertEquals(plain.get("ode"), evaluate("--data", extra.toString()).get("ode"), "an extra column is dropped");

        // simulate: the CSV is headed by the model's features and holds the same numbers whatever the column order
        Path a = dir.resolve("sim-plain.csv");
        Path b = dir.resolve("sim-swapped.csv");
        assertEquals(0, run("simulate", "--model", fit.toString(), "--data", csv.toString(), "--mode", "ode",
                "--times", "1,2", "--out", a.toString()).code());
        Result s = run("simulate", "--model", fit.toString(), "--data", swapped.toString(), "--mode", "ode",
                "--times", "1,2", "--out", b.toString());
        assertEquals(0, s.code(), s.err());
        assertTrue(Files.readString(b).startsWith("time,particle,weight,x1,x2\n"));
        assertEquals(Files.readString(a), Files.readString(b));
    }

    @Test
    void aSessionMatchesDataLoadedBeforeOrAfterTheRestore() throws Exception {
        Path swapped = reordered("swapped-session.csv", "samples,x2,x1", 0, 2, 1);
        org.ruot4j.data.Snapshots plain = org.ruot4j.data.SnapshotReaders.read(csv);
        for (boolean loadFirst : new boolean[] {true, false}) {
            try (org.ruot4j.Session s = org.ruot4j.Session.create()) {
                if (loadFirst) {
                    s.load(swapped.toString()).restore(fit.resolve("model"));
                } else {
                    s.restore(fit.resolve("model")).load(swapped.toString());
                }
                assertEquals(List.of("x1", "x2"), s.data().features());
                for (int k = 0; k < plain.numTimes(); k++) {
                    org.junit.jupiter.api.Assertions.assertArrayEquals(plain.flat(k), s.data().flat(k), 0.0);
                }
                assertEquals(s.evaluate(plain).ode().w1()[2], s.evaluate().ode().w1()[2], 0.0);
            }
        }
    }

    @Test
    void otherFeatureNamesAreRefusedNamingBothLists() throws Exception {
        Path renamed = reordered("renamed.csv", "samples,geneA,geneB", 0, 1, 2);
        assertOneLine(run("evaluate", "--model", fit.toString(), "--data", renamed.toString()),
                "do not match the model's", "geneA, geneB", "x1, x2", "missing: x1, x2");
        assertOneLine(run("simulate", "--model", fit.toString(), "--data", renamed.toString(), "--mode", "ode",
                "--times", "1", "--out", dir.resolve("never.csv").toString()), "geneA, geneB", "x1, x2");
        assertFalse(Files.exists(dir.resolve("never.csv")));
        assertOneLine(run("evaluate", "--model", fit.toString(), "--data", csv.toString(), "--features", "x1"),
                "missing: x2");
    }

    private static Result simulate(String... more) {
        List<String> a = new ArrayList<>(List.of("simulate", "--model", fit.toString(), "--data", csv.toString(),
                "--mode", "ode", "--out", dir.resolve("s.csv").toString()));
        a.addAll(List.of(more));
        return run(a.toArray(String[]::new));
    }

    @Test
    void simulationTimesAndCellsAreStrictAndTheWorkBounded() {
        assertOneLine(simulate("--times", "1", "--cells", "0"), "--cells", ">= 2", "got 0");
        assertOneLine(simulate("--times", "1", "--cells=-5"), "--cells", "got -5");
        assertOneLine(simulate("--times", "0,1,1"), "strictly increasing", "1 then 1");
        assertOneLine(simulate("--times", "1,0.5"), "strictly increasing");
        assertOneLine(simulate("--times", "-1,1"), "before t0=0");
        assertOneLine(simulate("--times", "0,NaN"), "not a finite number");
        long start = System.nanoTime();
        assertOneLine(simulate("--times", "0,1e9"), "steps of h=0.1", "limit of 100000", "--max-steps");
        assertTrue(System.nanoTime() - start < 60e9, "refused before any work");
        assertOneLine(simulate("--times", "0,100", "--max-steps", "10"), "limit of 10");

        Result past = simulate("--times", "1,3", "--cells", "10");
        assertEquals(0, past.code(), past.err());
        assertTrue(past.err().contains("warning: t=3 is past the last observed time t=2"), past.err());
        assertTrue(past.out().contains("t=1.0: 10 particles"), past.out());
        Result inside = simulate("--times", "1,2");
        assertEquals(0, inside.code(), inside.err());
        assertFalse(inside.err().contains("warning"), inside.err());
    }

    @Test
    void progressIsReportedAtEachTenthOfALongRun() {
        java.io.StringWriter w = new java.io.StringWriter();
        SimulationProgress p = new SimulationProgress(new java.io.PrintWriter(w), 0, 100,
                SimulationProgress.FROM_STEPS);
        for (int i = 0; i < 10_000; i++) {
            p.accept(i * 0.01);
        }
        List<String> lines = w.toString().lines().toList();
        assertEquals(9, lines.size(), w.toString());
        assertTrue(lines.get(0).startsWith("simulate: 10% (t=10"), lines.get(0));
        assertTrue(lines.get(8).startsWith("simulate: 90% (t=90"), lines.get(8));
        java.io.StringWriter quiet = new java.io.StringWriter();
        SimulationProgress q = new SimulationProgress(new java.io.PrintWriter(quiet), 0, 1, 10);
        for (int i = 0; i < 10; i++) {
            q.accept(i * 0.1);
        }
        assertEquals("", quiet.toString(), "short runs print nothing");
    }

    @Test
    void everyFileOfTheModelIsCoveredByTheChecksum() throws Exception {
        Path copy = dir.resolve("edited");
        copyTree(fit.resolve("model"), copy);
        Path cfg = copy.resolve("config.json");
        String original = Files.readString(cfg);
        String sigma = "\"sigma\": \"" + org.ruot4j.train.TrainingConfig.preset("quick").get("sigma") + "\"";
        assertTrue(original.contains(sigma), original);
        Files.writeString(cfg, original.replace(sigma, "\"sigma\": \"0.5\""));
        assertOneLine(run("evaluate", "--model", copy.toString(), "--data", csv.toString()),
                "config.json: changed since the model was saved");
        Files.writeString(cfg, original);
        Files.writeString(copy.resolve("history.csv"), "stage,epoch,seconds\n");
        assertOneLine(run("evaluate", "--model", copy.toString(), "--data", csv.toString()), "history.csv: changed");
        Files.copy(fit.resolve("model").resolve("history.csv"), copy.resolve("history.csv"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(0, run("evaluate", "--model", copy.toString(), "--data", csv.toString()).code(), "restored");
        Files.delete(copy.resolve(org.ruot4j.train.Checkpoint.CHECKSUMS));
        assertOneLine(run("evaluate", "--model", copy.toString(), "--data", csv.toString()), "checksums.sha256: missing");

        // a version-1 directory (written before the checksum existed) is still read, with the same results
        Files.writeString(cfg, original.replace("\"version\": " + org.ruot4j.train.Checkpoint.VERSION, "\"version\": 1"));
        Path m1 = dir.resolve("v1.json");
        Result old = run("evaluate", "--model", copy.toString(), "--data", csv.toString(), "--out", m1.toString());
        assertEquals(0, old.code(), old.err());
        assertEquals(evaluate("--data", csv.toString()).get("ode"),
                JsonParser.parseString(Files.readString(m1)).getAsJsonObject().get("ode"));
    }

    private static void copyTree(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (var s = Files.list(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
    }

    /** The tiny CSV with the times written as labels {@code prefix + t}. */
    private static Path labelled(String name, String... labels) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            if (out.isEmpty()) {
                out.add(line);
                continue;
            }
            int comma = line.indexOf(',');
            out.add(labels[Integer.parseInt(line.substring(0, comma))] + line.substring(comma));
        }
        Path p = dir.resolve(name);
        Files.write(p, out);
        return p;
    }

    @Test
    void timeLabelsAreReadOrMappedAndAmbiguousOnesRefused() throws Exception {
        JsonObject plain = evaluate("--data", csv.toString());
        Path days = labelled("days.csv", "day0", "day1", "day2");
        assertEquals(plain.get("ode"), evaluate("--data", days.toString()).get("ode"));
        Result info = run("info", "--data", labelled("t.csv", "t0", "t0.5", "t2").toString(), "--json");
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("\"times\": [0, 0.5, 2]"), info.out());
        Path named = labelled("named.csv", "early", "mid", "late");
        assertEquals(plain.get("ode"), evaluate("--data", named.toString(), "--time-map", "early=0,mid=1,late=2")
                .get("ode"));
        assertOneLine(run("info", "--data", named.toString()), "time label 'early' holds no number", "--time-map");
        assertOneLine(run("info", "--data", named.toString(), "--time-map", "early=0,mid=1"),
                "'late' is not in --time-map");
        assertOneLine(run("info", "--data", labelled("r.csv", "day0_rep1", "day1_rep1", "day2_rep1").toString()),
                "holds 2 numbers");
        assertOneLine(run("info", "--data", labelled("mixed.csv", "day0", "h1", "day2").toString()),
                "'day0' and 'h1' are written differently");
    }

    @Test
    void embeddingIsAnOptionOfEveryCommandThatReadsData() throws Exception {
        Path h5ad = dir.resolve("tiny.h5ad");
        String py = String.join("\n", "import sys, anndata, numpy as np, pandas as pd",
                "d = pd.read_csv(sys.argv[1], float_precision='round_trip')",  // pandas' default parser is off by ulps
                "obs = pd.DataFrame({'samples': pd.Categorical(['day%d' % t for t in d['samples']])},",
                "                   index=[str(i) for i in range(len(d))])",
                "a = anndata.AnnData(X=np.zeros((len(d), 3)), obs=obs)",
                "a.obsm['x'] = d[['x1', 'x2']].to_numpy()",
                "a.write_h5ad(sys.argv[2])");
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", py, csv.toString(), h5ad.toString())
                .redirectErrorStream(true).start();
        String pyOut = new String(p.getInputStream().readAllBytes());
        org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0, "no AnnData in /usr/bin/python3: " + pyOut);
        // obsm key 'x' gives the features x1, x2: the model's, so the numbers must be those of the CSV
        JsonObject plain = evaluate("--data", csv.toString());
        assertEquals(plain.get("ode"), evaluate("--data", h5ad.toString(), "--embedding", "x").get("ode"));
        Path sim = dir.resolve("sim-h5ad.csv");
        Result s = run("simulate", "--model", fit.toString(), "--data", h5ad.toString(), "--embedding", "x",
                "--mode", "ode", "--times", "1", "--out", sim.toString());
        assertEquals(0, s.code(), s.err());
        // X (3 variables var1…) is not what the model was fitted on
        assertOneLine(run("evaluate", "--model", fit.toString(), "--data", h5ad.toString()), "x1, x2");
        for (String cmd : new String[] {"fit", "evaluate", "simulate", "info"}) {
            Result h = run(cmd, "--help");
            assertTrue(h.out().contains("--embedding") && h.out().contains("--time-map"), cmd + ": " + h.out());
        }
    }
}
