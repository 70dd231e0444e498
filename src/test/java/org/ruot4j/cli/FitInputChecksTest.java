package org.ruot4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ruot4j.cli.CliRun.run;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ruot4j.OutputCheck;
import org.ruot4j.RuotException;
import org.ruot4j.cli.CliRun.Result;

/** What `fit` refuses before it trains: a config key given twice, a width of 0, an output disk without room. */
class FitInputChecksTest {
    @TempDir
    Path dir;

    private Result fitWithConfig(String text) throws Exception {
        Path c = dir.resolve("c.conf");
        Files.writeString(c, text);
        return run("fit", "--data", CliRun.tinyCsv(dir).toString(), "--config", c.toString(), "--out",
                dir.resolve("out").toString());
    }

    private static String oneLine(Result r) {
        assertEquals(1, r.code(), r.err());
        String e = r.err().strip();
        assertEquals(1, e.lines().count(), e);
        return e;
    }

    @Test
    void aKeyGivenTwiceIsRefusedNamingBothLines() throws Exception {
        String e = oneLine(fitWithConfig("preset = quick\nwidth = 16\n# comment\nsigma = 0.1\nwidth = 32\n"));
        assertTrue(e.contains("config line 5: key 'width' is given twice (first on line 2)"), e);
        e = oneLine(fitWithConfig("preset = quick\npreset = emt\n"));
        assertTrue(e.contains("config line 2: key 'preset' is given twice"), e);
        assertFalse(Files.exists(dir.resolve("out").resolve("model")));
    }

    @Test
    void aWidthOfZeroNamesTheKey() throws Exception {
        for (String key : new String[] {"width", "growth_width", "score_width"}) {
            String e = oneLine(fitWithConfig("preset = quick\n" + key + " = 0\n"));
            assertTrue(e.contains("config line 2: config key '" + key + "' must be >= 1"), e);
        }
    }

    @Test
    void anOutputDirectoryWithoutRoomIsFoundBeforeTraining() throws Exception {
        Path out = dir.resolve("new").resolve("out");
        OutputCheck.requireWritable(out); // room here: creates the directory, leaves no probe behind
        assertTrue(Files.isDirectory(out));
        try (var s = Files.list(out)) {
            assertEquals(0, s.count());
        }
        RuotException e = assertThrows(RuotException.class, () -> OutputCheck.requireWritable(out, Long.MAX_VALUE));
        assertTrue(e.getMessage().startsWith(out + ": only ") && e.getMessage().contains("checked before training"),
                e.getMessage());
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        e = assertThrows(RuotException.class, () -> OutputCheck.requireWritable(file.resolve("out")));
        assertTrue(e.getMessage().contains("cannot write the outputs here"), e.getMessage());
    }
}
