package org.ruot4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ruot4j.RuotException;

/** metrics.json: one model, one writer, one reader, and the file survives a round trip unchanged. */
class MetricsReportTest {
    @TempDir
    Path dir;

    static MetricsReport report() {
        double nan = Double.NaN;
        MetricsReport r = new MetricsReport("two blobs", 2, new double[] {0, 1, 2.5}, 0.05,
                new MetricsReport.Series(new double[] {nan, 0.123456789012345, 0.2}, new double[] {nan, 0.15, 0.26},
                        new double[] {nan, 0.02, 0.05}),
                new MetricsReport.Series(new double[] {nan, 0.1, 0.16}, new double[] {nan, 0.13, 0.2},
                        new double[] {nan, 0.02, nan}));
        return r.validation(new MetricsReport.Series(new double[] {nan, 0.3, 0.4}, new double[] {nan, 0.31, 0.41},
                new double[] {nan, 0.01, 0.02})).seconds("pretrain", 1.23456).seconds("total", 7.5)
                .sampled(new int[] {10, 10, 10}, new int[] {10, 40, 12}, 3);
    }

    @Test
    void readGivesBackWhatWriteWrote() {
        MetricsReport r = report();
        Path file = dir.resolve("metrics.json");
        r.write(file);
        MetricsReport back = MetricsReport.read(file);
        assertEquals(r.toJson(), back.toJson());
        assertArrayEquals(r.ode().w1(), back.ode().w1(), 0.0);
        assertArrayEquals(r.times(), back.times(), 0.0);
        assertEquals(r.samplingNote(), back.samplingNote());
        assertEquals(Map.of("pretrain", 1.235, "total", 7.5), MetricsReport.readSeconds(file));
        assertArrayEquals(r.sde().tmv(), back.series().get("sde").get("tmv"), 0.0);
    }

    @Test
    void readErrorsNameTheField() throws Exception {
        Path file = dir.resolve("metrics.json");
        Files.writeString(file, "{\"times\": [0, 1], \"ode\": {\"w1\": [null, 0.1, 0.2]}}");
        RuotException e = assertThrows(RuotException.class, () -> MetricsReport.read(file));
        assertTrue(e.getMessage().contains("ode.w1") && e.getMessage().contains("expected one per time"), e.getMessage());
        Files.writeString(file, "{\"times\": [0, 1]}");
        e = assertThrows(RuotException.class, () -> MetricsReport.read(file));
        assertTrue(e.getMessage().contains("no values for ode or sde"), e.getMessage());
        Files.writeString(file, "[1, 2]");
        assertThrows(RuotException.class, () -> MetricsReport.readSeconds(file));
        assertEquals(java.util.List.of("ode", "sde", "validation"), new java.util.ArrayList<>(report().series().keySet()));
        assertThrows(RuotException.class, () -> report().ode().get("w3"));
    }
}
