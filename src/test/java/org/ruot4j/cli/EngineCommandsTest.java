package org.ruot4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ruot4j.cli.CliRun.run;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ruot4j.cli.CliRun.Result;

/** fit / evaluate / simulate end to end on a tiny CSV, and their error messages. */
class EngineCommandsTest {
    @TempDir
    Path dir;

    private Path tinyCsv() throws Exception {
        return CliRun.tinyCsv(dir);
    }

    private Path tinyConfig() throws Exception {
        Path c = dir.resolve("tiny.conf");
        Files.writeString(c, "preset = quick\n" + org.ruot4j.train.TinyFitsAccess.TINY);
        return c;
    }

    @Test
    void fitWritesModelMetricsAndHistoryThenEvaluateAndSimulate() throws Exception {
        Path csv = tinyCsv();
        Path out = dir.resolve("fit");
        Result r = run("fit", "--data", csv.toString(), "--config", tinyConfig().toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonObject m = JsonParser.parseString(Files.readString(out.resolve("metrics.json"))).getAsJsonObject();
        for (String k : new String[] {"dataset", "dim", "times", "sigma", "ode", "sde", "seconds"}) {
            assertTrue(m.has(k), k);
        }
        assertTrue(m.getAsJsonObject("ode").getAsJsonArray("w1").get(0).isJsonNull());
        assertEquals(3, m.getAsJsonObject("sde").getAsJsonArray("tmv").size());
        for (String k : new String[] {"pretrain", "score", "train", "total"}) {
            assertTrue(m.getAsJsonObject("seconds").get(k).getAsDouble() > 0, k);
        }
        assertTrue(Files.readString(out.resolve("history.csv")).startsWith("stage,epoch,seconds,"));
        assertTrue(Files.exists(out.resolve("model").resolve("config.json")));

        Path metrics2 = dir.resolve("m2.json");
        Result e = run("evaluate", "--model", out.toString(), "--data", csv.toString(), "--mode", "ode", "--out",
                metrics2.toString());
        assertEquals(0, e.code(), e.err());
        JsonObject m2 = JsonParser.parseString(Files.readString(metrics2)).getAsJsonObject();
        assertEquals(m.getAsJsonObject("ode"), m2.getAsJsonObject("ode"), "evaluate reproduces the fit's ODE metrics");

        // W1 at t2 is that of the ODE particles `simulate` writes, recomputed here against the t2 cells
        Path ode = dir.resolve("ode.csv");
        assertEquals(0, run("simulate", "--model", out.toString(), "--data", csv.toString(), "--mode", "ode",
                "--times", "2", "--out", ode.toString()).code());
        double w1 = m.getAsJsonObject("ode").getAsJsonArray("w1").get(2).getAsDouble();
        assertEquals(recomputedW1(ode, csv, 2), w1, 1e-5 * w1);
        assertTrue(w1 > 0 && Double.isFinite(w1), "two different clouds are apart: " + w1);

        Path sim = dir.resolve("sim.csv");
        Result s = run("simulate", "--model", out.toString(), "--data", csv.toString(), "--mode", "branching",
                "--times", "1,2", "--cells", "20", "--out", sim.toString());
        assertEquals(0, s.code(), s.err());
        String[] lines = Files.readString(sim).split("\n");
        assertEquals("time,particle,weight,x1,x2", lines[0]);
        assertTrue(lines.length > 20);
    }

    /** W1 between the weighted particles of a simulation CSV and the cells of {@code data} at time t. */
    private static double recomputedW1(Path simulation, Path data, double t) throws Exception {
        java.util.List<double[]> x = new java.util.ArrayList<>();
        java.util.List<Double> w = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(simulation).subList(1, Files.readAllLines(simulation).size())) {
            String[] c = line.split(",");
            w.add(Double.parseDouble(c[2]));
            x.add(new double[] {Double.parseDouble(c[3]), Double.parseDouble(c[4])});
        }
        java.util.List<double[]> y = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(data).subList(1, Files.readAllLines(data).size())) {
            String[] c = line.split(",");
            if (Double.parseDouble(c[0]) == t) {
                y.add(new double[] {Double.parseDouble(c[1]), Double.parseDouble(c[2])});
            }
        }
        double[] xf = x.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
        double[] yf = y.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
        return org.ruot4j.ot.Metrics.w1(xf, w.stream().mapToDouble(Double::doubleValue).toArray(), w.size(), yf,
                y.size(), 2);
    }

    @Test
    void badInputsAreOneLineErrors() throws Exception {
        Path csv = tinyCsv();
        Result p = run("fit", "--data", csv.toString(), "--preset", "nope", "--out", dir.resolve("o").toString());
        assertEquals(1, p.code());
        assertTrue(p.err().contains("unknown preset 'nope'") && p.err().contains("hematopoiesis"), p.err());
        assertEquals(1, p.err().strip().split("\n").length, p.err());

        Result s = run("fit", "--data", csv.toString(), "--sigma", "0", "--out", dir.resolve("o").toString());
        assertEquals(1, s.code());
        assertTrue(s.err().contains("sigma must be a positive number"), s.err());

        Result m = run("evaluate", "--model", dir.resolve("missing").toString(), "--data", csv.toString());
        assertEquals(1, m.code());
        assertTrue(m.err().contains("not a ruot4j model directory"), m.err());
    }
}
