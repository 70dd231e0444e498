package org.ruot4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ruot4j.RuotException;

/** The output-directory lock across separate JVMs, after a holder is killed, and with stale lock files. */
class OutputLockTest {
    @TempDir
    Path dir;

    private Process start(String mode) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                OutputLockProcess.class.getName(), mode, dir.toString()).redirectErrorStream(true).start();
    }

    /** Runs a "try" process to its end: its exit code and its one line of output. */
    private String[] tryOnce() throws Exception {
        Process p = start("try");
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "lock attempt did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return new String[] {Integer.toString(p.exitValue()), out};
    }

    private Process hold() throws Exception {
        Process holder = start("hold");
        BufferedReader r = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("locked " + holder.pid(), r.readLine());
        return holder;
    }

    @Test
    void aSecondProcessFailsWhileTheFirstHoldsTheDirectory() throws Exception {
        Process holder = hold();
        try {
            String[] second = tryOnce();
            assertEquals("3", second[0], second[1]);
            assertFalse(second[1].contains("\n"), second[1]);
            assertTrue(second[1].contains("in use by another fit (PID " + holder.pid() + " on host "), second[1]);
            RuotException here = assertThrows(RuotException.class, () -> OutputLock.acquire(dir));
            assertTrue(here.getMessage().contains("PID " + holder.pid()), here.getMessage());
        } finally {
            holder.getOutputStream().write('\n');
            holder.getOutputStream().flush();
            assertTrue(holder.waitFor(60, TimeUnit.SECONDS));
        }
        assertEquals(0, holder.exitValue());
        String[] after = tryOnce();
        assertEquals("0", after[0], after[1]); // released: the next fit gets the directory
        assertEquals("", Files.readString(dir.resolve(OutputLock.FILE_NAME)), "a released lock file is empty");
    }

    @Test
    void theLockOfAKilledHolderIsTakenOver() throws Exception {
        Process holder = hold();
        long pid = holder.pid();
        holder.destroyForcibly(); // SIGKILL: no chance to release; the OS drops its file lock
        assertTrue(holder.waitFor(60, TimeUnit.SECONDS));
        assertTrue(Files.readString(dir.resolve(OutputLock.FILE_NAME)).contains("pid=" + pid));
        try (OutputLock lock = OutputLock.acquire(dir)) {
            assertTrue(lock.tookOverFrom().startsWith("PID " + pid + " on host "), lock.tookOverFrom());
            assertTrue(Files.readString(lock.file()).startsWith("pid=" + ProcessHandle.current().pid() + "\n"));
        }
    }

    @Test
    void aStaleLockFileOfADeadProcessIsTakenOverAndOneOfALiveProcessIsRespected() throws Exception {
        Process done = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).start();
        done.getInputStream().readAllBytes();
        assertTrue(done.waitFor(60, TimeUnit.SECONDS));
        long dead = done.pid();
        assertFalse(ProcessHandle.of(dead).map(ProcessHandle::isAlive).orElse(false));
        Path file = dir.resolve(OutputLock.FILE_NAME);
        Files.writeString(file, "pid=" + dead + "\nhost=" + OutputLock.hostName() + "\nstarted=2020-01-01T00:00:00Z\n");
        try (OutputLock lock = OutputLock.acquire(dir)) {
            assertEquals("PID " + dead + " on host " + OutputLock.hostName() + " since 2020-01-01T00:00:00Z",
                    lock.tookOverFrom());
        }
        try (OutputLock lock = OutputLock.acquire(dir)) {
            assertNull(lock.tookOverFrom(), "a released lock is not stale");
        }
        // a file system without shared OS locks: the written PID of a live process on this host still counts
        long live = ProcessHandle.current().parent().orElseThrow().pid();
        Files.writeString(file, "pid=" + live + "\nhost=" + OutputLock.hostName() + "\nstarted=2020-01-01T00:00:00Z\n");
        RuotException e = assertThrows(RuotException.class, () -> OutputLock.acquire(dir));
        assertTrue(e.getMessage().contains("in use by another fit (PID " + live + " on host "), e.getMessage());
        // the same PID on another host cannot be checked; holding the OS lock, we take over
        Files.writeString(file, "pid=" + live + "\nhost=elsewhere.invalid\nstarted=2020-01-01T00:00:00Z\n");
        try (OutputLock lock = OutputLock.acquire(dir)) {
            assertTrue(lock.tookOverFrom().contains("elsewhere.invalid"));
        }
    }
}
