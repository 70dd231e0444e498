package org.ruot4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CliFuzz}: random valid and invalid command lines end in a result, a one-line error or a usage error,
 * never a stack trace or a hang. 100 runs here; {@code bench/reliability/cli_fuzz.sh} runs 1,000
 * ({@code -Druot4j.cliFuzz.runs=N}, {@code -Druot4j.cliFuzz.seed=S}).
 */
class CliFuzzTest {
    @TempDir
    Path dir;

    @Test
    void randomCommandLinesNeverCrashOrHang() throws Exception {
        int runs = Integer.getInteger("ruot4j.cliFuzz.runs", 100);
        long seed = Long.getLong("ruot4j.cliFuzz.seed", 20261202L);
        CliFuzz f = new CliFuzz(dir, seed);
        long start = System.nanoTime();
        f.sweep(runs);
        System.out.println("cli fuzz: seed " + seed + ", " + f.report() + String.format(java.util.Locale.ROOT,
                "; %.0f s", (System.nanoTime() - start) / 1e9));
        assertEquals(runs, f.runs);
        assertTrue(f.failures.isEmpty(), f.report());
        // all outcomes must occur, or the sweep does not test what it claims
        assertTrue(f.ok > 0 && f.errors > 0 && f.usage > 0 && f.fits > 0, f.report());
    }
}
