package org.ruot4j.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.ruot4j.RuotException;
import org.ruot4j.Session;
import org.ruot4j.data.Snapshots;
import org.ruot4j.train.TrainingConfig;

/** The %ruot commands on a session, without Jupyter: what they change and what they show. */
class RuotMagicsTest {
    @TempDir
    Path dir;
    private final Session session = Session.create();
    private final List<Object> shown = new ArrayList<>();
    private final RuotMagics magics = new RuotMagics(session, shown::add);

    @AfterEach
    void close() {
        session.close();
    }

    private void line(String text) {
        magics.line(CellParser.words(text));
    }

    /** JupyterSupport's small three-time data set, written into the test's directory. */
    private Path smallCsv() throws java.io.IOException {
        Path csv = dir.resolve("small.csv");
        JupyterSupport.writeSmallCsv(csv);
        return csv;
    }

    /** Loads {@link #smallCsv} with the quick preset shrunk to a fit of seconds. */
    private void loadSmallDataForATinyFit() throws java.io.IOException {
        line("load " + smallCsv());
        session.preset("quick").config(org.ruot4j.train.TinyFitsAccess.TINY);
    }

    @Test
    void loadConfigAndStatusActOnTheSession() throws Exception {
        Path csv = smallCsv();
        line("load " + csv + " --features x2,x1");
        Snapshots s = assertInstanceOf(Snapshots.class, shown.get(0));
        assertSame(session.data(), s);
        assertEquals(List.of("x2", "x1"), s.features());
        line("preset quick");
        assertEquals("quick", session.config().presetName());
        line("config pretrain.epochs=7 seed=5");
        assertEquals("7", session.config().get("pretrain.epochs"));
        assertEquals("5", session.config().get("seed"));
        line("config score.lr = 0.002");
        assertEquals(0.002, session.config().getDouble("score.lr"));
        magics.cell(List.of("config"), "sigma = 0.2\n# a comment\ntrain.epochs = 2");
        assertEquals(0.2, session.config().sigma());
        assertInstanceOf(TrainingConfig.class, shown.get(shown.size() - 1));
        line("status");
        Session.Status st = assertInstanceOf(Session.Status.class, shown.get(shown.size() - 1));
        assertTrue(st.data().contains("small.csv"), st.data());
        line("plot data");
        // plot.Figures' snapshot chart, titled with the data's source
        assertEquals("Cells by time — " + csv, assertInstanceOf(XYChart.class, shown.get(shown.size() - 1)).getTitle());
    }

    @Test
    void mistakesAreOneLineRuotExceptions() {
        assertEquals("%ruot: unknown command 'frobnicate'; %ruot help lists them",
                assertThrows(RuotException.class, () -> line("frobnicate")).getMessage());
        assertEquals("%ruot load: expected 1 argument, got 0 (usage: %ruot load PATH|DATASET [--time-column C] "
                + "[--features a,b,…])",
                assertThrows(RuotException.class, () -> line("load")).getMessage());
        assertEquals("%ruot eval: unknown option --bogus; expected one of --out",
                assertThrows(RuotException.class, () -> line("eval --bogus 1")).getMessage());
        assertEquals("%ruot sigma: expected a number, got 'abc'",
                assertThrows(RuotException.class, () -> line("sigma abc")).getMessage());
        assertTrue(assertThrows(RuotException.class, () -> line("pretrain")).getMessage().contains("no data loaded"));
        assertThrows(RuotException.class, () -> magics.cell(List.of("train"), ""));
        assertThrows(RuotException.class, () -> line("plot data"));
    }

    @Test
    void helpListsEveryCommandOfDesignSection53() {
        line("help");
        String help = (String) shown.get(0);
        for (String cmd : List.of("load", "config", "pretrain", "score", "train", "eval", "simulate", "plot", "save",
                "restore", "device", "status")) {
            assertTrue(help.contains("%ruot " + cmd) || help.contains("| " + cmd) || help.contains(" " + cmd + " "),
                    cmd + " missing from help");
        }
        assertTrue(help.contains("%%ruot config"));
    }

