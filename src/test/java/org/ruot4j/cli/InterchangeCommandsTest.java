package org.ruot4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ruot4j.Session;
import org.ruot4j.analysis.Fields;
import org.ruot4j.data.ReadOptions;
import org.ruot4j.data.SnapshotReaders;
import org.ruot4j.data.Snapshots;

/**
 * {@code import-deepruot} and {@code export} through the CLI. The published DeepRUOT model (../shared/reference),
 * imported by the command, must give the published W1 by {@code evaluate}; {@code export} must write an .h5ad that
 * Debian's anndata reads, whose per-cell values are the model's fields at each cell, named and joinable by the
 * input's obs_names.
 */
class InterchangeCommandsTest {
    static final Path REF = Path.of("..", "shared", "reference");
    static final Path DATA = Path.of("..", "shared", "data", "simulation_gene.csv");
    static final String PYTHON = "/usr/bin/python3";
    /**
     * The networks run in float32: one cell evaluated alone and the same cell inside the export's batch differ by
     * rounding (~1e-7 here); a wrong cell, time or field differs by far more.
     */
    static final double TOL = 2e-6;

    @TempDir
    Path dir;

    static void needReference() {
        assumeTrue(Files.isRegularFile(REF.resolve("simulation_sigma_005_fnet.pt")) && Files.isRegularFile(DATA),
                "skipped: ../shared/reference or ../shared/data is absent");
    }

    Path importReference() {
        Path model = dir.resolve("deepruot-model");
        CliRun.Result r = CliRun.run("import-deepruot", "--fnet", REF.resolve("simulation_sigma_005_fnet.pt").toString(),
                "--score", REF.resolve("simulation_sigma_005_score.pt").toString(), "--dim", "2", "--sigma", "0.05",
                "--out", model.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("D = 2") && r.out().contains("v 128x3"), r.out());
        return model;
    }

    @Test
    void importedReferenceModelGivesThePublishedW1ThroughEvaluateAndWorksWithSimulateAndRestore() throws Exception {
        needReference();
        Path model = importReference();
        Path metrics = dir.resolve("metrics.json");
        CliRun.Result r = CliRun.run("evaluate", "--model", model.toString(), "--data", DATA.toString(), "--mode", "ode",
                "--out", metrics.toString());
        assertEquals(0, r.code(), r.err());
        JsonArray w1 = JsonParser.parseString(Files.readString(metrics)).getAsJsonObject().getAsJsonObject("ode")
                .getAsJsonArray("w1");
        double[] published = {Double.NaN, 0.051, 0.086, 0.123, 0.145}; // DeepRUOT's W1 on simulation_gene
        for (int k = 1; k < 5; k++) {
            assertEquals(published[k], w1.get(k).getAsDouble(), 0.002, "ODE W1 at t" + k);
        }
        Path paths = dir.resolve("paths.csv");
        r = CliRun.run("simulate", "--model", model.toString(), "--data", DATA.toString(), "--mode", "sde", "--times",
                "0,1", "--cells", "40", "--out", paths.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.size(paths) > 100);
        try (Session s = Session.create()) {
            s.restore(model);
            assertEquals(2, s.model().dim());
            assertTrue(s.model().hasGrowth() && s.model().hasScore());
            assertEquals(0.05, s.model().sigma(), 0);
        }
    }

    @Test
    void importWithTheWrongDimensionIsOneLineAndWritesNothing() {
        needReference();
        Path model = dir.resolve("m");
        CliRun.Result r = CliRun.run("import-deepruot", "--fnet", REF.resolve("simulation_sigma_005_fnet.pt").toString(),
                "--score", REF.resolve("simulation_sigma_005_score.pt").toString(), "--dim", "3", "--out", model.toString());
        assertEquals(1, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("D = 2") && r.err().contains("D = 3"), r.err());
        assertFalse(Files.exists(model));
    }

    static boolean pythonHasAnndata() throws Exception {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return false;
        }
        Process p = new ProcessBuilder(PYTHON, "-c", "import anndata").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    static String python(String script, String... args) throws Exception {
        Path s = Path.of(InterchangeCommandsTest.class.getResource(script).toURI());
        List<String> cmd = new java.util.ArrayList<>(List.of(PYTHON, s.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), script + " timed out");
        assertEquals(0, p.exitValue(), script + " failed:\n" + out);
        return out;
    }

