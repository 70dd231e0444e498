package org.ruot4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 7, kernel: 50 consecutive stage runs ({@code %ruot pretrain}, {@code score}, {@code train} in turn, tiny
 * networks) in one kernel
 * started by jupyter_client (src/test/resources/kernel/stage_memory.py) with the kernelspec's JVM options. The
 * kernel's resident memory after run 50 must be within 100 MB of run 5; the model's NDManager tree must hold the
 * same number of native arrays after every run from run 3 on (each stage's per-step tensors and its optimizer's
 * buffers freed when it ends); closing the trainer frees its tensors, leaving after run 50 what it left after
 * run 3. (A cell throwing OutOfMemoryError is checked by KernelProtocolTest.)
 */
class KernelMemoryTest extends JupyterTests {
    private static final int RUNS = 50;
    private static final long LIMIT_KB = 100 * 1024;
    private static final Pattern RUN = Pattern.compile("(?m)^run (\\d+) rss_kb (\\d+) arrays (\\d+)$");
    private static final Pattern WARM = Pattern.compile("(?m)^warm trainer closed arrays (\\d+)$");
    private static final Pattern CLOSED = Pattern.compile("(?m)^trainer closed arrays (\\d+) parameters (\\d+)$");

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void fiftyStageRunsKeepMemoryFlatAndCloseTheirTensors() throws Exception {
        JupyterSupport.Run run = workspace("stage_memory.py")
                .python("stage_memory.py", Duration.ofMinutes(5), Integer.toString(RUNS));
        assertEquals(0, run.exitCode(), run.output());

        List<long[]> rows = new ArrayList<>(); // run, rss kB, arrays
        Matcher m = RUN.matcher(run.output());
        while (m.find()) {
            rows.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))});
        }
        assertEquals(RUNS, rows.size(), run.output());
        long rss5 = rows.get(4)[1];
        long rss50 = rows.get(RUNS - 1)[1];
        assertTrue(rss50 - rss5 <= LIMIT_KB, "VmRSS grew by " + (rss50 - rss5) / 1024 + " MB from run 5 to run " + RUNS
                + " (limit 100 MB):\n" + run.output());

        // from run 3 on every stage has run once (each network creates its activation constants on first use)
        long arrays = rows.get(2)[2];
        for (long[] r : rows.subList(2, RUNS)) {
            assertEquals(arrays, r[2], "native arrays alive in the model's manager after run " + r[0]
                    + " differ from run 3 (a stage left tensors open):\n" + run.output());
        }
        Matcher warm = WARM.matcher(run.output());
        Matcher closed = CLOSED.matcher(run.output());
        assertTrue(warm.find() && closed.find(), run.output());
        long warmClosed = Long.parseLong(warm.group(1));
        long endClosed = Long.parseLong(closed.group(1));
        long parameters = Long.parseLong(closed.group(2));
        assertEquals(warmClosed, endClosed, "arrays left after closing the trainer grew from run 3 to run " + RUNS
                + " (leaked into the parameters' manager):\n" + run.output());
        assertTrue(endClosed >= parameters && endClosed < arrays, "closing the trainer frees its tensors and keeps "
                + "the parameters:\n" + run.output());
    }
}