    @Test
    void helpArgumentChecksAndCompletionComeFromTheOneCommandTable() {
        line("help");
        String help = (String) shown.get(0);
        for (MagicCommand c : RuotMagics.COMMANDS) {
            assertTrue(help.lines().anyMatch(l -> l.strip().startsWith(c.synopsis())) && help.contains(c.help()),
                    c.name() + " missing from help");
            for (String o : c.options()) {
                assertTrue(c.synopsis().contains("--" + o), c.name() + ": option --" + o + " not in its usage");
                assertTrue(RuotMagics.complete(c.name() + " --").contains("--" + o), c.name() + " --" + o);
            }
            assertEquals(List.of(c.name()), RuotMagics.complete(c.name()).stream().filter(c.name()::equals).toList());
        }
        assertEquals(List.of("preset", "pretrain"), RuotMagics.complete("pre"));
        assertEquals(List.of("quick"), RuotMagics.complete("preset qu"));
        assertEquals(List.of(), RuotMagics.complete("preset quick "), "preset takes one argument");
        assertEquals(List.of("--out", "--force"), RuotMagics.complete("fit "));
        assertEquals(List.of(), RuotMagics.complete("simulate ode --times "), "an option's value is free text");
        assertEquals(List.of("--cells", "--out"), RuotMagics.complete("simulate ode --times 1,2 --"));
        assertEquals("qu", RuotMagics.partial("preset qu"));
        assertEquals("", RuotMagics.partial("preset "));
        assertEquals("%ruot fit: unknown option --bogus; expected one of --out, --force",
                assertThrows(RuotException.class, () -> line("fit --bogus")).getMessage());
        assertEquals("%ruot restore: expected 1 argument, got 0 (usage: %ruot restore DIR)",
                assertThrows(RuotException.class, () -> line("restore")).getMessage());
    }

    @Test
    void plotHistoryIsTheLossChartOfTheReport() throws Exception {
        loadSmallDataForATinyFit();
        session.pretrain();
        line("simulate ode --times 0,2");
        assertFalse(shown.stream().anyMatch(o -> o.toString().startsWith("warning:")), "t = 2 is observed");
        line("simulate ode --times 0,2,4"); // past the last observed time (2): warned, like `ruot4j simulate`
        assertTrue(shown.get(shown.size() - 2).toString().startsWith("warning: "), shown.toString());
        line("plot history");
        XYChart shownChart = assertInstanceOf(XYChart.class, shown.get(shown.size() - 1));
        XYChart report = org.ruot4j.analysis.Report.lossChart(session.history());
        assertEquals(report.getTitle(), shownChart.getTitle());
        assertEquals(report.getSeriesMap().keySet(), shownChart.getSeriesMap().keySet());
        assertArrayEquals(org.ruot4j.plot.Figures.pngBytes(report, 72), org.ruot4j.plot.Figures.pngBytes(shownChart, 72));
    }

    @Test
    void fitOutWritesTheCliFilesAndRestoreOfThemEvaluatesToTheirMetrics() throws Exception {
        loadSmallDataForATinyFit();
        Path out = dir.resolve("fit");
        line("fit --out " + out);
        assertInstanceOf(org.ruot4j.train.MetricsReport.class, shown.get(shown.size() - 2));
        for (String f : List.of("model/config.json", "metrics.json", "history.csv", "report.html", "fit.json")) {
            assertTrue(java.nio.file.Files.isRegularFile(out.resolve(f)), f);
        }
        assertTrue(assertThrows(RuotException.class, () -> line("fit --out " + out)).getMessage()
                .contains("--force"));
        try (Session fresh = Session.create()) {
            List<Object> seen = new ArrayList<>();
            RuotMagics m = new RuotMagics(fresh, seen::add);
            m.line(CellParser.words("restore " + out)); // the fit directory; the data come from its fit.json
            m.line(CellParser.words("eval"));
            org.ruot4j.train.MetricsReport r = assertInstanceOf(org.ruot4j.train.MetricsReport.class,
                    seen.get(seen.size() - 1));
            assertEquals(java.nio.file.Files.readString(out.resolve("metrics.json")), r.toJson());
        }
    }
}
