package org.ruot4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Drives the installed kernel with jupyter_client (src/test/resources/kernel/drive_kernel.py): kernel_info,
 * streams, complete, inspect, is_complete, history, errors, OutOfMemoryError, interrupt of a loop and of a
 * training stage, a message with a forged signature, restart and shutdown.
 */
class KernelProtocolTest extends JupyterTests {
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void jupyterClientDriverPassesEveryCheck() throws Exception {
        JupyterSupport.Run run = workspace("drive_kernel.py")
                .python("drive_kernel.py", Duration.ofMinutes(4));
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("all checks passed"), run.output());
        assertTrue(run.output().contains("ok forged message ignored"), run.output());
        assertTrue(run.output().contains("ok interrupt stage"), run.output());
    }
}
