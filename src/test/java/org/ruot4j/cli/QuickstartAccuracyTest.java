package org.ruot4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ruot4j.Session;
import org.ruot4j.data.Snapshots;
import org.ruot4j.data.synthetic.SyntheticDataset;
import org.ruot4j.train.FateGrowthCheck;
import org.ruot4j.train.MetricsReport;

/**
 * The quickstart's promise (issue 12): after the {@code quick} preset on the quickstart's toggle-switch data, the
 * learned growth rate has the true sign at ≥ 85% of the cells of EACH fate at the last time (per fate, not pooled: a
 * constant g &gt; 0 scores about 90% pooled and 0% on the declining fate) and the ODE mass is right at every time
 * (TMV ≤ 0.05); and hold-out mode trains without t_K yet reports the accuracy at t_K.
 */
class QuickstartAccuracyTest {

    @Test
    void quickScheduleRecoversBothFatesAndTheMass() {
        SyntheticDataset ds = QuickstartCommand.data(1);
        try (Session s = Session.create().preset("quick").device("cpu").seed(1)) {
            s.load(ds.snapshots());
            s.fit();
            FateGrowthCheck.Result g = FateGrowthCheck.compare(s.model(), ds.snapshots(), ds.truth());
            MetricsReport.Series ode = s.evaluate().ode();
            StringBuilder all = new StringBuilder(g.summary());
            for (int k = 1; k < ode.tmv().length; k++) {
                all.append(String.format(java.util.Locale.ROOT, "; t%d W1 %.3f TMV %.3f", k, ode.w1()[k], ode.tmv()[k]));
            }
            assertEquals(2, g.cells().length);
            for (int f = 0; f < 2; f++) {
                assertTrue(g.cells()[f] > 0, "no cells of fate " + (f + 1) + ": " + all);
                assertTrue(g.accuracy()[f] >= 0.85, "fate " + (f + 1) + " growth sign below 85%: " + all);
            }
            for (int k = 1; k < ode.tmv().length; k++) {
                assertTrue(ode.tmv()[k] <= 0.05, "ODE TMV at t" + k + " above 0.05: " + all);
            }
        }
    }

    @Test
    void holdOutTrainsWithoutTheTimeAndEvaluatesThere(@TempDir Path dir) throws Exception {
        Snapshots data = QuickstartCommand.data(3).snapshots().subsample(120, 3);
        Path csv = dir.resolve("toggle.csv");
        StringBuilder sb = new StringBuilder("samples,x1,x2\n");
        for (int k = 0; k < data.numTimes(); k++) {
            for (int i = 0; i < data.count(k); i++) {
                sb.append(data.time(k)).append(',').append(data.get(k, i, 0)).append(',').append(data.get(k, i, 1))
                        .append('\n');
            }
        }
        Files.writeString(csv, sb.toString());
        Path config = dir.resolve("tiny.conf");
        Files.writeString(config, "width = 16\ndepth = 1\ngrowth_width = 16\ngrowth_depth = 1\nscore_width = 16\n"
                + "score_depth = 1\nstep = 0.1\neval.step = 0.1\npretrain.epochs = 2\npretrain.refine_epochs = 1\n"
                + "score.iterations = 20\ntrain.epochs = 1\ntrain.step = 0.1\n");
        Path out = dir.resolve("run");
        int code = Main.run("fit", "--data", csv.toString(), "--config", config.toString(), "--hold-out", "2",
                "--out", out.toString());
        assertEquals(0, code, "fit --hold-out 2 must succeed");
        JsonObject m = JsonParser.parseString(Files.readString(out.resolve("metrics.json"))).getAsJsonObject();
        JsonArray times = m.getAsJsonArray("times");
        assertEquals(5, times.size(), "metrics cover every time of the data, the held-out one included");
        JsonArray w1 = m.getAsJsonObject("ode").getAsJsonArray("w1");
        assertTrue(w1.get(0).isJsonNull());
        assertTrue(w1.get(2).isJsonPrimitive() && Double.isFinite(w1.get(2).getAsDouble()),
                "W1 at the held-out time must be reported: " + w1);

        // the same through the Java API: the session reports the hold-out and evaluates all five times
        try (Session s = Session.create().config(Files.readString(config)).load(data)) {
            s.holdOut(2);
            assertTrue(s.status().toString().contains("holding out t index 2"), s.status().toString());
            s.pretrain();
            MetricsReport r = s.evaluate();
            assertNotNull(r.ode().w1());
            assertEquals(5, r.times().length);
            assertTrue(Double.isFinite(r.ode().w1()[2]));

            // the same numbers as Tablesaw frames, for notebooks
            tech.tablesaw.api.Table frame = r.toFrame();
            assertEquals(4, frame.rowCount());
            for (int k = 1; k < 5; k++) {
                assertEquals(r.times()[k], frame.doubleColumn("time").get(k - 1));
                assertEquals(r.ode().w1()[k], frame.doubleColumn("ode_w1").get(k - 1));
                assertEquals(r.sde().tmv()[k], frame.doubleColumn("sde_tmv").get(k - 1));
            }
            org.ruot4j.train.Simulation sim = s.simulate("ode", new double[] {0, 1.5}, 30);
            tech.tablesaw.api.Table paths = sim.toFrame();
            assertEquals(sim.count(0) + sim.count(1), paths.rowCount());
            assertEquals(java.util.List.of("time", "particle", "weight", "x1", "x2"), paths.columnNames());
            double mass = 0;
            for (int i = 0; i < paths.rowCount(); i++) {
                if (paths.doubleColumn("time").get(i) == 1.5) {
                    mass += paths.doubleColumn("weight").get(i);
                }
            }
            assertEquals(sim.mass(1), mass, 1e-9);
        }
    }
}
