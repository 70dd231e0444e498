package org.ruot4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void loadConfigAndStatusActOnTheSession() throws Exception {
        Path csv = dir.resolve("small.csv");
        JupyterSupport.writeSmallCsv(csv);
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
        assertEquals(csv.toString(), assertInstanceOf(XYChart.class, shown.get(shown.size() - 1)).getTitle());
    }

    @Test
    void mistakesAreOneLineRuotExceptions() {
        assertEquals("%ruot: unknown command 'frobnicate'; %ruot help lists them",
                assertThrows(RuotException.class, () -> line("frobnicate")).getMessage());
        assertEquals("%ruot load: expected 1 argument, got 0 (%ruot help shows the usage)",
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
}
