package org.ruot4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;

/** Shared test helpers: the data of ../shared/data, generated tables, exact comparison of snapshots. */
final class TestData {
    static final Path SHARED = Path.of("..", "shared", "data");

    private TestData() {
    }

    /** A file of ../shared/data; the test is skipped, with the reason, when it is absent. */
    static Path shared(String name) {
        Path p = SHARED.resolve(name);
        Assumptions.assumeTrue(Files.isRegularFile(p), "skipped: " + p.toAbsolutePath()
                + " is absent (../shared/data holds the DeepRUOT CSVs for developers and CI)");
        return p;
    }

    /** Writes a samples,x1..xD CSV with real-valued times 0, 0.5, 1.25, rows interleaved in time. */
    static Path generatedCsv(Path dir, int perTime, int d, long seed) throws IOException {
        Random r = new Random(seed);
        double[] times = {0.0, 0.5, 1.25};
        StringBuilder sb = new StringBuilder("samples");
        for (int j = 1; j <= d; j++) {
            sb.append(",x").append(j);
        }
        sb.append('\n');
        for (int i = 0; i < perTime * times.length; i++) {
            double t = times[i % times.length];
            sb.append(t);
            for (int j = 0; j < d; j++) {
                sb.append(',').append(r.nextGaussian() * (j + 1) + t);
            }
            sb.append('\n');
        }
        Path p = dir.resolve("generated.csv");
        Files.writeString(p, sb.toString());
        return p;
    }

    static Path write(Path dir, String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    /** Same times, counts, features, relative masses and bit-identical matrices. */
    static void assertIdentical(Snapshots expected, Snapshots actual) {
        assertArrayEquals(expected.times(), actual.times(), 0.0, "times");
        assertArrayEquals(expected.counts(), actual.counts(), "counts");
        assertEquals(expected.features(), actual.features(), "features");
        assertArrayEquals(expected.relativeMasses(), actual.relativeMasses(), 0.0, "relative masses");
        for (int k = 0; k < expected.numTimes(); k++) {
            assertArrayEquals(expected.flat(k), actual.flat(k), 0.0,
                    String.format(Locale.ROOT, "cells at t=%s", expected.time(k)));
        }
    }
}