    static double[] doubles(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = a.get(i).getAsDouble();
        }
        return d;
    }

    @Test
    void exportWritesAnAnnDataFileWithTheModelsFieldsPerNamedCell() throws Exception {
        needReference();
        Path model = importReference();
        boolean anndata = pythonHasAnndata();
        Path input = DATA;
        if (anndata) { // an .h5ad input with its own cell names, shuffled rows and a categorical time
            input = dir.resolve("named.h5ad");
            python("make_named_h5ad.py", DATA.toString(), input.toString());
        }
        Path result = dir.resolve("out").resolve("result.h5ad");
        CliRun.Result r = CliRun.run("export", "--model", model.toString(), "--data", input.toString(), "--out",
                result.toString(), "--paths", "4");
        assertEquals(0, r.code(), r.err());
        try (Stream<Path> files = Files.list(result.getParent())) {
            assertEquals(List.of(result), files.toList(), "only the result, no temporary file");
        }
        Snapshots data = SnapshotReaders.read(input);
        // our own reader reads the export back: the same cells by time (X = the coordinates, obs 'time')
        Snapshots back = SnapshotReaders.read(result, ReadOptions.defaults().withTimeColumn("time"));
        assertArrayEquals(data.times(), back.times());
        for (int k = 0; k < data.numTimes(); k++) {
            assertArrayEquals(data.flat(k), back.flat(k), 0, "cells at t" + k);
        }
        assumeTrue(anndata, "anndata part skipped: " + PYTHON + " lacks anndata (apt-get install python3-anndata)");
        Path json = dir.resolve("read.json");
        python("read_export.py", result.toString(), input.toString(), json.toString());
        JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        int n = data.totalCount();
        assertEquals(n, o.get("n_obs").getAsInt());
        assertEquals(List.of("x1", "x2"), List.of(o.getAsJsonArray("var_names").get(0).getAsString(),
                o.getAsJsonArray("var_names").get(1).getAsString()));
        Set<String> names = new HashSet<>();
        o.getAsJsonArray("obs_names").forEach(e -> names.add(e.getAsString()));
        assertEquals(n, names.size());
        assertTrue(names.stream().allMatch(s -> s.matches("zelle-\\d{4}-é")), "the input's cell names: " + names);
        assertEquals(0.05, o.get("sigma").getAsDouble(), 0);
        assertEquals("0.05", o.get("config_sigma").getAsString());
        try (Session s = Session.create()) {
            s.restore(model);
            s.load(data);
            Fields f = Fields.of(s.model());
            double[] w1 = s.evaluate().ode().w1();
            double[] fileW1 = new double[w1.length];
            for (int k = 1; k < w1.length; k++) {
                fileW1[k] = o.getAsJsonArray("ode_w1").get(k).getAsDouble();
            }
            assertTrue(o.getAsJsonArray("ode_w1").get(0).isJsonNull(), "no W1 at t0");
            assertArrayEquals(java.util.Arrays.copyOfRange(w1, 1, w1.length),
                    java.util.Arrays.copyOfRange(fileW1, 1, w1.length), 1e-12, "uns metrics = evaluate()");
            JsonArray x = o.getAsJsonArray("X");
            int fates = o.getAsJsonArray("fate_names").size();
            assertEquals(2, fates);
            for (int i = 0; i < n; i++) {
                double t = o.getAsJsonArray("time").get(i).getAsDouble();
                double[][] xi = {doubles(x.get(i))};
                assertArrayEquals(xi[0], doubles(o.getAsJsonArray("coordinates").get(i)), 0);
                assertEquals(f.growth(t, xi)[0], o.getAsJsonArray("growth").get(i).getAsDouble(), TOL, "g of cell " + i);
                assertArrayEquals(f.velocity(t, xi)[0], doubles(o.getAsJsonArray("velocity").get(i)), TOL);
                assertArrayEquals(f.sdeDrift(t, xi)[0], doubles(o.getAsJsonArray("drift").get(i)), TOL);
                double[] p = doubles(o.getAsJsonArray("fate_probability").get(i));
                double sum = 0;
                int best = 0;
                for (int q = 0; q < p.length; q++) {
                    assertTrue(p[q] >= 0 && p[q] <= 1, "probability in [0, 1]");
                    sum += p[q];
                    best = p[q] > p[best] ? q : best;
                }
                assertEquals(1, sum, 1e-9, "fate probabilities of cell " + i + " sum to 1");
                assertEquals(o.getAsJsonArray("fate_names").get(best).getAsString(), o.getAsJsonArray("fate").get(i)
                        .getAsString(), "most likely fate");
                if (t == data.time(data.numTimes() - 1)) {
                    assertEquals(1.0, p[best], 0, "a last-time cell is in its own fate");
                }
            }
            // the join onto the input AnnData: every cell of the input gets the values at its own X and time
            JsonObject j = o.getAsJsonObject("joined");
            JsonArray jx = j.getAsJsonArray("X");
            for (int i = 0; i < n; i++) {
                double t = j.getAsJsonArray("samples").get(i).getAsDouble();
                double[][] xi = {doubles(jx.get(i))};
                assertEquals(f.growth(t, xi)[0], j.getAsJsonArray("growth").get(i).getAsDouble(), TOL, "joined g");
                assertArrayEquals(f.velocity(t, xi)[0], doubles(j.getAsJsonArray("velocity").get(i)), TOL);
            }
        }
    }
}
